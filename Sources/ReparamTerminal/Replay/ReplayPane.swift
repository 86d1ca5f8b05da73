import Foundation
import ReparamLanguage
import ReparamPlots
import Synchronization
@preconcurrency import _CNcurses

/// `reparam replay FILE` in a terminal: the pane shows the session step by step.
///
/// Each command is typed into the input line, runs, and its picture draws in the pane; the
/// scrollback holds the comments, commands and results so far. Keys:
///
/// | key                         | does                                                        |
/// |-----------------------------|-------------------------------------------------------------|
/// | space, Enter, →, n          | the next command (space pauses and resumes under `--pace`)   |
/// | ←, b, Backspace             | one command back (re-runs the session up to there)          |
/// | N then Enter or g           | jump to step N                                              |
/// | g / Home, G / End           | the start, the end                                          |
/// | PageUp, PageDown            | scroll the results                                          |
/// | : or i                      | a live prompt with the lesson's variables; Esc returns       |
/// | q, Esc, Ctrl-C, Ctrl-D      | leaves, restoring the terminal                              |
///
/// With `pace` the next command comes by itself every `pace` seconds (keys still work). A step
/// whose output is taller than the results area is shown from its comment, so the comment stays
/// in view while its output prints. At the live prompt, Enter runs the line in the lesson's
/// session; Esc (or Ctrl-D on an empty line) goes back to the lesson where it left off, the
/// session re-run to that step so what follows is as recorded.
final class ReplayPane {
    private let file: SessionFile
    private let name: String
    private let pace: Double?
    private let color: Bool
    private var stepper: SessionStepper
    private var screen: PaneScreen!
    /// The last live frame (a fit's trace, a sweep's final frame) of each step that drew one, by step index,
    /// so the picture stays when the step ends without one of its own.
    private var liveFrames: [Int: [String]] = [:]
    /// Whether `--pace` playing is paused (space toggles).
    private var paused = false
    /// Digits typed for a jump (`12` then Enter or g).
    private var pendingStep = ""
    /// The live prompt's line while it is open (nil in the lesson), and what it ran.
    private var liveLine: String?
    private var liveTranscript: [String] = []
    private var livePicture: [String]?

    init(file: SessionFile, name: String, pace: Double?, color: Bool) {
        self.file = file
        self.name = name
        self.pace = pace
        self.color = color
        stepper = SessionStepper(file)
    }

    /// Runs until the viewer leaves; nil when the pane cannot start (the caller prints instead).
    func run() -> Int32? {
        Signals.catchInterruptAndResize()
        TerminalRestorer.saveTerminalState()
        guard let capture = OutputCapture() else { return nil }
        guard let screen = PaneScreen(color: color, terminal: capture.terminalDescriptor) else {
            capture.stop()
            Signals.reset(SIGINT)
            Signals.reset(SIGWINCH)
            return nil
        }
        self.screen = screen
        TerminalRestorer.arm(restoreSequence: screen.restoreSequence, terminal: capture.terminalDescriptor)
        TerminalRestorer.onNormalExit = {
            screen.stop()
            capture.stop()
        }
        defer {
            TerminalRestorer.restore()
            Signals.reset(SIGINT)
            Signals.reset(SIGWINCH)
            Signals.reset(SIGCONT)
        }
        return play(on: screen)
    }

    /// Steps through the session on a pane that is already running (its own, or the prompt's
    /// for `:replay FILE`) until the viewer leaves; returns 0. The caller restores what the
    /// pane showed before.
    func play(on screen: PaneScreen) -> Int32 {
        self.screen = screen
        adoptSize()
        var lastStep = Date()
        while true {
            if pendingResize.exchange(false, ordering: .relaxed) || pendingContinue.exchange(false, ordering: .relaxed) {
                adoptSize()
            }
            if pendingInterrupt.exchange(false, ordering: .relaxed) { return 0 }
            let key = screen.readKey(milliseconds: 100)
            guard let key else {
                if let pace, !paused, liveLine == nil, !stepper.atEnd, Date().timeIntervalSince(lastStep) >= pace {
                    forward()
                    lastStep = Date()
                }
                continue
            }
            if liveLine != nil {
                if livePromptKey(key) == .quit { return 0 }
                continue
            }
            switch ReplayKey.action(for: key, next: { self.screen.readKey(milliseconds: 30) }) {
            case .forward:
                if !pendingStep.isEmpty { jump(to: Int(pendingStep) ?? stepper.position) } else { forward() }
                lastStep = Date()
            case .pause:
                if pace != nil { paused.toggle(); redraw(input: "") } else { forward() }
                lastStep = Date()
            case .back: back(); lastStep = Date()
            case .digit(let digit):
                pendingStep = String((pendingStep + String(digit)).suffix(4))
                redraw(input: "")
            case .start:
                jump(to: pendingStep.isEmpty ? 0 : Int(pendingStep) ?? 0)
                lastStep = Date()
            case .end: jump(to: stepper.count); lastStep = Date()
            case .page(let pages):
                screen.scroll(by: pages * max(1, screen.layout.scrollbackRows / 2))
                redraw(input: "", keepScroll: true)
            case .prompt:
                liveLine = ""
                pendingStep = ""
                redraw(input: "")
            case .quit: return 0
            case .resize: adoptSize()
            case .none: continue
            }
        }
    }

    /// Jumps to step `target` without typing the commands out (the pending number is cleared).
    private func jump(to target: Int) {
        pendingStep = ""
        stepper.jump(to: target)
        redraw(input: "")
    }

    /// A key at the live prompt: printable characters edit the line, Enter runs it in the
    /// lesson's session, Esc (or Ctrl-D on an empty line) returns to the lesson.
    private func livePromptKey(_ key: Int32) -> ReplayKey {
        guard var line = liveLine else { return .none }
        switch key {
        case 27, 4:
            guard key == 27 || line.isEmpty else { break }   // Ctrl-D leaves only an empty line
            // Back to the lesson where it left off: the session re-run to that step.
            while let next = screen.readKey(milliseconds: 20), next != 27 {}
            liveLine = nil
            liveTranscript = []
            livePicture = nil
            stepper.jump(to: stepper.position, fresh: true)
            redraw(input: "")
            return .none
        case 3:
            line = ""
        case 10, 13:
            liveTranscript.append(SessionFile.promptMarker + line)
            for output in stepper.run(line).flatMap(TerminalOutput.outputs(for:)) {
                switch output {
                case let .text(text), let .error(text): liveTranscript.append(text)
                case let .plot(picture): livePicture = picture
                case .quit, .replay: continue
                }
            }
            line = ""
        case 127, 8:
            if !line.isEmpty { line.removeLast() }
        case 32...126:
            line.unicodeScalars.append(Unicode.Scalar(UInt8(key)))
        default:
            break
        }
        liveLine = line
        redraw(input: line)
        return .none
    }

    /// The pane's size changed (or the replay starts): pictures are re-rendered at the new size
    /// by re-running up to the same step.
    private func adoptSize() {
        screen.resize()
        let layout = screen.layout
        let style = PlotStyle(width: layout.plotColumns, height: layout.plotRows,
                              charset: screen.unicode ? .braille : .ascii, color: screen.drawsColor)
        if stepper.plotStyleOverride != style {
            let position = stepper.position
            stepper = SessionStepper(file, plotStyleOverride: style)
            while stepper.position < position, stepper.forward() != nil {}
        }
        redraw(input: "")
    }

    private func forward() {
        pendingStep = ""
        guard let upcoming = stepper.upcoming else { return redraw(input: "") }
        typeOut(upcoming.command)
        screen.isEvaluating = true
        redraw(input: upcoming.command)
        // A fit's traces and a sweep's frames draw live and paced, as at the prompt (here on this thread).
        let screen = screen!, index = stepper.position
        let drawn = Mutex<[String]?>(nil)
        let presenter = FramePresenter { picture in drawn.withLock { $0 = picture } }
        stepper.forward { [weak self] frame in
            presenter.present(frame)
            guard let picture = drawn.withLock({ frame in defer { frame = nil }; return frame }) else { return }
            self?.liveFrames[index] = picture
            screen.plot = picture
            screen.drawPlot()
            screen.refresh()
        }
        screen.isEvaluating = false
        redraw(input: "", showingStepFromComment: true)
    }

    private func back() {
        pendingStep = ""
        stepper.back()
        redraw(input: "")
    }

    /// The newest picture among the steps shown: a step's own, or the last live frame it drew.
    private func picture() -> [String]? {
        for (index, played) in stepper.shown.enumerated().reversed() {
            if let own = played.outputs.last(where: { $0.plot != nil })?.plot { return own }
            if let frame = liveFrames[index] { return frame }
        }
        return nil
    }

    /// Shows the command appearing in the input line as if typed (about a second at most).
    private func typeOut(_ command: String) {
        let delay = min(0.03, 1.0 / Double(max(command.count, 1)))
        for count in 0...command.count {
            redraw(input: String(command.prefix(count)))
            Thread.sleep(forTimeInterval: delay)
        }
    }

    /// Draws the lesson so far. `showingStepFromComment`: when the newest step (comment, command,
    /// output) is taller than the results area, it is shown from its comment down, so the comment
    /// stays in view; `keepScroll` keeps a PageUp position.
    private func redraw(input: String, showingStepFromComment: Bool = false, keepScroll: Bool = false) {
        var scrollback = Scrollback()
        if let title = file.title { scrollback.append("# \(title)", as: .comment) }
        var rowsBeforeNewestStep = 0
        for (index, played) in stepper.shown.enumerated() {
            if index == stepper.shown.count - 1 { rowsBeforeNewestStep = scrollback.rowCount(columns: screen.layout.columns) }
            for comment in played.comments { scrollback.append("#" + comment, as: .comment) }
            scrollback.append(SessionFile.promptMarker + played.step.command)
            for output in played.outputs.flatMap(TerminalOutput.outputs(for:)) {
                switch output {
                case let .text(text): scrollback.append(text)
                case let .error(text): scrollback.append(text, as: .error)
                case let .plot(picture):
                    // A terminal too small for the pane gets the pictures in the scrollback.
                    if !screen.layout.showsPane { scrollback.append(picture.joined(separator: "\n")) }
                case .quit, .replay: continue
                }
            }
        }
        if stepper.atEnd, liveLine == nil { scrollback.append("(end of the session)") }
        if liveLine != nil {
            scrollback.append("(live prompt: the lesson's variables as of step \(stepper.position); Esc returns to the lesson)")
            for line in liveTranscript { scrollback.append(line) }
        }
        screen.scrollback = scrollback
        if !keepScroll { screen.scroll(by: -screen.scrolledBack) }
        if showingStepFromComment {
            let hidden = scrollback.rowCount(columns: screen.layout.columns) - rowsBeforeNewestStep - screen.layout.scrollbackRows
            if hidden > 0 { screen.scroll(by: hidden) }
        }
        screen.plot = (liveLine != nil ? livePicture : nil) ?? picture() ?? []
        screen.ruleLabel = ruleLabel()
        screen.drawAll()
        screen.drawInput(prompt: SessionFile.promptMarker, text: liveLine ?? input, cursor: (liveLine ?? input).count)
        screen.refresh()
    }

    /// `replay 01-explicit-normal.reparam · step 3/13 · every 2s · space next · ← back · q quits`.
    private func ruleLabel() -> String {
        let file = "replay \((name as NSString).lastPathComponent)"
        if liveLine != nil { return "\(file) · live prompt at step \(stepper.position) · Enter runs · Esc returns" }
        let arrow = screen.unicode ? "←" : "<-"
        let keys = !pendingStep.isEmpty ? "go to step \(pendingStep): Enter"
            : stepper.atEnd ? "\(arrow) back · : prompt · q quits" : "space next · \(arrow) back · : prompt · q quits"
        let playing = pace.map { paused ? " · paused (space resumes)" : " · every " + String(format: "%g", $0) + "s" } ?? ""
        let scrolled = screen.scrolledBack > 0 ? " · scrolled back, PageDown returns" : ""
        return "\(file) · step \(stepper.position)/\(stepper.count)\(playing)\(scrolled) · \(keys)"
    }
}

/// What a key means in the replay pane; arrows arrive as `ESC [ C` / `ESC O C` (keypad off).
enum ReplayKey: Equatable {
    case forward, back, quit, resize, none
    /// Space: the next command, or pause/resume under `--pace`.
    case pause
    /// A digit of a step number to jump to.
    case digit(Int)
    /// g / Home (to the typed step number, else the start); G / End.
    case start, end
    /// PageUp (1) / PageDown (−1).
    case page(Int)
    /// `:` or `i`: the live prompt.
    case prompt

    /// `next` reads a following byte of an escape sequence (nil when none comes soon).
    static func action(for key: Int32, next: () -> Int32?) -> ReplayKey {
        func ascii(_ character: Character) -> Int32 { Int32(character.asciiValue ?? 0) }
        switch key {
        case 32: return .pause
        case 10, 13, ascii("n"), ascii("l"): return .forward
        case 127, 8, ascii("b"), ascii("p"), ascii("h"): return .back
        case 3, 4, ascii("q"), ascii("Q"): return .quit
        case ascii("0")...ascii("9"): return .digit(Int(key - ascii("0")))
        case ascii("g"): return .start
        case ascii("G"): return .end
        case ascii(":"), ascii("i"): return .prompt
        case KEY_RESIZE: return .resize
        case KEY_PPAGE: return .page(1)
        case KEY_NPAGE: return .page(-1)
        case KEY_HOME: return .start
        case KEY_END: return .end
        case 27:
            guard let introducer = next() else { return .quit }   // Esc alone
            guard introducer == ascii("[") || introducer == ascii("O") else { return .none }
            switch next() {
            case ascii("C")?: return .forward
            case ascii("D")?: return .back
            case ascii("H")?: return .start
            case ascii("F")?: return .end
            case let code? where (ascii("1")...ascii("6")).contains(code):
                // ESC [ 5 ~ PageUp, 6 ~ PageDown, 1 ~ Home, 4 ~ End.
                guard next() == ascii("~") else { return .none }
                switch code {
                case ascii("5"): return .page(1)
                case ascii("6"): return .page(-1)
                case ascii("1"): return .start
                case ascii("4"): return .end
                default: return .none
                }
            default: return .none
            }
        default: return .none
        }
    }
}
