import Foundation
import ReparamLanguage
@preconcurrency import _CNcurses
@preconcurrency import _CReadline

/// The interactive program in a terminal: the ncurses pane with readline's callback
/// interface on the input line.
///
/// readline never touches the terminal here: keys come from ncurses (`rl_getc_function`,
/// `rl_input_available_hook`), the line is drawn by `rl_redisplay_function` into the input
/// row, terminal preparation is a no-op, and a completion list shows over the results until
/// the next key.
/// Ctrl-C is a key in raw mode: at the prompt it drops the line, during an evaluation it
/// becomes the evaluator's `interrupt`. Evaluations run on their own thread while this loop draws
/// their live frames and watches for Ctrl-C and resizes (`LiveEvaluation`, with this pane as its
/// `LiveSurface`).
final class PaneREPL {
    private let evaluator: EvaluatorHost
    private let history: HistoryStore
    /// Pasted transcripts and statements continued over lines (see `InputAssembler`).
    private var input = InputAssembler()
    private var screen: PaneScreen!
    private var capture: OutputCapture!
    /// Keys read but not yet given to readline (typed ahead during an evaluation, or read
    /// early to answer `rl_input_available_hook`).
    private var pendingKeys: [Int32] = []
    /// The screen was resized while an evaluation ran; the evaluator hears of it afterwards.
    private var plotSizeChanged = false

    nonisolated(unsafe) private static var current: PaneREPL?
    nonisolated(unsafe) private static var finishedLine: String??

    private let color: Bool

    init(evaluator: EvaluatorHost, history: HistoryStore, color: Bool) {
        self.evaluator = evaluator
        self.history = history
        self.color = color
    }

    func run() -> Int32 {
        // Our SIGWINCH handler goes in before ncurses starts, so ncurses leaves resizes to us.
        Signals.catchInterruptAndResize()
        TerminalRestorer.saveTerminalState()   // before ncurses changes the modes
        let capture = OutputCapture()
        guard let capture, let screen = PaneScreen(color: color, terminal: capture.terminalDescriptor) else {
            capture?.stop()
            Signals.reset(SIGINT)
            Signals.reset(SIGWINCH)
            Console().write("reparam: cannot start the pane on this terminal; using the plain prompt", to: .error)
            return ReadlineREPL(evaluator: evaluator, history: history).run()
        }
        self.screen = screen
        self.capture = capture
        Self.current = self
        TerminalRestorer.arm(restoreSequence: screen.restoreSequence, terminal: capture.terminalDescriptor)
        TerminalRestorer.onNormalExit = {
            screen.stop()
            capture.stop()
        }
        // SIGINT can only come from outside here (Ctrl-C is a key): treat it like SIGTERM.
        Signals.install(SIGINT) { signal in
            TerminalRestorer.restoreFromSignal()
            Signals.reset(signal)
            raise(signal)
        }
        defer {
            rl_callback_handler_remove()
            TerminalRestorer.restore()
            Signals.reset(SIGINT)
            Signals.reset(SIGWINCH)
            Signals.reset(SIGCONT)
            Self.current = nil
        }

        connectReadline()
        screen.enableBracketedPaste()
        if let warning = history.takeWarning() { screen.append("reparam: " + warning) }
        adoptSize()
        installPrompt()

        while true {
            if pendingResize.exchange(false, ordering: .relaxed) { adoptSize(); redisplay() }
            if pendingContinue.exchange(false, ordering: .relaxed) {   // stopped and continued from outside
                screen.resumeAfterLeaving()
                adoptSize()
                redisplay()
            }
            if showCapturedOutput() { screen.drawAll(); redisplay() }
            let key: Int32
            if !pendingKeys.isEmpty {
                key = pendingKeys.removeFirst()
            } else if let read = screen.readKey(milliseconds: 100) {
                key = read
            } else {
                continue
            }
            if key == KEY_RESIZE { adoptSize(); redisplay(); continue }
            if key > 0xFF { continue }   // ncurses' own key codes; readline wants bytes
            if key == 3 {   // Ctrl-C
                abandonLine()
                continue
            }
            if key == 26 {   // Ctrl-Z: raw mode makes it a key; suspend as the shell expects
                suspend()
                continue
            }
            dismissCandidates()
            pendingKeys.insert(key, at: 0)
            rl_callback_read_char()
            guard let finished = Self.finishedLine else { continue }
            Self.finishedLine = nil
            guard let text = finished else { return 0 }   // Ctrl-D
            if !evaluateAll(text) { return 0 }
            if evaluator.isTurningKnob, !turnKnob(evaluator) { return 0 }
            installPrompt()
        }
    }

    // MARK: readline

    private func connectReadline() {
        ReadlineSetup.configure(completer: evaluator)
        rl_outstream = fopen("/dev/null", "w")
        rl_prep_term_function = { _ in }
        rl_deprep_term_function = { }
        rl_getc_function = { _ in PaneREPL.current?.nextKeyForReadline() ?? EOF }
        rl_input_available_hook = { PaneREPL.current?.keyIsWaiting() == true ? 1 : 0 }
        rl_redisplay_function = { PaneREPL.current?.redisplay() }
        rl_completion_display_matches_hook = { matches, count, _ in
            PaneREPL.current?.listCandidates(matches, count: Int(count))
        }
        // PageUp / PageDown scroll the results; Ctrl-L repaints the whole screen.
        rl_bind_keyseq("\u{1B}[5~") { _, _ in PaneREPL.current?.scrollResults(pages: 1); return 0 }
        rl_bind_keyseq("\u{1B}[6~") { _, _ in PaneREPL.current?.scrollResults(pages: -1); return 0 }
        rl_bind_key(12) { _, _ in PaneREPL.current?.repaint(); return 0 }
    }

    private func installPrompt() {
        rl_callback_handler_install(input.isContinuing ? InputAssembler.continuationPrompt : ReadlineSetup.prompt) { line in
            PaneREPL.finishedLine = .some(line.map { String(cString: $0) })
            free(line)
            rl_callback_handler_remove()
        }
    }

    /// readline asks for the next key: the queue first, else wait for the keyboard.
    private func nextKeyForReadline() -> Int32 {
        if !pendingKeys.isEmpty { return pendingKeys.removeFirst() }
        while true {
            if let key = screen.readKey(milliseconds: 100), key <= 0xFF { return key }
            if pendingResize.exchange(false, ordering: .relaxed) { adoptSize(); redisplay() }
        }
    }

    /// Whether a key follows at once (readline asks to tell a lone Escape from a sequence).
    private func keyIsWaiting() -> Bool {
        if !pendingKeys.isEmpty { return true }
        guard let key = screen.readKey(milliseconds: 20), key <= 0xFF else { return false }
        pendingKeys.append(key)
        return true
    }

    /// Draws readline's prompt and line into the input row.
    private func redisplay() {
        let prompt = rl_display_prompt.map { String(cString: $0) } ?? ReadlineSetup.prompt
        let visiblePrompt = prompt.filter { $0 != "\u{01}" && $0 != "\u{02}" }
        let (text, cursor) = Self.lineAndCursor()
        if screen.isEvaluating {
            screen.drawInput(prompt: "", text: (screen.unicode ? "…" : "...") + " running (Ctrl-C stops)", cursor: 0)
        } else {
            screen.drawInput(prompt: visiblePrompt, text: text, cursor: cursor)
        }
        screen.refresh()
    }

    /// readline's line and the cursor as a character offset (`rl_point` counts bytes).
    private static func lineAndCursor() -> (String, Int) {
        guard let buffer = rl_line_buffer else { return ("", 0) }
        let bytes = UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self)
        let end = max(0, Int(rl_end)), point = min(max(0, Int(rl_point)), end)
        let text = String(decoding: UnsafeBufferPointer(start: bytes, count: end), as: UTF8.self)
        let before = String(decoding: UnsafeBufferPointer(start: bytes, count: point), as: UTF8.self)
        return (text, before.count)
    }

    /// Scrolls the results by half a window per page (so the rows at the seam stay in view).
    private func scrollResults(pages: Int) {
        screen.scroll(by: pages * max(1, screen.layout.scrollbackRows / 2))
        screen.drawAll()
        redisplay()
    }

    private func repaint() {
        screen.repaintEverything()
        screen.drawAll()
        redisplay()
    }

    /// Several completions: list them in columns over the bottom of the results until the next
    /// key, so they never stay in the scrollback.
    private func listCandidates(_ matches: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, count: Int) {
        guard let matches, count > 0 else { return }
        let candidates = (1...count).compactMap { matches[$0].map { String(cString: $0) } }
        screen.transientRows = TerminalText.columns(candidates, width: screen.layout.columns)
        screen.drawAll()
        redisplay()
    }

    /// Takes away a completion list when the next key comes.
    private func dismissCandidates() {
        guard !screen.transientRows.isEmpty else { return }
        screen.transientRows = []
        screen.drawAll()
    }

    /// Ctrl-Z: hands the terminal back to the shell, stops, and redraws everything on `fg`.
    private func suspend() {
        screen.leaveTemporarily()
        raise(SIGTSTP)   // stops here until SIGCONT
        pendingContinue.store(false, ordering: .relaxed)
        screen.resumeAfterLeaving()
        adoptSize()
        redisplay()
    }

    /// Ctrl-C at the prompt: the line (and any search) is dropped and shown struck with `^C`.
    private func abandonLine() {
        let (text, _) = Self.lineAndCursor()
        rl_callback_sigcleanup()
        rl_free_line_state()
        rl_callback_handler_remove()
        screen.append((input.isContinuing ? InputAssembler.continuationPrompt : ReadlineSetup.prompt) + text + "^C")
        input.abandon()
        screen.drawAll()
        installPrompt()
    }

    // MARK: knob

    /// Knob mode: keys go to the knob (not readline) until Enter or Esc; Enter runs the `let`
    /// that sets the value as if typed. False when that line quits.
    private func turnKnob(_ knobs: KnobControl) -> Bool {
        screen.append("knob: ←/→ nudge, ↑/↓ change the step, Enter keeps the value, Esc puts it back")
        screen.drawAll()
        redisplay()
        while knobs.isTurningKnob {
            if pendingResize.exchange(false, ordering: .relaxed) {
                adoptSize()
                show(knobs.knob(.redraw).picture)
            }
            guard let key = pendingKeys.isEmpty ? screen.readKey(milliseconds: 100) : pendingKeys.removeFirst() else { continue }
            if key == KEY_RESIZE { adoptSize(); show(knobs.knob(.redraw).picture); continue }
            var bytes = [key]
            // An escape sequence arrives at once; a lone Escape does not.
            if key == 27, let next = screen.readKey(milliseconds: 30) {
                bytes.append(next)
                if next == 91 || next == 79, let last = screen.readKey(milliseconds: 30) { bytes.append(last) }
            }
            guard let action = KnobKey(bytes: bytes) else { continue }
            let answer = knobs.knob(action)
            switch action {
            case .keep:
                if let line = answer.settled { return evaluateAll(line) }
                screen.append("knob left; the value did not move")
            case .undo:
                screen.append("knob left; the value is back where it was")
            default:
                show(answer.picture)
                continue
            }
            screen.drawAll()
            redisplay()
        }
        return true
    }

    private func show(_ picture: [String]) {
        guard !picture.isEmpty else { return }
        if screen.layout.showsPane {
            screen.plot = picture
            screen.drawPlot()
        } else {
            screen.append(picture.joined(separator: "\n"))
            screen.drawAll()
        }
        redisplay()
    }

    // MARK: evaluation

    /// Evaluates each line of `text` in order; false when a statement asked to quit.
    private func evaluateAll(_ text: String) -> Bool {
        let continued = input.isContinuing
        let statements = input.feed(text)
        if statements.isEmpty, input.isContinuing {
            // An open bracket: the line waits for the rest of its statement.
            screen.append((continued ? InputAssembler.continuationPrompt : ReadlineSetup.prompt) + text)
            screen.drawAll()
            return true
        }
        for line in statements {
            history.add(line)
            screen.append(ReadlineSetup.prompt + line)
            screen.isEvaluating = true
            screen.drawAll()
            redisplay()
            var evaluation = LiveEvaluation(host: evaluator)
            evaluation.capturedLines = { [capture] in capture?.takeLines() ?? [] }
            let run = evaluation.run(line, on: self)
            pendingKeys += run.typeahead
            if plotSizeChanged { tellEvaluatorPlotSize() }
            screen.isEvaluating = false
            screen.isStopping = false
            if let warning = history.takeWarning() { screen.append("reparam: " + warning) }
            for output in run.outputs {
                switch output {
                case .text(let text): screen.append(text)
                case .error(let message): screen.append(message, as: .error)
                case .plot(let lines):
                    if screen.layout.showsPane { screen.plot = lines } else { screen.append(lines.joined(separator: "\n")) }
                case .quit: return false
                case .replay(let path): showReplay(path)
                }
            }
            screen.drawAll()
            if run.interrupts > 0 {
                // Lines pasted after the interrupted one are dropped with it.
                return true
            }
        }
        return true
    }

    /// `:replay FILE` at the prompt: the session steps in this pane with the replay keys (q
    /// leaves), then the prompt's results and picture come back as they were.
    private func showReplay(_ path: String) {
        guard let file = try? SessionFile.load(path: path) else { return screen.append("reparam: cannot read \(path)") }
        let scrollback = screen.scrollback, plot = screen.plot
        _ = ReplayPane(file: file, name: path, pace: nil, color: color).play(on: screen)
        screen.scrollback = scrollback
        screen.plot = plot
        screen.ruleLabel = nil
        adoptSize()
    }

    /// Moves lines written to stdout/stderr into the scrollback; true when there were any.
    private func showCapturedOutput() -> Bool {
        let lines = capture.takeLines()
        for line in lines { screen.append(line) }
        return !lines.isEmpty
    }

    /// Re-reads the terminal size, tells readline (and the evaluator, unless it is running),
    /// redraws everything.
    private func adoptSize(tellEvaluator: Bool = true) {
        screen.resize()
        rl_set_screen_size(Int32(screen.layout.rows), Int32(screen.layout.columns))
        plotSizeChanged = true
        if tellEvaluator { tellEvaluatorPlotSize() }
        screen.drawAll()
    }

    /// Gives the evaluator the picture size and shows the picture it re-renders at that size.
    private func tellEvaluatorPlotSize() {
        plotSizeChanged = false
        let layout = screen.layout
        if let redrawn = evaluator.resizePlots(columns: layout.plotColumns, rows: layout.plotRows), layout.showsPane {
            screen.plot = redrawn
        }
    }

}

/// The pane as a running statement sees it (see `LiveEvaluation`).
extension PaneREPL: LiveSurface {
    var showsPane: Bool { screen.layout.showsPane }
    var plotSize: (columns: Int, rows: Int) { (screen.layout.plotColumns, screen.layout.plotRows) }

    func nextKey() -> Int32? { screen.readKey(milliseconds: 0) }

    func adoptResize() -> Bool {
        guard pendingResize.exchange(false, ordering: .relaxed) else { return false }
        adoptSize(tellEvaluator: false)   // resizePlots after it returns; its next live frames now
        return true
    }

    func show(frame: [String]) {
        screen.plot = frame
        screen.drawPlot()
    }

    func append(_ text: String) { screen.append(text) }

    func showStopping() { screen.isStopping = true }

    func refresh(scrollback: Bool) {
        if scrollback { screen.drawAll() }
        screen.drawRule()
        redisplay()
    }
}
