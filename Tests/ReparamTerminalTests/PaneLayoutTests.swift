import XCTest
@testable import ReparamTerminal

final class PaneLayoutTests: XCTestCase {
    /// Every row belongs to exactly one region, in order: pane, rule, scrollback, input.
    private func assertCoversScreen(_ layout: PaneLayout, file: StaticString = #filePath, line: UInt = #line) {
        let ruleRows = layout.ruleRow == nil ? 0 : 1
        XCTAssertEqual(layout.paneRows + ruleRows + layout.scrollbackRows + 1, layout.rows, file: file, line: line)
        XCTAssertEqual(layout.scrollbackTop + layout.scrollbackRows, layout.inputRow, file: file, line: line)
        XCTAssertEqual(layout.inputRow, layout.rows - 1, file: file, line: line)
        if let rule = layout.ruleRow { XCTAssertEqual(rule, layout.paneRows, file: file, line: line) }
    }

    func testStandardTerminal() {
        let layout = PaneLayout(columns: 80, rows: 24)
        XCTAssertTrue(layout.showsPane)
        XCTAssertEqual(layout.paneRows, 13)        // ⌊22·3/5⌋
        XCTAssertEqual(layout.ruleRow, 13)
        XCTAssertEqual(layout.scrollbackTop, 14)
        XCTAssertEqual(layout.scrollbackRows, 9)
        XCTAssertEqual(layout.inputRow, 23)
        XCTAssertNil(layout.notice)
        assertCoversScreen(layout)
    }

    func testLargeTerminal() {
        let layout = PaneLayout(columns: 200, rows: 60)
        XCTAssertEqual(layout.paneRows, 34)        // ⌊58·3/5⌋
        XCTAssertEqual(layout.scrollbackRows, 24)
        assertCoversScreen(layout)
    }

    func testSmallestSizeWithAPane() {
        let layout = PaneLayout(columns: 40, rows: 16)
        XCTAssertTrue(layout.showsPane)
        XCTAssertEqual(layout.paneRows, 8)
        XCTAssertEqual(layout.scrollbackRows, 6)
        assertCoversScreen(layout)
    }

    func testTooNarrowFallsBackWithANotice() {
        let layout = PaneLayout(columns: 39, rows: 24)
        XCTAssertFalse(layout.showsPane)
        XCTAssertEqual(layout.ruleRow, 0)
        XCTAssertEqual(layout.notice, "terminal too small for the plot pane (needs 40×16); plots print below")
        XCTAssertEqual(layout.scrollbackTop, 1)
        XCTAssertEqual(layout.scrollbackRows, 22)
        assertCoversScreen(layout)
    }

    func testTooShortFallsBack() {
        let layout = PaneLayout(columns: 80, rows: 15)
        XCTAssertFalse(layout.showsPane)
        XCTAssertEqual(layout.scrollbackRows, 13)
        assertCoversScreen(layout)
    }

    func testPlotSizeIsThePaneOrAReadableFallback() {
        let standard = PaneLayout(columns: 80, rows: 24)
        XCTAssertEqual(standard.plotColumns, 80)
        XCTAssertEqual(standard.plotRows, 13)
        let narrow = PaneLayout(columns: 30, rows: 10)
        XCTAssertEqual(narrow.plotColumns, 30)
        XCTAssertEqual(narrow.plotRows, PaneLayout.fallbackPlotRows)
        let tallButNarrow = PaneLayout(columns: 30, rows: 40)
        XCTAssertEqual(tallButNarrow.plotRows, 38)
    }

    func testTinyTerminals() {
        let three = PaneLayout(columns: 10, rows: 3)
        XCTAssertEqual(three.scrollbackRows, 1)
        XCTAssertNotNil(three.notice)
        assertCoversScreen(three)

        let two = PaneLayout(columns: 10, rows: 2)
        XCTAssertNil(two.notice)
        XCTAssertNil(two.ruleRow)
        XCTAssertEqual(two.scrollbackRows, 1)
        assertCoversScreen(two)

        let one = PaneLayout(columns: 1, rows: 1)
        XCTAssertEqual(one.scrollbackRows, 0)
        XCTAssertEqual(one.inputRow, 0)
        assertCoversScreen(one)
    }

    func testNonsenseSizesAreClampedToOneCell() {
        let layout = PaneLayout(columns: 0, rows: -5)
        XCTAssertEqual(layout.columns, 1)
        XCTAssertEqual(layout.rows, 1)
        assertCoversScreen(layout)
    }

    func testEverySizeUpTo120By50CoversTheScreen() {
        for columns in stride(from: 1, through: 120, by: 7) {
            for rows in 1...50 {
                let layout = PaneLayout(columns: columns, rows: rows)
                assertCoversScreen(layout)
                XCTAssertEqual(layout.showsPane, columns >= 40 && rows >= 16, "\(columns)x\(rows)")
                if layout.showsPane { XCTAssertGreaterThanOrEqual(layout.scrollbackRows, 3, "\(columns)x\(rows)") }
            }
        }
    }
}
