import XCTest
@testable import Reparam

/// P, Q, ∂P/∂a and ∂P/∂x against mpmath (scripts/fixtures/gamma_fixtures.py).
final class RegularizedGammaTests: XCTestCase {
    func testValuesAndDerivativesAgainstMpmath() throws {
        var worst = [String: (Double, Double, Double)]()
        var bulk = 0.0
        func note(_ name: String, _ error: Double, _ a: Double, _ x: Double) {
            if error > (worst[name]?.0 ?? -1) { worst[name] = (error, a, x) }
        }
        for row in try fixture("gamma_incomplete.tsv") {
            let (a, x) = (row[0], row[1])
            let inA = regularizedGammaP(Dual(a, derivative: 1), Dual(x))
            let inX = regularizedGammaP(Dual(a), Dual(x, derivative: 1))
            let q = regularizedGammaQ(Dual(a, derivative: 1), Dual(x))
            note("P", relativeError(regularizedGammaP(a, x), row[2]), a, x)
            note("Q", relativeError(regularizedGammaQ(a, x), row[3]), a, x)
            note("dP/da", relativeError(inA.derivative, row[4]), a, x)
            note("dQ/da", relativeError(-q.derivative, row[4]), a, x)
            note("dP/dx", relativeError(inX.derivative, row[5]), a, x)
            if min(row[2], row[3]) >= 1e-3 {
                bulk = max(bulk, relativeError(regularizedGammaP(a, x), row[2]), relativeError(regularizedGammaQ(a, x), row[3]),
                           relativeError(inA.derivative, row[4]), relativeError(inX.derivative, row[5]))
            }
            assertRelative(inA.value, regularizedGammaP(a, x), 4e-15)
            // A value e^E is computed through its exponent E, whose rounding
            // (≈ ulp(E)) becomes relative error: allow 1e-13 plus that.
            func tolerance(_ expected: Double) -> Double { 1e-13 + 4e-16 * abs(Foundation.log(abs(expected))) }
            assertRelative(regularizedGammaP(a, x), row[2], tolerance(row[2]), "P(\(a), \(x))")
            assertRelative(regularizedGammaQ(a, x), row[3], tolerance(row[3]), "Q(\(a), \(x))")
            assertRelative(inA.derivative, row[4], tolerance(row[4]), "∂P/∂a(\(a), \(x))")
            assertRelative(-q.derivative, row[4], tolerance(row[4]), "−∂Q/∂a(\(a), \(x))")
            assertRelative(inX.derivative, row[5], tolerance(row[5]), "∂P/∂x(\(a), \(x))")
        }
        for (name, w) in worst.sorted(by: { $0.key < $1.key }) { print("worst \(name): \(w.0) at a=\(w.1) x=\(w.2)") }
        print("worst where min(P, Q) ≥ 1e-3:", bulk)
    }

    func testClosedFormsForIntegerShape() {
        // P(1, x) = 1 − e⁻ˣ, P(2, x) = 1 − (1+x)e⁻ˣ; ∂P(1,x)/∂x = e⁻ˣ.
        for x in [1e-8, 0.3, 1.0, 2.5, 40] {
            assertRelative(regularizedGammaP(1.0, x), -expm1(-x), 4e-15)
            assertRelative(regularizedGammaQ(2.0, x), (1 + x) * Foundation.exp(-x), 1e-14)
            assertRelative(regularizedGammaP(Dual(1), Dual(x, derivative: 1)).derivative, Foundation.exp(-x), 1e-15)
        }
    }

    func testEdgesAndBadInputs() {
        XCTAssertEqual(regularizedGammaP(2.0, 0.0), 0)
        XCTAssertEqual(regularizedGammaQ(2.0, 0.0), 1)
        XCTAssertEqual(regularizedGammaP(2.0, .infinity), 1)
        XCTAssertEqual(regularizedGammaQ(0.5, .infinity), 0)
        XCTAssertTrue(regularizedGammaP(0.0, 1.0).isNaN)
        XCTAssertTrue(regularizedGammaP(-1.0, 1.0).isNaN)
        XCTAssertTrue(regularizedGammaP(1.0, -1.0).isNaN)
        XCTAssertTrue(regularizedGammaQ(Double.nan, 1.0).isNaN)
        XCTAssertTrue(regularizedGammaQ(1.0, Double.nan).isNaN)
        XCTAssertTrue(regularizedGammaQ(Double.infinity, 1.0).isNaN)
        XCTAssertTrue(regularizedGammaP(0x1p-1074, 1.0).isNaN)   // subnormal shapes are refused
        // P underflows (x ≪ a): exactly 0 with zero derivatives, not 0·∞.
        let underflow = regularizedGammaP(Dual(1e3, derivative: 1), Dual(0x1p-1074))
        XCTAssertEqual(underflow.value, 0)
        XCTAssertEqual(underflow.derivative, 0)
        let farTail = regularizedGammaQ(Dual(2.5, derivative: 1), Dual(1e5))
        XCTAssertEqual(farTail.value, 0)
        XCTAssertEqual(farTail.derivative, 0)
    }
}
