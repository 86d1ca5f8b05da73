import Foundation
@preconcurrency import SwiftGlibc   // stdout, stderr

/// Writes text to stdout or stderr, removing escape sequences when the stream is not a terminal.
///
/// Plain modes promise text a file or a diff can hold, so colors the evaluator added for a
/// terminal are dropped when output goes to a pipe.
struct Console {
    enum Stream { case output, error }

    let outputIsTerminal = isatty(STDOUT_FILENO) == 1
    let errorIsTerminal = isatty(STDERR_FILENO) == 1

    func write(_ text: String, to stream: Stream = .output) {
        let terminal = stream == .output ? outputIsTerminal : errorIsTerminal
        let clean = terminal ? text : TerminalText.stripEscapes(text)
        let file = stream == .output ? stdout : stderr
        fputs(clean, file)
        if !clean.hasSuffix("\n") { fputs("\n", file) }
        fflush(file)
    }
}
