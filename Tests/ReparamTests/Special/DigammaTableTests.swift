import XCTest
@testable import Reparam

/// The per-element Gamma gradient's ψ (`digammaForShape`: a table on [1, 13)) against mpmath
/// (scripts/fixtures/gamma_fixtures.py) and, densely between those points, against `digamma`.
/// Bound: 5e-15 · max(1, |ψ|), the absolute accuracy the gradient's log z − ψ needs.
final class DigammaTableTests: XCTestCase {
    func testTableIsBuiltAndMatchesMpmath() throws {
        XCTAssertNotNil(DigammaTable.shifted, "the interpolant failed its own check; the fast path is not in use")
        var worst = (error: 0.0, x: 0.0)
        for row in try fixture("gamma_functions.tsv") where row[0] > 0 {
            let error = Swift.abs(digammaForShape(row[0]) - row[2]) / Swift.max(1, Swift.abs(row[2]))
            XCTAssertLessThanOrEqual(error, 5e-15, "x = \(row[0])")
            if error > worst.error { worst = (error, row[0]) }
        }
        print("digammaForShape against mpmath: worst error \(worst.error) · max(1, |ψ|) at x = \(worst.x)")
    }

    func testDenseAgainstDigamma() {
        var worst = (error: 0.0, x: 0.0)
        for i in 0..<100_000 {
            let x = 1e-3 + Double(i) * 1.3e-4   // (0, 14]: below, across and above the table
            let error = Swift.abs(digammaForShape(x) - digamma(x)) / Swift.max(1, Swift.abs(digamma(x)))
            if error > worst.error { worst = (error, x) }
        }
        print("digammaForShape against digamma on (0, 14]: worst \(worst.error) · max(1, |ψ|) at x = \(worst.x)")
        XCTAssertLessThanOrEqual(worst.error, 5e-15)
    }
}
