import XCTest
@testable import Reparam

/// The per-element Gamma gradient (issue 16) on held-out points: log α uniform on [1e-3, 1e6]
/// (400 points) and [1e6, 1e15] (120, Temme's region), quantiles in [1e-10, 1 − 1e-10], against
/// mpmath quadrature at 40 digits (scripts/fixtures/gamma_distinct_fixtures.py). Bound: 1e-12 relative.
final class GammaDistinctTests: XCTestCase {
    func testHeldOutPointsAgainstMpmath() throws {
        let rows = try fixture("gamma_distinct.tsv")
        XCTAssertEqual(rows.count, 520)
        var worst = (error: 0.0, alpha: 0.0, quantile: 0.0)
        var worstTemme = 0.0
        let linear = rows.filter { !$0[4].isNaN }
        var batch = [Double](repeating: .nan, count: linear.count)
        try linear.map { $0[0] }.withUnsafeBufferPointer { alphas in
            try linear.map { $0[4] }.withUnsafeBufferPointer { z in
                try batch.withUnsafeMutableBufferPointer { try gammaImplicitDerivatives(concentrations: alphas, samples: z, into: $0) }
            }
        }
        // The per-element log route (ψ(α+1) a block ahead), as LogGamma, Dirichlet and FisherSnedecor call it.
        let logBatch = try GammaGradients.logSampleDerivatives(logSamples: rows.map { $0[2] }, concentrations: rows.map { $0[0] })
        var next = 0
        for (k, row) in rows.enumerated() {
            XCTAssertEqual(logBatch[k], gammaImplicitDerivative(concentration: row[0], logSample: row[2]), "α = \(row[0]), log z = \(row[2])")
            let (alpha, u, logZ, dLogZ, z, dZ) = (row[0], row[1], row[2], row[3], row[4], row[5])
            var errors = [relativeError(gammaImplicitDerivative(concentration: alpha, logSample: logZ), dLogZ)]
            if !z.isNaN {
                errors.append(relativeError(gammaImplicitDerivative(concentration: alpha, sample: z), dZ))
                errors.append(relativeError(batch[next], dZ))
                // The batch (ψ(α+1) a block ahead) gives the scalar route's numbers bit for bit.
                XCTAssertEqual(batch[next], gammaImplicitDerivative(concentration: alpha, sample: z), "α = \(alpha), z = \(z)")
                next += 1
            }
            let error = errors.max() ?? 0
            XCTAssertLessThanOrEqual(error, 1e-12, "α = \(alpha), u = \(u), log z = \(logZ)")
            if error > worst.error { worst = (error, alpha, u) }
            if alpha >= gammaTemmeMinimumConcentration { worstTemme = max(worstTemme, error) }
        }
        print("Gamma dz/dα, held-out points: worst relative error \(worst.error) at α = \(worst.alpha), u = \(worst.quantile);"
              + " Temme region (α ≥ 1e6) \(worstTemme)")
    }
}
