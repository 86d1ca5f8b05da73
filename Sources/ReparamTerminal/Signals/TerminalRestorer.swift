import Foundation

/// Puts the terminal back as the program found it, on every way out: normal exit, `exit()`
/// from anywhere (atexit), SIGTERM/SIGHUP/SIGQUIT (handlers that restore, then die of the
/// same signal so the parent sees the real cause), and crashes (SIGILL, SIGTRAP, SIGSEGV,
/// SIGBUS, SIGFPE, SIGABRT: restore, then hand the signal to the handler that was there
/// before, e.g. Swift's backtracer, which then prints onto a sane terminal).
///
/// The handler uses only async-signal-safe calls: `tcsetattr` with the termios saved on
/// start, and `write` of a prepared byte string (leave the alternate screen, show the
/// cursor, bracketed paste off). The ncurses pane adds `endwin` through `onNormalExit`.
enum TerminalRestorer {
    nonisolated(unsafe) private static var savedAttributes = termios()
    nonisolated(unsafe) private static var hasSavedAttributes = false
    nonisolated(unsafe) private static var restoreBytes: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var restoreLength = 0
    nonisolated(unsafe) private static var restoreDescriptor: Int32 = -1
    nonisolated(unsafe) static var onNormalExit: (() -> Void)?
    nonisolated(unsafe) private static var armed = false
    /// The crash handlers found on arming, by signal number (allocated once, read in handlers).
    nonisolated(unsafe) private static var previousCrashActions: UnsafeMutablePointer<sigaction> = {
        let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        actions.initialize(repeating: sigaction(), count: 65)
        return actions
    }()

    /// Saves the terminal's state and installs the exit paths. `restoreSequence` is written
    /// to the terminal on the way out (e.g. the terminfo `rmcup` and `cnorm` strings).
    /// `terminal` is where that goes; by default stdout or stderr, whichever is a terminal.
    static func arm(restoreSequence: String, terminal: Int32? = nil) {
        saveTerminalState()
        restoreBytes.map { free($0) }
        restoreBytes = strdup(restoreSequence)
        restoreLength = restoreSequence.utf8.count
        // The terminal, not a pipe stdout may have been redirected into.
        restoreDescriptor = terminal
            ?? (isatty(STDOUT_FILENO) == 1 ? STDOUT_FILENO : isatty(STDERR_FILENO) == 1 ? STDERR_FILENO : -1)
        if !armed {
            armed = true
            atexit { TerminalRestorer.restore() }
            for fatal in [SIGTERM, SIGHUP, SIGQUIT] {
                Signals.install(fatal) { signal in
                    TerminalRestorer.restoreFromSignal()
                    Signals.reset(signal)
                    raise(signal)
                }
            }
            for crash in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
                previousCrashActions[Int(crash)] = Signals.install(crash) { signal in
                    TerminalRestorer.restoreFromSignal()
                    // Back to the previous handler; returning re-runs the faulting
                    // instruction (or abort re-raises), which now goes there.
                    sigaction(signal, &TerminalRestorer.previousCrashActions[Int(signal)], nil)
                }
            }
        }
    }

    /// Remembers the terminal's modes as the shell left them; call before ncurses or readline
    /// change anything. Later calls keep the first state.
    static func saveTerminalState() {
        guard !hasSavedAttributes else { return }
        if tcgetattr(STDIN_FILENO, &savedAttributes) == 0 { hasSavedAttributes = true }
    }

    /// Puts the terminal's modes back as saved on start (echo, line editing), nothing else.
    static func restoreSavedModes() {
        if hasSavedAttributes { _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &savedAttributes) }
    }

    /// Normal way out: the pane's own cleanup, then the saved state.
    static func restore() {
        if let cleanup = onNormalExit {
            onNormalExit = nil
            cleanup()
        }
        restoreFromSignal()
    }

    /// Async-signal-safe part: the byte string, the saved termios, then anything the pane
    /// captured from stdout/stderr (a crash message) onto the restored terminal.
    static func restoreFromSignal() {
        defer { OutputCapture.restoreFromSignal() }
        if let bytes = restoreBytes, restoreLength > 0, restoreDescriptor >= 0 {
            // Once only: leaving the alternate screen twice would move the cursor back over
            // whatever was printed in between.
            let length = restoreLength
            restoreLength = 0
            _ = write(restoreDescriptor, bytes, length)
        }
        if hasSavedAttributes {
            _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &savedAttributes)
        }
    }
}
