import Foundation
import ReparamLanguage
import ReparamPlots
@preconcurrency import _CNcurses

/// `reparam replay FILE` in a terminal: the pane shows the session step by step.
///
/// Each command is typed into the input line, runs, and its picture draws in the pane; the
/// scrollback holds the comments, commands and results so far. Keys:
///
/// | key                         | does                                              |
/// |-----------------------------|---------------------------------------------------|
/// | space, Enter, →, n          | the next command                                  |
/// | ←, b, Backspace             | one command back (re-runs the session up to there) |
/// | q, Esc, Ctrl-C, Ctrl-D      | leaves, restoring the terminal                     |
///
/// With `pace` the next command comes by itself every `pace` seconds (keys still work).
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

        adoptSize()
        var lastStep = Date()
        while true {
            if pendingResize.exchange(false, ordering: .relaxed) || pendingContinue.exchange(false, ordering: .relaxed) {
                adoptSize()
            }
            if pendingInterrupt.exchange(false, ordering: .relaxed) { return 0 }
            let key = screen.readKey(milliseconds: 100)
            guard let key else {
                if let pace, !stepper.atEnd, Date().timeIntervalSince(lastStep) >= pace {
                    forward()
                    lastStep = Date()
                }
                continue
            }
            switch ReplayKey.action(for: key, next: { self.screen.readKey(milliseconds: 30) }) {
            case .forward: forward(); lastStep = Date()
            case .back: back(); lastStep = Date()
            case .quit: return 0
            case .resize: adoptSize()
            case .none: continue
            }
        }
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
        guard let upcoming = stepper.upcoming else { return redraw(input: "") }
        typeOut(upcoming.command)
        screen.isEvaluating = true
        redraw(input: upcoming.command)
        // A fit's traces and a sweep's frames draw live, as at the prompt.
        let session = stepper.session, screen = screen!, index = stepper.position
        session.progressPictures = true
        session.realtime = true
        session.onProgress = { [weak self] output in
            guard let picture = output.plot else { return }
            self?.liveFrames[index] = picture
            screen.plot = picture
            screen.drawPlot()
            screen.refresh()
        }
        stepper.forward()
        session.onProgress = nil
        session.progressPictures = false
        session.realtime = false
        screen.isEvaluating = false
        redraw(input: "")
    }

    private func back() {
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

    private func redraw(input: String) {
        var scrollback = Scrollback()
        if let title = file.title { scrollback.append("# \(title)") }
        for played in stepper.shown {
            for comment in played.comments { scrollback.append("#" + comment) }
            scrollback.append(SessionFile.promptMarker + played.step.command)
            for output in played.outputs.flatMap(SessionEvaluator.terminalOutputs) {
                switch output {
                case let .text(text), let .error(text): scrollback.append(text)
                case let .plot(picture):
                    // A terminal too small for the pane gets the pictures in the scrollback.
                    if !screen.layout.showsPane { scrollback.append(picture.joined(separator: "\n")) }
                case .quit: continue
                }
            }
        }
        if stepper.atEnd { scrollback.append("(end of the session)") }
        screen.scrollback = scrollback
        screen.plot = picture() ?? []
        let keys = stepper.atEnd ? "← back · q quits" : "space next · ← back · q quits"
        let playing = pace.map { " · every " + String(format: "%g", $0) + "s" } ?? ""
        screen.ruleLabel = "replay \((name as NSString).lastPathComponent) · step \(stepper.position)/\(stepper.count)\(playing) · \(keys)"
        screen.drawAll()
        screen.drawInput(prompt: SessionFile.promptMarker, text: input, cursor: input.count)
        screen.refresh()
    }
}

/// What a key means in the replay pane; arrows arrive as `ESC [ C` / `ESC O C` (keypad off).
enum ReplayKey: Equatable {
    case forward, back, quit, resize, none

    /// `next` reads a following byte of an escape sequence (nil when none comes soon).
    static func action(for key: Int32, next: () -> Int32?) -> ReplayKey {
        switch key {
        case 32, 10, 13, Int32(UInt8(ascii: "n")), Int32(UInt8(ascii: "l")): return .forward
        case 127, 8, Int32(UInt8(ascii: "b")), Int32(UInt8(ascii: "p")), Int32(UInt8(ascii: "h")): return .back
        case 3, 4, Int32(UInt8(ascii: "q")), Int32(UInt8(ascii: "Q")): return .quit
        case KEY_RESIZE: return .resize
        case 27:
            guard let introducer = next() else { return .quit }   // Esc alone
            guard introducer == Int32(UInt8(ascii: "[")) || introducer == Int32(UInt8(ascii: "O")) else { return .none }
            switch next() {
            case Int32(UInt8(ascii: "C"))?: return .forward
            case Int32(UInt8(ascii: "D"))?: return .back
            default: return .none
            }
        default: return .none
        }
    }
}
