import XCTest
import ReparamLanguage
@testable import ReparamTerminal

/// A knob over one number: its picture is a header and a bar as long as the value.
private final class CountingKnob: KnobControl {
    var value = 2
    var isTurningKnob = true
    var picture: [String] { ["v = \(value)", String(repeating: "#", count: value)] }

    func knob(_ key: KnobKey) -> (picture: [String], settled: String?) {
        switch key {
        case .nudgeUp: value += 1
        case .nudgeDown: value -= 1
        case .keep: isTurningKnob = false; return ([], value == 2 ? nil : "let v = \(value)")
        case .undo: isTurningKnob = false; value = 2; return ([], nil)
        default: break
        }
        return (picture, nil)
    }
}

/// The plain REPL's knob: each key redraws the picture in place (cursor up over the old one,
/// clear, the new one), Enter gives back the `let`, Esc/Ctrl-C/Ctrl-D put the value back.
final class ReadlineKnobTests: XCTestCase {
    private func turn(_ keys: [[Int32]], knob: CountingKnob = CountingKnob()) -> (settled: String?, written: String, knob: CountingKnob) {
        var written = ""
        var remaining = keys
        var control = ReadlineKnob(knobs: knob, shownRows: 2) { written += $0 }
        let settled = control.run(readKey: { remaining.isEmpty ? nil : remaining.removeFirst() })
        return (settled, written, knob)
    }

    private let right: [Int32] = [27, 91, 67], left: [Int32] = [27, 91, 68]

    func testEachNudgeReplacesThePictureOnScreen() {
        let (settled, written, _) = turn([right, right, left, [13]])
        XCTAssertEqual(settled, "let v = 3")
        let up = "\u{1B}[2A\r\u{1B}[J"
        XCTAssertEqual(written, up + "v = 3\n###\n" + up + "v = 4\n####\n" + up + "v = 3\n###\n")
    }

    func testEscapeCtrlCAndTheEndOfInputPutTheValueBack() {
        for keys in [[right, [27]], [right, [3]], [right, [4]], [right]] {
            let (settled, written, knob) = turn(keys)
            XCTAssertNil(settled)
            XCTAssertEqual(knob.value, 2, "\(keys)")
            XCTAssertTrue(written.hasSuffix("knob left; the value is back where it was\n"), written)
        }
    }

    func testOtherKeysAreIgnoredAndEnterWithoutAMoveSaysSo() {
        let (settled, written, _) = turn([[120], [13]])
        XCTAssertNil(settled)
        XCTAssertEqual(written, "knob left; the value did not move\n")
    }

    func testTheRedrawSequence() {
        XCTAssertEqual(ReadlineKnob.redraw(replacingRows: 2, with: ["a", "b"]), "\u{1B}[2Aa\nb\n".replacingOccurrences(of: "Aa", with: "A\r\u{1B}[Ja"))
        XCTAssertEqual(ReadlineKnob.redraw(replacingRows: 0, with: ["a"]), "\r\u{1B}[Ja\n")
    }
}
