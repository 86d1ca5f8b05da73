import Foundation
@preconcurrency import SwiftGlibc   // stderr

/// What Ctrl-C does to a running evaluation: the first press asks it to stop
/// (the evaluator's `interrupt`); an evaluation that ignores that and the next press is abandoned
/// with the program on the third, so a stuck evaluation can never trap the user.
enum InterruptPolicy {
    static let pressesToLeave = 3

    /// Restores the terminal and exits with 130 (the shell's status for death by SIGINT).
    static func leave() -> Never {
        TerminalRestorer.restore()
        fputs("reparam: the evaluation did not stop after Ctrl-C; leaving\n", stderr)
        exit(130)
    }
}
