import Foundation
import Synchronization

/// Hands live frames from the evaluating thread to the drawing thread, keeping only the newest.
///
/// ```swift
/// let mailbox = FrameMailbox()
/// mailbox.post(["loss 0.3"])     // evaluating thread, as often as it likes
/// mailbox.take()                 // main thread: ["loss 0.3"], then nil until the next post
/// ```
final class FrameMailbox: Sendable {
    private let newest = Mutex<[String]?>(nil)

    func post(_ frame: [String]) {
        newest.withLock { $0 = frame }
    }

    func take() -> [String]? {
        newest.withLock { frame in
            defer { frame = nil }
            return frame
        }
    }
}

/// Hands progress lines from the evaluating thread to the drawing thread, all of them, in order.
final class ProgressQueue: Sendable {
    private let lines = Mutex<[String]>([])

    func post(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    func takeAll() -> [String] {
        lines.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
