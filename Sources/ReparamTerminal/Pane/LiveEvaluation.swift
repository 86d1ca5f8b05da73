import ReparamLanguage

/// What the pane shows and reads while a statement runs: the screen and keyboard as
/// `LiveEvaluation` sees them, so the loop is tested with a scripted surface and no terminal.
protocol LiveSurface: AnyObject {
    /// Whether there is room for the picture pane (without it, live frames are not drawn).
    var showsPane: Bool { get }
    /// The picture size the evaluator lays its frames out for.
    var plotSize: (columns: Int, rows: Int) { get }
    /// A key typed since the last call, if any, without waiting.
    func nextKey() -> Int32?
    /// Whether the terminal was resized since the last call (the surface has then adopted the new size).
    func adoptResize() -> Bool
    /// Puts a live frame in the picture pane.
    func show(frame: [String])
    /// Adds a line (or several, split at newlines) to the scrollback.
    func append(_ text: String)
    /// Says in the rule that the statement was asked to stop.
    func showStopping()
    /// Draws what changed: the picture and rule, and the scrollback when it changed.
    func refresh(scrollback: Bool)
}

/// One statement run from the pane's prompt: on its own thread, while this (main) thread keeps
/// the pane live — Ctrl-C interrupts it, a resize reaches its next frames, live frames and
/// progress lines are drawn, stray output is shown, keys typed ahead are kept.
///
/// Timing is the terminal's: frames pass through a `FramePresenter` on the evaluating thread
/// (holds for `pace`, at most 30 pictures a second), and the keyboard is polled every
/// `pollInterval` seconds. Ctrl-C asks the statement to stop and ends any hold at once; if it
/// does not stop, the third Ctrl-C calls `leave` (`InterruptPolicy`).
///
///     let run = LiveEvaluation(host: host).run("fit q to p", on: pane)
///     run.outputs        // what the statement answered
///     run.interrupts     // how many times Ctrl-C was pressed
struct LiveEvaluation {
    let host: EvaluatorHost
    var clock: any PresentationClock = MonotonicClock()
    var pollInterval = 0.03
    /// Lines written behind the terminal's back since the last call (captured stdout/stderr).
    var capturedLines: () -> [String] = { [] }
    /// Called at the third Ctrl-C of a statement that ignores the first two.
    var leave: () -> Void = { InterruptPolicy.leave() }

    struct Result {
        var outputs: [TerminalOutput]
        /// Ctrl-C presses during the statement.
        var interrupts = 0
        /// Keys typed during the statement (dropped at a Ctrl-C), for the prompt after it.
        var typeahead: [Int32] = []
        /// Whether the pane was resized while it ran (the evaluator hears `resizePlots` afterwards).
        var resized = false
    }

    func run(_ line: String, on surface: LiveSurface) -> Result {
        let mailbox = FrameMailbox(), progress = ProgressQueue()
        let presenter = FramePresenter(clock: clock) { mailbox.post($0) }
        host.connect(frames: { presenter.present($0) }, drawsPictures: surface.showsPane, progress: { progress.post($0) })
        defer { host.connect(frames: nil, drawsPictures: false, progress: nil) }
        var result = Result(outputs: [])
        result.outputs = BackgroundEvaluation.run(host, line: line, pollInterval: pollInterval) {
            var changed = false, scrollbackChanged = false
            while let key = surface.nextKey() {
                guard key <= 0xFF else { continue }   // ncurses' own codes
                guard key == 3 else { result.typeahead.append(key); continue }
                result.interrupts += 1
                if result.interrupts == 1 { surface.append("^C") }
                if result.interrupts >= InterruptPolicy.pressesToLeave { leave() }
                surface.showStopping()
                result.typeahead.removeAll()
                host.interrupt()
                presenter.cancel()
                changed = true
                scrollbackChanged = true
            }
            if surface.adoptResize() {
                result.resized = true
                if surface.showsPane { host.requestPlotSize(surface.plotSize.columns, surface.plotSize.rows) }
                changed = true
                scrollbackChanged = true
            }
            for text in capturedLines() + progress.takeAll() {
                surface.append(text)
                changed = true
                scrollbackChanged = true
            }
            if let frame = mailbox.take(), surface.showsPane {
                surface.show(frame: frame)
                changed = true
            }
            if changed { surface.refresh(scrollback: scrollbackChanged) }
        }
        // The newest frame and lines may have come after the last poll.
        if let frame = mailbox.take(), surface.showsPane { surface.show(frame: frame) }
        for text in capturedLines() + progress.takeAll() { surface.append(text) }
        return result
    }
}
