import Foundation
import ReparamLanguage
@preconcurrency import SwiftGlibc   // stdin, stdout, stderr
@preconcurrency import _CReadline

/// The plain interactive REPL: a GNU readline prompt writing straight to the terminal, no
/// ncurses (`--plain` in a terminal, or where the pane cannot run).
///
/// Driven through readline's callback interface so that Ctrl-C can clear the line: a
/// SIGINT sets a flag, `poll` on stdin returns, and the loop throws the line away and
/// shows a fresh prompt. During an evaluation Ctrl-C raises SIGINT again and the loop
/// passes it on as the evaluator's `interrupt`. After a `knob` statement the arrow keys turn
/// it, its picture redrawn in place (`ReadlineKnob`). A pasted block of
/// several lines is evaluated line by line, in order, each added to the history.
final class ReadlineREPL {
    private let evaluator: EvaluatorHost
    private let history: HistoryStore
    /// Pasted transcripts and statements continued over lines (see `InputAssembler`).
    private var input = InputAssembler()
    private let console = Console()

    /// The line readline finished (set by the callback): `.some(nil)` is Ctrl-D on an empty line.
    nonisolated(unsafe) private static var finishedLine: String??

    init(evaluator: EvaluatorHost, history: HistoryStore) {
        self.evaluator = evaluator
        self.history = history
    }

    /// Where the prompt and line editing go: stdout, or stderr when stdout is redirected
    /// (`reparam --plain | tee log` keeps the answers in the log and the editing on screen).
    private let terminal: UnsafeMutablePointer<FILE> = isatty(STDOUT_FILENO) == 1 ? stdout : stderr

    func run() -> Int32 {
        ReadlineSetup.configure(completer: evaluator)
        rl_outstream = terminal
        TerminalRestorer.arm(restoreSequence: "\u{1B}[?2004l")
        Signals.catchInterruptAndResize()
        defer {
            rl_callback_handler_remove()
            Signals.reset(SIGINT)
            Signals.reset(SIGWINCH)
            Signals.reset(SIGCONT)
        }
        _ = evaluator.resizePlots(columns: terminalSize().columns, rows: Self.plotRows(terminalRows: terminalSize().rows))
        if let warning = history.takeWarning() { console.write("reparam: " + warning, to: .error) }
        installPrompt()

        while true {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, -1)
            if pendingInterrupt.exchange(false, ordering: .relaxed) {
                abandonLine()
                continue
            }
            if pendingContinue.exchange(false, ordering: .relaxed) {
                // Back from Ctrl-Z: the shell had the terminal; take readline's mode again
                // and show the prompt and the line typed so far.
                rl_deprep_terminal()
                rl_prep_terminal(0)
                rl_forced_update_display()
            }
            if pendingResize.exchange(false, ordering: .relaxed) {
                rl_resize_terminal()
                _ = evaluator.resizePlots(columns: terminalSize().columns, rows: Self.plotRows(terminalRows: terminalSize().rows))
            }
            if ready < 0 { continue }   // EINTR from another signal
            if descriptor.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                rl_callback_read_char()
            }
            guard let finished = Self.finishedLine else { continue }
            Self.finishedLine = nil
            guard let text = finished else {
                fputs("\n", terminal)
                return 0
            }
            if !evaluateAll(text) { return 0 }
            installPrompt()
        }
    }

    private func installPrompt() {
        fflush(stdout)
        fflush(terminal)
        rl_callback_handler_install(input.isContinuing ? InputAssembler.continuationPrompt : ReadlineSetup.prompt) { line in
            // Take the line and step out of readline, so the answer prints before the next prompt.
            ReadlineREPL.finishedLine = .some(line.map { String(cString: $0) })
            free(line)
            rl_callback_handler_remove()
        }
    }

    /// Ctrl-C at the prompt: show `^C`, drop the line (and any search in progress), prompt again.
    private func abandonLine() {
        rl_callback_sigcleanup()
        rl_free_line_state()
        rl_point = rl_end
        rl_redisplay()
        fputs("^C", terminal)
        fflush(terminal)
        // Leaving readline ends the bracketed-paste mode with a carriage return, so the
        // newline comes after it.
        rl_callback_handler_remove()
        fputs("\n", terminal)
        installPrompt()
    }

    /// Evaluates each line of `text` in order; false when a statement asked to quit.
    ///
    /// The terminal stays in readline's mode meanwhile (no echo, no line buffering, signals
    /// on): keys typed ahead wait untouched for the next prompt, Ctrl-D included, and Ctrl-C
    /// still raises SIGINT.
    private func evaluateAll(_ text: String) -> Bool {
        rl_prep_terminal(0)
        defer { rl_deprep_terminal() }
        for line in input.feed(text) {
            history.add(line)
            pendingInterrupt.store(false, ordering: .relaxed)
            var interrupts = 0
            // No pane: frames only pace the statement (`pace`), its progress prints as text.
            let presenter = FramePresenter { _ in }
            evaluator.connect(frames: { presenter.present($0) }, drawsPictures: false, progress: { [console] line in console.write(line) })
            defer { evaluator.connect(frames: nil, drawsPictures: false, progress: nil) }
            let outputs = BackgroundEvaluation.run(evaluator, line: line) {
                if pendingInterrupt.exchange(false, ordering: .relaxed) {
                    interrupts += 1
                    if interrupts >= InterruptPolicy.pressesToLeave { InterruptPolicy.leave() }
                    fputs(interrupts == 1 ? "^C\n" : "^C (Ctrl-C once more leaves reparam)\n", terminal)
                    fflush(terminal)
                    evaluator.interrupt()
                    presenter.cancel()
                }
            }
            if let warning = history.takeWarning() { console.write("reparam: " + warning, to: .error) }
            var pictureRows = 0
            for output in outputs {
                switch output {
                case .text(let text), .error(let text): console.write(text); pictureRows = 0
                case .plot(let lines): console.write(lines.joined(separator: "\n")); pictureRows = lines.count
                case .quit: return false
                case .replay(let path):
                    // No pane to step in: the session's transcript, as `reparam replay FILE | cat` prints it.
                    guard let file = try? SessionFile.load(path: path) else { continue }
                    ReplayTranscript.play(file, pace: nil) { console.write($0) }
                }
            }
            // Lines pasted after an interrupted one are dropped with it.
            if interrupts > 0 { return true }
            // The picture is redrawn where it was printed: only when the answers go to the terminal
            // (with stdout redirected the knob gives its value back at the next statement).
            if evaluator.isTurningKnob, terminal == stdout, let settled = turnKnob(pictureRows: pictureRows) {
                console.write(ReadlineSetup.prompt + settled)
                if !evaluateAll(settled) { return false }
            }
        }
        return true
    }

    /// Knob mode after a `knob` statement: its picture, the last `pictureRows` rows printed, is
    /// redrawn in place at each key until Enter (the `let` to run) or Esc.
    private func turnKnob(pictureRows: Int) -> String? {
        fflush(stdout)
        var knob = ReadlineKnob(knobs: evaluator, shownRows: pictureRows) { text in
            fputs(text, stdout)
            fflush(stdout)
        }
        return knob.run(
            readKey: { ReadlineKnob.readKeystroke(from: STDIN_FILENO) { pendingInterrupt.exchange(false, ordering: .relaxed) } },
            resized: { [evaluator] in
                guard pendingResize.exchange(false, ordering: .relaxed) else { return false }
                _ = evaluator.resizePlots(columns: terminalSize().columns, rows: Self.plotRows(terminalRows: terminalSize().rows))
                return true
            })
    }

    /// Rows for a picture in a terminal of `terminalRows`: 24, or fewer so that a picture and
    /// the prompt under it fit on the screen (a knob redraws its picture in place, which only
    /// works for a picture that has not scrolled off the top).
    static func plotRows(terminalRows: Int) -> Int {
        max(8, min(24, terminalRows - 2))
    }

    private func terminalSize() -> (columns: Int, rows: Int) {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            return (Int(size.ws_col), Int(size.ws_row))
        }
        return (80, 24)
    }
}
