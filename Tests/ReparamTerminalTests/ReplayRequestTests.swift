import XCTest
import _CNcurses
@testable import ReparamTerminal

final class ReplayRequestTests: XCTestCase {
    private func parse(_ arguments: [String]) throws -> ReplayRequest {
        guard case let .replay(request) = try ReparamCommand.invocation(for: ["replay"] + arguments).command else {
            throw CommandLineError("not a replay")
        }
        return request
    }

    private func message(_ arguments: [String]) -> String? {
        do {
            _ = try ReparamCommand.invocation(for: ["replay"] + arguments)
            return nil
        } catch {
            return ReparamCommand.message(for: error)
        }
    }

    func testTheModes() throws {
        XCTAssertEqual(try parse(["a.reparam"]), ReplayRequest(files: ["a.reparam"]))
        XCTAssertEqual(try parse(["--pace", "2.5", "a.reparam"]), ReplayRequest(files: ["a.reparam"], pace: 2.5))
        XCTAssertEqual(try parse(["--check", "a.reparam", "b.reparam"]), ReplayRequest(files: ["a.reparam", "b.reparam"], mode: .check))
        XCTAssertEqual(try parse(["a.reparam", "--check", "--tolerance", "1e-6"]),
                       ReplayRequest(files: ["a.reparam"], mode: .check, tolerance: 1e-6))
        XCTAssertEqual(try parse(["--record", "a.reparam"]), ReplayRequest(files: ["a.reparam"], mode: .record))
        XCTAssertEqual(try ReparamCommand.invocation(for: ["--plain", "replay", "a.reparam"]).command,
                       .replay(ReplayRequest(files: ["a.reparam"], plain: true)))
        XCTAssertEqual(try parse(["--", "--odd.reparam"]), ReplayRequest(files: ["--odd.reparam"]))
    }

    func testMistakesSayWhatWouldBeRight() {
        XCTAssertEqual(message([]), "'replay' needs a session file: reparam replay Sessions/01-explicit-normal.reparam")
        XCTAssertEqual(message(["--pace"]), "Missing value for '--pace <seconds>'")
        XCTAssertEqual(message(["--pace", "-1", "a"]),
                       "The value '-1' is invalid for '--pace <seconds>': a number from 0 up is needed, e.g. --pace 2")
        XCTAssertEqual(message(["--check", "--tolerance", "x", "a"]),
                       "The value 'x' is invalid for '--tolerance <x>': a number from 0 up is needed, e.g. --tolerance 1e-6")
        XCTAssertEqual(message(["--tolerance", "1e-6", "a"]), "--tolerance works with --check")
        XCTAssertEqual(message(["--check", "--record", "a"]), "--check and --record cannot be combined: check first, record on purpose")
        XCTAssertEqual(message(["--check", "--pace", "1", "a"]), "--pace works when showing a session, not with --check or --record")
        XCTAssertEqual(message(["a", "b"]), "replay shows one session at a time; got 2 files (--check takes several)")
        XCTAssertEqual(message(["--fast", "a"]), "Unknown option '--fast'. Did you mean '--pace'?")
    }

    func testKeys() {
        func action(_ bytes: [Int32]) -> ReplayKey {
            var rest = bytes.dropFirst()
            return ReplayKey.action(for: bytes[0]) { rest.popFirst() }
        }
        for key in ["\r", "\n", "n"] { XCTAssertEqual(action([Int32(key.utf8.first!)]), .forward, key) }
        XCTAssertEqual(action([32]), .pause, "space: next, or pause and resume under --pace")
        for key in ["b", "\u{7F}"] { XCTAssertEqual(action([Int32(key.utf8.first!)]), .back, key) }
        for key in ["q", "\u{3}", "\u{4}"] { XCTAssertEqual(action([Int32(key.utf8.first!)]), .quit, key) }
        XCTAssertEqual(action([27, 91, 67]), .forward)    // ESC [ C: →
        XCTAssertEqual(action([27, 79, 68]), .back)       // ESC O D: ← in keypad-transmit mode
        XCTAssertEqual(action([27, 91, 65]), .none)       // ↑ does nothing
        XCTAssertEqual(action([27]), .quit)               // Esc alone
        XCTAssertEqual(action([Int32(UInt8(ascii: "x"))]), .none)
        // Jumps, scrolling and the live prompt.
        XCTAssertEqual(action([Int32(UInt8(ascii: "7"))]), .digit(7))
        XCTAssertEqual(action([Int32(UInt8(ascii: "g"))]), .start)
        XCTAssertEqual(action([Int32(UInt8(ascii: "G"))]), .end)
        XCTAssertEqual(action([27, 91, 72]), .start)              // ESC [ H: Home
        XCTAssertEqual(action([27, 91, 52, 126]), .end)           // ESC [ 4 ~: End
        XCTAssertEqual(action([27, 91, 53, 126]), .page(1))       // ESC [ 5 ~: PageUp
        XCTAssertEqual(action([27, 91, 54, 126]), .page(-1))      // ESC [ 6 ~: PageDown
        XCTAssertEqual(action([27, 91, 53]), .none)               // cut short
        XCTAssertEqual(action([Int32(UInt8(ascii: ":"))]), .prompt)
        XCTAssertEqual(action([Int32(UInt8(ascii: "i"))]), .prompt)
    }
}
