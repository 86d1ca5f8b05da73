import XCTest
@testable import Reparam

/// The tensor-product Chebyshev interpolant against closed forms: accurate inside, nil outside, and
/// refused when the function is not smooth enough for the tolerance or not finite.
final class PiecewiseChebyshev2DTests: XCTestCase {
    func testSmoothFunctionToRoundingAndNilOutside() throws {
        let f = { (u: Double, s: Double) in Foundation.exp(u) * (2 + Foundation.sin(s)) }
        let table = try XCTUnwrap(PiecewiseChebyshev2D(u: 0...1, cellsU: 4, s: 0...2, cellsS: 8, tolerance: 1e-13, function: f))
        var worst = WorstError("e^u (2 + sin s)")
        for i in 0...40 {
            for j in 0...40 {
                let (u, s) = (Double(i) / 40, 2 * Double(j) / 40)
                let value = try XCTUnwrap(table.evaluate(u: u, s: s))
                XCTAssertLessThanOrEqual(worst.record(value, f(u, s), at: "u=\(u) s=\(s)"), 1e-14)
            }
        }
        print(worst.summary)
        XCTAssertNil(table.evaluate(u: -0.01, s: 1))
        XCTAssertNil(table.evaluate(u: 0.5, s: 2.01))
        XCTAssertNil(table.evaluate(u: .nan, s: 1))
    }

    func testRefusesWhatItCannotHold() {
        // A kink at s = 1 inside a cell: degree 8 cannot reach 1e-10 there.
        XCTAssertNil(PiecewiseChebyshev2D(u: 0...1, cellsU: 1, s: 0...2.5, cellsS: 1, tolerance: 1e-10) { u, s in 1 + u + Swift.abs(s - 1) })
        XCTAssertNil(PiecewiseChebyshev2D(u: 0...1, cellsU: 2, s: 0...1, cellsS: 2, tolerance: 1e-10) { u, _ in u > 0.7 ? .nan : 1 })
        XCTAssertNil(PiecewiseChebyshev2D(u: 0...1, cellsU: 0, s: 0...1, cellsS: 2, tolerance: 1e-10) { _, _ in 1 })
    }
}
