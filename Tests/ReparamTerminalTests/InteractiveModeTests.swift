import XCTest
@testable import ReparamTerminal

final class InteractiveModeTests: XCTestCase {
    private func facts(input: Bool = true, output: Bool = true, error: Bool = true, term: String? = "xterm-256color",
                       noColor: Bool = false) -> TerminalFacts {
        TerminalFacts(inputIsTerminal: input, outputIsTerminal: output, errorIsTerminal: error,
                      term: term, noColor: noColor, unicode: true)
    }

    func testTheModeTable() {
        XCTAssertEqual(InteractiveMode.choose(plain: false, terminal: facts()), .pane)
        XCTAssertEqual(InteractiveMode.choose(plain: true, terminal: facts()), .readline)
        XCTAssertEqual(InteractiveMode.choose(plain: false, terminal: facts(output: false)), .readline)
        XCTAssertEqual(InteractiveMode.choose(plain: false, terminal: facts(term: "dumb")), .readline)
        XCTAssertEqual(InteractiveMode.choose(plain: false, terminal: facts(term: nil)), .readline)
        XCTAssertEqual(InteractiveMode.choose(plain: false, terminal: facts(input: false)), .plain)
        XCTAssertEqual(InteractiveMode.choose(plain: true, terminal: facts(input: false, output: false)), .plain)
    }

    func testColorOnlyOnATerminalThatWantsIt() {
        XCTAssertTrue(facts().color(on: .output))
        XCTAssertFalse(facts(noColor: true).color(on: .output))
        XCTAssertFalse(facts(output: false).color(on: .output))
        XCTAssertTrue(facts(output: false).color(on: .error))
        XCTAssertFalse(facts(term: "dumb").color(on: .output))
    }

    func testNoColorMeansAnyNonEmptyValue() {
        XCTAssertTrue(TerminalFacts(environment: ["NO_COLOR": "1", "TERM": "xterm"], unicode: false).noColor)
        XCTAssertFalse(TerminalFacts(environment: ["NO_COLOR": "", "TERM": "xterm"], unicode: false).noColor)
        XCTAssertFalse(TerminalFacts(environment: ["TERM": "xterm"], unicode: false).noColor)
    }
}
