import Foundation

/// Puts the terminal back as the program found it, on every way out: normal exit, `exit()`
/// from anywhere (atexit), and SIGTERM/SIGHUP/SIGQUIT (handlers that restore, then die of
/// the same signal so the parent sees the real cause).
///
/// The handler uses only async-signal-safe calls: `tcsetattr` with the termios saved on
/// start, and `write` of a prepared byte string (leave the alternate screen, show the
/// cursor, bracketed paste off). The ncurses pane adds `endwin` through `onNormalExit`.
enum TerminalRestorer {
    nonisolated(unsafe) private static var savedAttributes = termios()
    nonisolated(unsafe) private static var hasSavedAttributes = false
    nonisolated(unsafe) private static var restoreBytes: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var restoreLength = 0
    nonisolated(unsafe) static var onNormalExit: (() -> Void)?
    nonisolated(unsafe) private static var armed = false

    /// Saves the terminal's state and installs the exit paths. `restoreSequence` is written
    /// to the terminal on the way out (e.g. the terminfo `rmcup` and `cnorm` strings).
    static func arm(restoreSequence: String) {
        saveTerminalState()
        restoreBytes.map { free($0) }
        restoreBytes = strdup(restoreSequence)
        restoreLength = restoreSequence.utf8.count
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
        }
    }

    /// Remembers the terminal's modes as the shell left them; call before ncurses or readline
    /// change anything. Later calls keep the first state.
    static func saveTerminalState() {
        guard !hasSavedAttributes else { return }
        if tcgetattr(STDIN_FILENO, &savedAttributes) == 0 { hasSavedAttributes = true }
    }

    /// Normal way out: the pane's own cleanup, then the saved state.
    static func restore() {
        if let cleanup = onNormalExit {
            onNormalExit = nil
            cleanup()
        }
        restoreFromSignal()
    }

    /// Async-signal-safe part: the byte string and the saved termios.
    static func restoreFromSignal() {
        if let bytes = restoreBytes, restoreLength > 0 {
            _ = write(STDOUT_FILENO, bytes, restoreLength)
        }
        if hasSavedAttributes {
            _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &savedAttributes)
        }
    }
}
