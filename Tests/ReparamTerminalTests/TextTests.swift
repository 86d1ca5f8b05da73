import XCTest
@testable import ReparamTerminal

final class TerminalTextTests: XCTestCase {
    func testStripsColorAndTitleSequences() {
        XCTAssertEqual(TerminalText.stripEscapes("\u{1B}[1;31mred\u{1B}[0m plain"), "red plain")
        XCTAssertEqual(TerminalText.stripEscapes("\u{1B}]0;title\u{07}after"), "after")
        XCTAssertEqual(TerminalText.stripEscapes("\u{1B}]0;title\u{1B}\\after"), "after")
        XCTAssertEqual(TerminalText.stripEscapes("bell\u{07}\r"), "bell")
    }

    func testKeepsNewlinesAndUnicodeAndExpandsTabs() {
        XCTAssertEqual(TerminalText.stripEscapes("a\tb\nxy\tz"), "a       b\nxy      z")
        XCTAssertEqual(TerminalText.stripEscapes("⣿▁▂ μ"), "⣿▁▂ μ")
    }

    func testClipAndWrapCountCharacters() {
        XCTAssertEqual(TerminalText.clip("μσ²abc", columns: 3), "μσ²")
        XCTAssertEqual(TerminalText.clip("ab", columns: 0), "")
        XCTAssertEqual(TerminalText.wrap("abcdefg", columns: 3), ["abc", "def", "g"])
        XCTAssertEqual(TerminalText.wrap("", columns: 3), [""])
        XCTAssertEqual(TerminalText.wrap("abc", columns: 0), [])
    }

    func testASCIIFallback() {
        XCTAssertEqual(TerminalText.ascii("40×16 · ok…"), "40x16 - ok...")
        XCTAssertEqual(TerminalText.ascii("── μ ⣿ │"), "-- mu ? |")
        // Help and lesson text under LANG=C: the math reads as ASCII, not as question marks.
        XCTAssertEqual(TerminalText.ascii("dz/dθ = −(∂F/∂θ)(z; θ) / p(z; θ)"), "dz/dtheta = -(dF/dtheta)(z; theta) / p(z; theta)")
        XCTAssertEqual(TerminalText.ascii("← back  Σₖ πₖ Fₖ  σ²  F⁻¹(u)  n^(1/3) ≤ 2"), "<- back  sum_k pi_k F_k  sigma^2  F^-1(u)  n^(1/3) <= 2")
        XCTAssertEqual(TerminalText.ascii("plain"), "plain")
    }

    func testLinesSplitWindowsAndUnixLineEnds() {
        XCTAssertEqual(TerminalText.lines("a\r\nb\nc"), ["a", "b", "c"])
        XCTAssertEqual(TerminalText.lines("a\n"), ["a", ""])
        XCTAssertEqual(TerminalText.lines(""), [""])
        XCTAssertEqual(TerminalText.lines("x\ry"), ["x\ry"])
    }
}

final class ScrollbackTests: XCTestCase {
    func testShowsTheNewestRowsWrappedToTheWidth() {
        var scrollback = Scrollback()
        scrollback.append("first")
        scrollback.append("second line that wraps")
        scrollback.append("a\nb")
        XCTAssertEqual(scrollback.visibleRows(columns: 10, rows: 4), ["e that wra", "ps", "a", "b"])
        XCTAssertEqual(scrollback.visibleRows(columns: 80, rows: 10), ["first", "second line that wraps", "a", "b"])
        XCTAssertEqual(scrollback.visibleRows(columns: 80, rows: 0), [])
    }

    func testScrollingBackShowsOlderRowsAndStopsAtTheOldest() {
        var scrollback = Scrollback()
        for index in 1...10 { scrollback.append("\(index)") }
        XCTAssertEqual(scrollback.visibleRows(columns: 5, rows: 3, scrolledBack: 0), ["8", "9", "10"])
        XCTAssertEqual(scrollback.visibleRows(columns: 5, rows: 3, scrolledBack: 2), ["6", "7", "8"])
        XCTAssertEqual(scrollback.visibleRows(columns: 5, rows: 3, scrolledBack: 7), ["1", "2", "3"])
        XCTAssertEqual(scrollback.visibleRows(columns: 5, rows: 3, scrolledBack: 50), ["1", "2", "3"])
        XCTAssertEqual(scrollback.visibleRows(columns: 5, rows: 20, scrolledBack: 4), (1...10).map(String.init))
        XCTAssertEqual(scrollback.rowCount(columns: 5), 10)
        scrollback.append("abcdefghijk")
        XCTAssertEqual(scrollback.rowCount(columns: 5), 13)
        XCTAssertEqual(scrollback.visibleRows(columns: 5, rows: 2, scrolledBack: 2), ["10", "abcde"])
    }

    func testDropsTheOldestBeyondCapacity() {
        var scrollback = Scrollback(capacity: 3)
        for index in 1...5 { scrollback.append("\(index)") }
        XCTAssertEqual(scrollback.lines, ["3", "4", "5"])
    }

    func testEscapesNeverReachTheScreen() {
        var scrollback = Scrollback()
        scrollback.append("\u{1B}[32mok\u{1B}[0m")
        XCTAssertEqual(scrollback.lines, ["ok"])
    }
}

final class FrameMailboxTests: XCTestCase {
    func testKeepsOnlyTheNewestFrame() {
        let mailbox = FrameMailbox()
        XCTAssertNil(mailbox.take())
        mailbox.post(["1"])
        mailbox.post(["2"])
        XCTAssertEqual(mailbox.take(), ["2"])
        XCTAssertNil(mailbox.take())
    }
}

final class ScrollbackRoleTests: XCTestCase {
    func testEachRowKeepsTheRoleOfItsLineThroughWrapping() {
        var scrollback = Scrollback()
        scrollback.append("# a comment that wraps", as: .comment)
        scrollback.append("\u{1B}[31mbad\u{1B}[0m", as: .error)
        scrollback.append("2")
        let rows = scrollback.visibleStyledRows(columns: 12, rows: 4)
        XCTAssertEqual(rows.map(\.text), ["# a comment ", "that wraps", "bad", "2"])
        XCTAssertEqual(rows.map(\.role), [.comment, .comment, .error, .output])
        XCTAssertEqual(scrollback.visibleRows(columns: 12, rows: 1, scrolledBack: 1), ["bad"])
    }

    func testCompletionCandidatesAreLaidOutInColumns() {
        XCTAssertEqual(TerminalText.columns(["d.mean", "d.rsample(", "d.sample("], width: 24), ["d.mean      d.rsample(", "d.sample("])
        XCTAssertEqual(TerminalText.columns(["a", "b"], width: 1), ["a", "b"])
        XCTAssertEqual(TerminalText.columns([], width: 80), [])
    }
}

final class StyledTextTests: XCTestCase {
    func testSplitsRunsAtColorChanges() {
        XCTAssertEqual(StyledText.runs("a\u{1B}[31mb\u{1B}[0mc"),
                       [.init("a"), .init("b", color: 1), .init("c")])
    }

    func testBrightAndBoldAndCombinedParameters() {
        XCTAssertEqual(StyledText.runs("\u{1B}[1;32mok\u{1B}[22m!"), [.init("ok", color: 2, bold: true), .init("!", color: 2)])
        XCTAssertEqual(StyledText.runs("\u{1B}[94mhi"), [.init("hi", color: 4, bold: true)])
        XCTAssertEqual(StyledText.runs("\u{1B}[38;5;3my\u{1B}[38;5;9mr\u{1B}[39md"),
                       [.init("y", color: 3), .init("r", color: 1, bold: true), .init("d", bold: true)])
        XCTAssertEqual(StyledText.runs("\u{1B}[mx"), [.init("x")])
        XCTAssertEqual(StyledText.runs("\u{1B}[90mgray\u{1B}[34mblue"), [.init("gray", dim: true), .init("blue", color: 4)])
    }

    func testPlainTextIsOneRunAndOtherEscapesVanish() {
        XCTAssertEqual(StyledText.runs("plain"), [.init("plain")])
        XCTAssertEqual(StyledText.runs(""), [.init("")])
        XCTAssertEqual(StyledText.runs("a\u{1B}[2Kb"), [.init("ab")])
        XCTAssertEqual(StyledText.runs("a\u{1B}]0;t\u{07}b"), [.init("ab")])
    }

    func testAdjacentEscapesWithTheSameStyleMerge() {
        XCTAssertEqual(StyledText.runs("\u{1B}[31ma\u{1B}[31mb"), [.init("ab", color: 1)])
    }
}
