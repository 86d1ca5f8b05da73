import XCTest
@testable import ReparamLanguage

final class NumericToleranceTests: XCTestCase {
    let tolerance = NumericTolerance(relative: 1e-9)

    func testIdenticalLinesMatch() {
        XCTAssert(tolerance.matches("grad   d.loc    1", "grad   d.loc    1"))
    }

    func testNumbersWithinTheRelativeToleranceMatch() {
        XCTAssert(tolerance.matches("x = 0.12345678901234", "x = 0.12345678901239"))
        XCTAssertFalse(tolerance.matches("x = 0.123456789", "x = 0.123456792"))   // 2.4e-8 relative
        XCTAssert(NumericTolerance(relative: 1e-6).matches("x = 0.123456789", "x = 0.123456792"))
    }

    func testOneUnitInTheLastShownDigitMatches() {
        XCTAssert(tolerance.matches("d.scale  0.600516", "d.scale  0.600517"))
        XCTAssert(tolerance.matches("-1.23456e-07", "-1.23457e-07"))
        XCTAssertFalse(tolerance.matches("-1.5e-07", "-1.6e-07"))      // too few digits to be a rounding tie
        XCTAssertFalse(tolerance.matches("steps 6", "steps 7"))
        XCTAssertFalse(tolerance.matches("d.scale  0.600516", "d.scale  0.600518"))
        XCTAssertFalse(tolerance.matches("0.600516", "0.60052"))          // different number of decimals
        XCTAssertFalse(tolerance.matches("1.5e-07", "1.6e-08"))
    }

    func testTextMustMatchExactly() {
        XCTAssertFalse(tolerance.matches("grad d.loc 1", "grad d.scale 1"))
        XCTAssertFalse(tolerance.matches("[1, 2]", "[1, 2, 3]"))
        XCTAssert(tolerance.matches("value 2   ", "value 2"))
    }

    func testNumbersInsideNamesAreText() {
        XCTAssertEqual(NumericTolerance.pieces("x1 = -2.5e-3, .5"),
                       [.text("x1 = "), .number("-2.5e-3"), .text(", "), .number(".5")])
        XCTAssertEqual(NumericTolerance.pieces("a-1 e5"), [.text("a-"), .number("1"), .text(" e5")])
        XCTAssertFalse(tolerance.matches("x1", "x2"))
    }
}
