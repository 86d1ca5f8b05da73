import Foundation
import Synchronization

/// Runs one `evaluate` on its own thread while the calling (main) thread keeps polling the
/// keyboard, so Ctrl-C can reach `host.interrupt()` and live frames can be drawn.
///
/// `whileWaiting` is called about every `pollInterval` seconds until the evaluation ends.
/// Only `Sendable` values cross: the host (which locks the evaluator), the line, and the
/// outputs coming back.
///
/// ```swift
/// let outputs = BackgroundEvaluation.run(host, line: "fit q to p") {
///     if ctrlCPressed { host.interrupt() }
/// }
/// ```
enum BackgroundEvaluation {
    /// Interpreters recurse; give them more stack than a secondary thread's default.
    static let stackSize = 64 << 20

    /// The evaluating thread's answer and its signal that it is done.
    private final class Answer: Sendable {
        let outputs = Mutex<[TerminalOutput]>([])
        let done = DispatchSemaphore(value: 0)
    }

    static func run(_ host: EvaluatorHost, line: String, pollInterval: Double = 0.03,
                    whileWaiting: () -> Void) -> [TerminalOutput] {
        let answer = Answer()
        let thread = Thread {
            let outputs = host.evaluate(line)
            answer.outputs.withLock { $0 = outputs }
            answer.done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        while answer.done.wait(timeout: .now() + pollInterval) == .timedOut {
            whileWaiting()
        }
        return answer.outputs.withLock { $0 }
    }
}
