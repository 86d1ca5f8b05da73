import ReparamLanguage
import Synchronization

/// An interactive loop's evaluator behind a lock: whichever thread uses it holds it.
///
/// The loop makes the evaluator and hands it over (`sending`: nothing else keeps a reference);
/// from then on it is reached only through the host: on the main thread between evaluations
/// (completion, resizes, the frame and progress sinks) and on the evaluating thread for
/// `evaluate` (see `BackgroundEvaluation`). While an evaluation holds the lock, the keyboard
/// thread touches nothing but `interrupt` and `requestPlotSize`.
///
///     let host = EvaluatorHost(SessionEvaluator(configuration: configuration))
///     host.completions(for: "d.rs", line: "d.rs")      // ["d.rsample("]
///     LiveEvaluation(host: host).run("fit q to p", on: pane)   // frames, Ctrl-C, resizes
final class EvaluatorHost: Sendable {
    private let evaluator: Mutex<any LineEvaluator>
    /// Stops a running evaluation soon (Ctrl-C); any thread, any time.
    let interrupt: @Sendable () -> Void
    /// Gives a running evaluation the pane's new size (columns, rows); any thread, any time.
    let requestPlotSize: @Sendable (_ columns: Int, _ rows: Int) -> Void

    init(_ evaluator: sending any LineEvaluator) {
        interrupt = evaluator.interrupt
        requestPlotSize = evaluator.requestPlotSize
        self.evaluator = Mutex(evaluator)
    }

    func evaluate(_ line: String) -> [TerminalOutput] {
        evaluator.withLock { $0.evaluate(line) }
    }

    func completions(for word: String, line: String) -> [String] {
        evaluator.withLock { $0.completions(for: word, line: line) }
    }

    func resizePlots(columns: Int, rows: Int) -> [String]? {
        evaluator.withLock { $0.resizePlots(columns: columns, rows: rows) }
    }

    /// Runs `body` with the evaluator, holding the lock (e.g. for the pane's knob keys).
    func withEvaluator<Result: Sendable>(_ body: (any LineEvaluator) -> Result) -> Result {
        evaluator.withLock { body($0) }
    }

    /// Where the next evaluations send live frames and progress lines (nil: nowhere), and
    /// whether the frames' pictures are drawn (see `LineEvaluator.drawsFramePictures`).
    func connect(frames: (@Sendable (LiveFrame) -> Void)?, drawsPictures: Bool, progress: (@Sendable (String) -> Void)?) {
        evaluator.withLock {
            $0.onFrame = frames
            $0.drawsFramePictures = drawsPictures
            $0.onProgress = progress
        }
    }
}
