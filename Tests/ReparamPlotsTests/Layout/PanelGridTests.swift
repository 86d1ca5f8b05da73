import XCTest
@testable import ReparamPlots

/// Panels side by side: widths counted without color escapes, cut and padded exactly.
final class PanelGridTests: XCTestCase {
    func testBesidePadsCutsAndFillsTheHeight() {
        let rows = PanelGrid.beside([["abc", "abcdefgh"], ["xy"]], widths: [5, 3], gap: 2, height: 3)
        XCTAssertEqual(rows, ["abc    xy", "abcde  ", "       "])
    }

    func testColorEscapesTakeNoColumnsAndACutColorIsClosed() {
        let red = "\u{1B}[31m", reset = "\u{1B}[0m"
        XCTAssertEqual(PanelGrid.visibleWidth(red + "ab" + reset + "c"), 3)
        XCTAssertEqual(PanelGrid.fitted(red + "abcd", width: 2), red + "ab" + reset)
        XCTAssertEqual(PanelGrid.fitted(red + "a" + reset, width: 3, pad: true), red + "a" + reset + reset + "  ")
        XCTAssertEqual(PanelGrid.visibleWidth(PanelGrid.fitted(red + "a" + reset, width: 3, pad: true)), 3)
    }
}
