import XCTest
@testable import Reparam

/// The per-element von Mises gradient dx/dκ (issue 16) on held-out points: log κ uniform on
/// [1e-3, 1e6], quantiles in [1e-10, 1 − 1e-10], the sample the float64 quantile, against mpmath
/// quadrature at 50 digits (scripts/fixtures/vonmises_distinct_fixtures.py). Bound: 1e-10 relative.
final class VonMisesDistinctTests: XCTestCase {
    func testHeldOutPointsAgainstMpmath() throws {
        let rows = try fixture("vonmises_distinct.tsv")
        XCTAssertGreaterThanOrEqual(rows.count, 200)
        let batch = try vonMisesImplicitDerivatives(concentrations: rows.map { $0[0] }, samples: rows.map { $0[2] })
        var worst = WorstError("von Mises dx/dκ, held-out points")
        var fourier = WorstError("  Fourier region (κ < 50, 2κ sin²(x/2) ≤ 3, |x| ≤ π − 0.1)")
        for (row, batchValue) in zip(rows, batch) {
            let (kappa, u, x, expected) = (row[0], row[1], row[2], row[3])
            let at = "κ = \(kappa), u = \(u), x = \(x)"
            let scalar = try vonMisesImplicitDerivative(concentration: kappa, sample: x)
            let error = max(worst.record(scalar, expected, at: at), worst.record(batchValue, expected, at: at))
            XCTAssertLessThanOrEqual(error, 1e-10, at)
            let halfSine = sin(0.5 * x)
            if kappa < vonMisesExpansionLimit && 2 * kappa * halfSine * halfSine <= 3 && Double.pi - abs(x) >= 0.1 {
                fourier.record(scalar, expected, at: at)
            }
        }
        print(worst.summary)
        print(fourier.summary)
    }
}
