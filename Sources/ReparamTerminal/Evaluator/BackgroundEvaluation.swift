import Foundation

/// Runs one `evaluate` on its own thread while the calling (main) thread keeps polling the
/// keyboard, so Ctrl-C can reach `requestInterrupt()` and live frames can be drawn.
///
/// `whileWaiting` is called about every `pollInterval` seconds until the evaluation ends.
///
/// ```swift
/// let outputs = BackgroundEvaluation.run(evaluator, line: "fit q to p") {
///     if ctrlCPressed { evaluator.requestInterrupt() }
/// }
/// ```
enum BackgroundEvaluation {
    /// Interpreters recurse; give them more stack than a secondary thread's default.
    static let stackSize = 64 << 20

    static func run(_ evaluator: LineEvaluator, line: String, pollInterval: Double = 0.03,
                    whileWaiting: () -> Void) -> [TerminalOutput] {
        final class Box: @unchecked Sendable {
            var evaluator: LineEvaluator
            var outputs: [TerminalOutput] = []
            init(_ evaluator: LineEvaluator) { self.evaluator = evaluator }
        }
        let box = Box(evaluator)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.outputs = box.evaluator.evaluate(line)
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        while done.wait(timeout: .now() + pollInterval) == .timedOut {
            whileWaiting()
        }
        return box.outputs
    }
}
