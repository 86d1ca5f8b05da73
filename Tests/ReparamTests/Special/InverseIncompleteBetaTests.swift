import XCTest
@testable import Reparam

/// Beta and Student-t quantiles against the mpmath quantiles in beta_grid.tsv,
/// beta_random.tsv, student_t_grid.tsv and student_t_random.tsv
/// (scripts/fixtures/beta_fixtures.py).
final class InverseIncompleteBetaTests: XCTestCase {
    func testBetaQuantileMatchesReference() throws {
        let rows = try fixture("beta_grid.tsv") + fixture("beta_random.tsv")
        XCTAssertGreaterThan(rows.count, 450)
        var worstError = 0.0
        for r in rows {
            let (a, b, u, x, y) = (r[0], r[1], r[2], r[3], r[4])
            let tag = "a=\(a) b=\(b) u=\(u)"
            let root = try inverseRegularizedBeta(p: u, complement: 1 - u, a: a, b: b)
            // The smaller coordinate carries the relative precision.
            let (got, expected) = x <= y ? (root.x, x) : (root.complement, y)
            // Conditioning: a power tail x ≈ (c·u)^(1/a) multiplies relative errors by 1/a.
            let tolerance = 1e-13 / min(a, b, 1)
            assertRelative(got, expected, tolerance, "quantile " + tag)
            worstError = max(worstError, relativeError(got, expected))
            assertRelative(try inverseRegularizedBeta(p: u, a: a, b: b), x, tolerance, "plain quantile " + tag)
        }
        print("Beta quantile worst relative error \(worstError)")
    }

    func testBetaQuantileRoundTripsFarInTheTails() throws {
        for (a, b) in [(0.001, 0.001), (0.5, 3.0), (20.0, 0.02), (1000.0, 1000.0)] {
            for p in [1e-300, 1e-100, 1e-20, 1e-8] {
                let root = try inverseRegularizedBeta(p: p, complement: 1 - p, a: a, b: b)
                guard root.x > 1e-307 else { continue }      // below the float range
                let tails = regularizedBetaTails(x: root.x, complement: root.complement, a: a, b: b)
                assertRelative(tails.lower, p, 1e-12, "I(x) at a=\(a) b=\(b) p=\(p)")
                let upper = try inverseRegularizedBeta(p: 1 - p, complement: p, a: a, b: b)
                let back = regularizedBetaTails(x: upper.x, complement: upper.complement, a: a, b: b)
                if upper.complement > 1e-307 { assertRelative(back.upper, p, 1e-12, "1-I(x) at a=\(a) b=\(b) q=\(p)") }
            }
        }
    }

    func testBetaQuantileEndsAndErrors() throws {
        XCTAssertEqual(try inverseRegularizedBeta(p: 0, a: 2, b: 3), 0)
        XCTAssertEqual(try inverseRegularizedBeta(p: 1, a: 2, b: 3), 1)
        // Closed form: I_x(a, 1) = xᵃ.
        assertRelative(try inverseRegularizedBeta(p: 0.3, a: 2.5, b: 1), pow(0.3, 1 / 2.5), 1e-14)
        XCTAssertThrowsError(try inverseRegularizedBeta(p: 1.5, a: 2, b: 3))
        XCTAssertThrowsError(try inverseRegularizedBeta(p: .nan, a: 2, b: 3))
        XCTAssertThrowsError(try inverseRegularizedBeta(p: 0.5, a: -1, b: 3))
        XCTAssertThrowsError(try inverseRegularizedBeta(p: 0.5, a: 2, b: .infinity))
        XCTAssertThrowsError(try inverseRegularizedBeta(p: 0.5, complement: 0.4, a: 2, b: 3))
    }

    func testStudentTQuantileMatchesReference() throws {
        let rows = try fixture("student_t_grid.tsv") + fixture("student_t_random.tsv")
        var worstError = 0.0
        for r in rows {
            let (nu, u, t) = (r[0], r[1], r[2])
            let got = try inverseStudentTCDF(p: u, df: nu)
            assertRelative(got, t, 1e-11, "t quantile nu=\(nu) u=\(u)")
            worstError = max(worstError, relativeError(got, t))
        }
        print("Student-t quantile worst relative error \(worstError)")
    }

    func testStudentTQuantileExtremesAndErrors() throws {
        // Cauchy (ν = 1): t = tan(π(p − ½)) = −1/tan(πp), the latter without rounding p − ½.
        for p in [1e-12, 0.01, 0.3] {
            assertRelative(try inverseStudentTCDF(p: p, df: 1), -1 / tan(Double.pi * p), 1e-12, "Cauchy p=\(p)")
            let upper = 1 - p, tail = 1 - upper               // the tail the float64 `upper` really has
            assertRelative(try inverseStudentTCDF(p: upper, df: 1), 1 / tan(Double.pi * tail), 1e-12, "Cauchy 1-p=\(p)")
        }
        // ν = 0.1 far out: x = ν/(ν+t²) underflows, t must still round-trip.
        let t = try inverseStudentTCDF(p: 1e-25, df: 0.1)
        XCTAssert(t.isFinite && t < -1e200, "got \(t)")
        assertRelative(studentTCDF(t, df: 0.1), 1e-25, 1e-11)
        XCTAssertEqual(try inverseStudentTCDF(p: 0, df: 3), -.infinity)
        XCTAssertEqual(try inverseStudentTCDF(p: 1, df: 3), .infinity)
        XCTAssertThrowsError(try inverseStudentTCDF(p: 2, df: 3))
        XCTAssertThrowsError(try inverseStudentTCDF(p: 0.4, df: 0))
        XCTAssertThrowsError(try inverseStudentTCDF(p: 0.4, df: .nan))
    }
}
