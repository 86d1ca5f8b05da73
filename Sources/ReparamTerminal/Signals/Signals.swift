import Foundation
import Synchronization

/// Set by SIGINT; the interactive loops take it (Ctrl-C clears the line or interrupts).
let pendingInterrupt = Atomic<Bool>(false)
/// Set by SIGWINCH; the interactive loops take it and redraw at the new size.
let pendingResize = Atomic<Bool>(false)
/// Set by SIGCONT (back from Ctrl-Z); the interactive loops take it and set the terminal up again.
let pendingContinue = Atomic<Bool>(false)

/// Installs signal handlers without `SA_RESTART`, so a blocking `poll` returns at once.
///
/// The handlers only set the flags above; the loops act on them between reads, which keeps
/// the handlers async-signal-safe. Fatal signals (SIGTERM, SIGHUP, SIGQUIT, and SIGINT
/// where no loop wants it) restore the terminal in `TerminalRestorer` and die as usual.
enum Signals {
    /// Installs `handler` for `signal` and returns the action it replaces.
    @discardableResult
    static func install(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) -> sigaction {
        var action = sigaction(), previous = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(signal, &action, &previous)
        return previous
    }

    static func reset(_ signal: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&action.sa_mask)
        sigaction(signal, &action, nil)
    }

    /// Ctrl-C, resizes and coming back from Ctrl-Z become flags for the interactive loop.
    static func catchInterruptAndResize() {
        _ = pendingInterrupt.load(ordering: .relaxed)   // initialize the globals before any handler runs
        _ = pendingResize.load(ordering: .relaxed)
        _ = pendingContinue.load(ordering: .relaxed)
        install(SIGINT) { _ in pendingInterrupt.store(true, ordering: .relaxed) }
        install(SIGWINCH) { _ in pendingResize.store(true, ordering: .relaxed) }
        install(SIGCONT) { _ in pendingContinue.store(true, ordering: .relaxed) }
    }
}
