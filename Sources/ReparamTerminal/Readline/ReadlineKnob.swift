import Foundation
import ReparamLanguage
@preconcurrency import SwiftGlibc   // stdin, stdout

/// Knob mode at the plain readline prompt (`--plain`, no pane): the picture is redrawn in place
/// at every key, as the pane does, instead of printing a new one per nudge.
///
/// After a `knob` statement has printed its picture, keys go to the knob until Enter or Esc:
/// ←/→ nudge, ↑/↓ change the step; each answer moves the cursor back up over the picture it
/// replaces, clears to the end of the screen and prints the new one. Enter hands back the `let`
/// that keeps the value (the REPL runs it as if typed, so it is recorded); Esc, `q`, Ctrl-C and
/// Ctrl-D put the old value back. The terminal is in readline's mode (no echo, a key at a time).
///
///     var knob = ReadlineKnob(knobs: host, shownRows: picture.count, write: { fputs($0, stdout) })
///     let settled = knob.run(readKey: …)      // "let g = gamma(concentration: 2.4, rate: 1)" or nil
struct ReadlineKnob {
    let knobs: KnobControl
    /// Rows of the picture on screen, ending just above the cursor.
    var shownRows: Int
    let write: (String) -> Void

    /// The text that replaces the last `rows` printed rows with `lines`: cursor up that many
    /// rows, to the line's start, clear to the end of the screen, then the lines.
    ///
    ///     ReadlineKnob.redraw(replacingRows: 2, with: ["a", "b"])   // "\e[2A\r\e[Ja\nb\n"
    static func redraw(replacingRows rows: Int, with lines: [String]) -> String {
        (rows > 0 ? "\u{1B}[\(rows)A" : "") + "\r\u{1B}[J" + lines.map { $0 + "\n" }.joined()
    }

    /// Shows `picture` in place of the one on screen.
    mutating func show(_ picture: [String]) {
        guard !picture.isEmpty else { return }
        write(Self.redraw(replacingRows: shownRows, with: picture))
        shownRows = picture.count
    }

    /// Runs keys (one keystroke's bytes each, nil when the input ended or was interrupted)
    /// until the knob is left; the statement that keeps the value, if Enter kept a new one.
    /// `resized` is asked before each key: true redraws at the new size.
    mutating func run(readKey: () -> [Int32]?, resized: () -> Bool = { false }) -> String? {
        while knobs.isTurningKnob {
            if resized() { show(knobs.knob(.redraw).picture) }
            guard let bytes = readKey() else {
                _ = knobs.knob(.undo)
                write("knob left; the value is back where it was\n")
                return nil
            }
            if bytes == [3] || bytes == [4] || bytes.isEmpty {   // Ctrl-C, Ctrl-D: as Esc
                _ = knobs.knob(.undo)
                write("knob left; the value is back where it was\n")
                return nil
            }
            guard let key = KnobKey(bytes: bytes) else { continue }
            let answer = knobs.knob(key)
            switch key {
            case .keep:
                if let settled = answer.settled { return settled }
                write("knob left; the value did not move\n")
                return nil
            case .undo:
                write("knob left; the value is back where it was\n")
                return nil
            default:
                show(answer.picture)
            }
        }
        return nil
    }

    /// One keystroke from the terminal: a byte, or an escape sequence that arrives with it
    /// (a lone Escape is just [27]); nil at end of input, or when `interrupted` says so.
    static func readKeystroke(from descriptor: Int32, interrupted: () -> Bool) -> [Int32]? {
        func byte(waiting milliseconds: Int32) -> Int32?? {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds)
            if ready <= 0 { return .some(nil) }   // nothing in time (or EINTR)
            var value: UInt8 = 0
            return read(descriptor, &value, 1) == 1 ? .some(Int32(value)) : nil
        }
        while true {
            if interrupted() { return [3] }
            guard let first = byte(waiting: 100) else { return nil }
            guard let key = first else { continue }
            guard key == 27 else { return [key] }
            var bytes = [key]
            if case let next?? = byte(waiting: 30) {
                bytes.append(next)
                if next == 91 || next == 79, case let last?? = byte(waiting: 30) { bytes.append(last) }
            }
            return bytes
        }
    }
}
