import XCTest
@testable import Reparam

/// Gamma quantiles against mpmath (scripts/fixtures/gamma_fixtures.py), p ∈ [1e-300, 1 − 1e-16].
final class InverseRegularizedGammaTests: XCTestCase {
    func testQuantilesAgainstMpmath() throws {
        var worstUlps = 0.0, worstBulk = 0.0
        for row in try fixture("gamma_inverse.tsv") {
            let (a, p, z, condition) = (row[0], row[1], row[2], row[3])
            let got = inverseRegularizedGammaP(a: a, p: p)
            // A few ulps, times the quantile's own condition number (an ulp of
            // error in P moves z by `condition` ulps however it is computed),
            // plus |log p| ulps: P's exponent is rounded at that scale.
            let allowed = max(1, condition) * (8 + abs(log(min(p, 1 - p))))
            let ulps = relativeError(got, z) / Double.ulpOfOne
            worstUlps = max(worstUlps, ulps / allowed)
            if p >= 1e-3 && p <= 0.999 { worstBulk = max(worstBulk, ulps / max(1, condition)) }
            XCTAssertLessThanOrEqual(ulps, allowed, "P⁻¹(\(a), \(p)) = \(got), expected \(z)")
            if p >= 0.5 {  // 1 − p is exact there, so both must agree
                let viaQ = inverseRegularizedGammaQ(a: a, q: 1 - p)
                XCTAssertLessThanOrEqual(relativeError(viaQ, z) / Double.ulpOfOne, allowed, "Q⁻¹(\(a), \(1 - p))")
            }
        }
        print("worst quantile error: \(worstUlps) of the allowance; \(worstBulk) ulps per unit of condition for p in [1e-3, 0.999]")
    }

    func testClosedFormsForExponential() {
        for p in [1e-300, 1e-9, 0.25, 0.5, 0.75, 1 - 1e-12] {
            let z = -log1p(-p)
            assertRelative(inverseRegularizedGammaP(a: 1, p: p), z, 1e-15 * (1 + abs(log(z))) * max(1, 1 / z))
        }
        assertRelative(inverseRegularizedGammaQ(a: 1, q: 1e-200), 200 * log(10.0), 1e-15)
    }

    func testRoundTripTinyShapeUnderflowsCleanly() {
        // a = 1e-3, p = 0.3: z = (p·Γ(1+a))^(1/a) underflows to 0; no nan, no trap.
        XCTAssertEqual(inverseRegularizedGammaP(a: 1e-3, p: 0.3), 0)
        XCTAssertEqual(inverseRegularizedGammaP(a: 0x1p-1074, p: 0.9), 0)  // log z ≈ −0.1/a: far below any float
        XCTAssertEqual(inverseRegularizedGammaQ(a: 1e-300, q: 0.2), 0)
        XCTAssertEqual(inverseRegularizedGammaP(a: 2, p: 0), 0)
        XCTAssertEqual(inverseRegularizedGammaP(a: 2, p: 1), .infinity)
        XCTAssertTrue(inverseRegularizedGammaP(a: 2, p: 1.5).isNaN)
        XCTAssertTrue(inverseRegularizedGammaP(a: 0, p: 0.5).isNaN)
        XCTAssertTrue(inverseRegularizedGammaQ(a: 1, q: .nan).isNaN)
    }
}
