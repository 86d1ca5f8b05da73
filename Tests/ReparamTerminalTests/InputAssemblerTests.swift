import XCTest
@testable import ReparamTerminal

/// Pasting a transcript runs its commands only; an open bracket continues the statement.
final class InputAssemblerTests: XCTestCase {
    func testPastedTranscriptRunsItsCommandsAndSkipsTheirOutput() {
        var input = InputAssembler()
        let pasted = """
            reparam> let d = normal(0, 1)
            d = Normal(loc: 0, scale: 1)
            reparam> grad mean(d.rsample(10))
            value  0.1
            grad   d.loc    1
                   d.scale  0.3
            reparam> d.mean
            0
            """
        XCTAssertEqual(input.feed(pasted), ["let d = normal(0, 1)", "grad mean(d.rsample(10))", "d.mean"])
        // A saved session's lines: `| ` output and `! ` errors are skipped, comments kept as statements.
        XCTAssertEqual(input.feed("reparam> 1 + 1\n| 2\n! error: x\nreparam> 3"), ["1 + 1", "3"])
        // Plain lines without prompts run as they are.
        XCTAssertEqual(input.feed("let a = 1\na + 1"), ["let a = 1", "a + 1"])
        XCTAssertEqual(input.feed("| 2\nlet b = 2"), ["let b = 2"])
    }

    func testAnOpenBracketContinuesOnTheNextLine() {
        var input = InputAssembler()
        XCTAssertEqual(input.feed("grad mean(d.rsample(10)"), [])
        XCTAssertTrue(input.isContinuing)
        XCTAssertEqual(input.feed("   ^2)"), ["grad mean(d.rsample(10) ^2)"])
        XCTAssertFalse(input.isContinuing)
        // A pasted multi-line statement is one statement; brackets inside strings do not count.
        XCTAssertEqual(input.feed("let v = [1,\n  2,\n  3]\nv"), ["let v = [1, 2, 3]", "v"])
        XCTAssertEqual(input.feed("let s = \"(\""), ["let s = \"(\""])
        // Ctrl-C forgets the unfinished statement.
        XCTAssertEqual(input.feed("f(1,"), [])
        input.abandon()
        XCTAssertEqual(input.feed("2"), ["2"])
        // In a pasted transcript, a continued command's `   ...> ` lines belong to it.
        XCTAssertEqual(input.feed("reparam> let w = [1,\n   ...> 2]\nw = [1, 2]"), ["let w = [1, 2]"])
    }
}
