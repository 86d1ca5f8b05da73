import Foundation
@preconcurrency import SwiftGlibc   // stdout, stderr

/// While the pane owns the screen, anything written to stdout or stderr (a stray `print`,
/// a runtime warning) would scribble over it. This points both descriptors at a pipe whose
/// lines the pane shows in its scrollback, and hands ncurses a private descriptor of the
/// terminal instead.
///
/// On the way out (normal or by signal) the descriptors are put back and whatever is still
/// in the pipe goes to the real stderr, so a crash message is never lost.
///
/// ```swift
/// let capture = OutputCapture()!
/// print("hello")              // lands in the pipe
/// capture.takeLines()         // ["hello"]
/// capture.stop()              // stdout/stderr are the terminal again
/// ```
final class OutputCapture {
    /// A descriptor of the terminal, for ncurses to draw on.
    let terminalDescriptor: Int32

    // Read by the signal handler: plain integers only.
    nonisolated(unsafe) private static var savedOutput: Int32 = -1
    nonisolated(unsafe) private static var savedError: Int32 = -1
    nonisolated(unsafe) private static var readEnd: Int32 = -1

    private var partial: [UInt8] = []

    init?() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        fflush(stdout)
        fflush(stderr)
        let output = dup(STDOUT_FILENO), error = dup(STDERR_FILENO)
        guard output >= 0, error >= 0 else { return nil }
        // Never block: a reader that falls behind loses text rather than hanging a writer.
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        dup2(ends[1], STDOUT_FILENO)
        dup2(ends[1], STDERR_FILENO)
        close(ends[1])
        Self.savedOutput = output
        Self.savedError = error
        Self.readEnd = ends[0]
        terminalDescriptor = output
    }

    /// The complete lines written since the last call (a partial last line waits for its end).
    func takeLines() -> [String] {
        fflush(stdout)
        fflush(stderr)
        partial += Self.drain()
        guard let lastNewline = partial.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let complete = String(decoding: partial[..<lastNewline], as: UTF8.self)
        partial.removeSubrange(...lastNewline)
        return TerminalText.lines(complete)
    }

    /// Points stdout and stderr back at the terminal and writes what is left in the pipe to stderr.
    func stop() {
        fflush(stdout)
        fflush(stderr)
        partial += Self.drain()
        Self.restoreDescriptors()
        if !partial.isEmpty {
            partial.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
            partial.removeAll()
        }
    }

    /// Async-signal-safe: descriptors back, then the pipe's contents to stderr.
    static func restoreFromSignal() {
        guard readEnd >= 0 else { return }
        restoreDescriptors()
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &buffer) { bytes in
            while true {
                let count = read(readEnd, bytes.baseAddress, bytes.count)
                if count <= 0 { break }
                _ = write(STDERR_FILENO, bytes.baseAddress, count)
            }
        }
    }

    private static func restoreDescriptors() {
        guard savedOutput >= 0 else { return }
        dup2(savedOutput, STDOUT_FILENO)
        dup2(savedError, STDERR_FILENO)
        close(savedError)
        savedError = -1
        savedOutput = -1   // the terminal descriptor itself stays open for ncurses' last words
    }

    private static func drain() -> [UInt8] {
        guard readEnd >= 0 else { return [] }
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            collected += buffer[..<count]
        }
        return collected
    }
}
