import XCTest
@testable import ReparamTerminal

/// Errors in colour where colour is allowed: the message and its caret red, the source line plain.
final class ErrorColorTests: XCTestCase {
    func testErrorsAreRedOnlyWhereColourIsAllowed() {
        let colored = SessionEvaluator(configuration: EvaluatorConfiguration(mode: .readline, color: true))
        guard case let .error(text)? = colored.evaluate("1 + nope").first else { return XCTFail("no error") }
        let lines = text.components(separatedBy: "\n")
        XCTAssertEqual(lines.count, 3, text)
        XCTAssertTrue(lines[0].hasPrefix("\u{1B}[1m\u{1B}[31merror: unknown name 'nope'") && lines[0].hasSuffix("\u{1B}[0m"), lines[0])
        XCTAssertEqual(lines[1], "  1 + nope")
        XCTAssertEqual(lines[2], "\u{1B}[31m      ^\u{1B}[0m")
        let plain = SessionEvaluator(configuration: EvaluatorConfiguration(mode: .readline, color: false))
        guard case let .error(uncolored)? = plain.evaluate("1 + nope").first else { return XCTFail("no error") }
        XCTAssertFalse(uncolored.contains("\u{1B}"), uncolored)
        XCTAssertEqual(TerminalText.stripEscapes(text), uncolored)
    }
}
