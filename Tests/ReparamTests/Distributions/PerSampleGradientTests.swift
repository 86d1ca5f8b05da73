import XCTest
@testable import Reparam

/// The per-sample gradient API: one parameter value per sample and `icdf` at
/// given quantiles, so d z/dθ of each element is `gradients(of: z.sum())`.
/// Checked against the mpmath grids the special-function fixtures hold.
final class PerSampleGradientTests: XCTestCase {
    /// Gamma(α, 1): dz/dα over α ∈ [1e-3, 1e4], quantiles [1e-3, 0.999], where z is a normal float64 (1e-12).
    func testGammaQuantileGradients() throws {
        let rows = try fixture("gamma_implicit.tsv").filter { $0[4].isFinite && $0[4] >= 0x1p-1022 && $0[0] <= 1e4 }
        XCTAssertGreaterThan(rows.count, 100)
        let alpha = Tensor.parameter(rows.map { $0[0] })
        let d = try Gamma(concentration: alpha, rate: Tensor(1))
        let z = try d.icdf(Tensor(rows.map { $0[1] }))
        let g = try gradients(of: z.sum(), withRespectTo: [alpha])[0]
        var worst = 0.0
        for (i, r) in rows.enumerated() {
            // The quantile inherits the rounding of u amplified by F/(z p) ≈ 1/α in the lower tail.
            assertRelative(z.scalars[i], r[4], 1e-13 * Swift.max(1, 1 / r[0]), "Gamma(\(r[0])) quantile \(r[1])")
            assertRelative(g.scalars[i], r[5], 1e-12, "Gamma(\(r[0])) dz/dα at quantile \(r[1])")
            worst = Swift.max(worst, relativeError(g.scalars[i], r[5]))
        }
        print("Gamma per-sample dz/dα: worst relative error \(worst) over \(rows.count) points")
    }

    /// Beta rsample with one (a, b) per batch element takes its gradient from the log-Gamma draws
    /// (`drawDerivatives`): it must agree with the sample-based route at the same x, both with one
    /// draw per parameter value and with the batch cycled over four draws.
    func testBetaRsampleFromDrawsMatchesSampleRoute() throws {
        let aValues = [0.05, 0.3, 1, 2.5, 7, 40, 300, 0.7, 1.3, 12, 1e-3, 0.2]
        let bValues = [2, 0.4, 1, 0.9, 3, 50, 2, 0.02, 5, 0.5, 0.8, 1e-3]
        for sampleShape in [[], [4]] {
            var stream = RandomStream(seed: 1619)
            let a = Tensor.parameter(aValues), b = Tensor.parameter(bValues)
            let x = try Beta(a: a, b: b).rsample(sampleShape, using: &stream)
            let g = try gradients(of: x.sum(), withRespectTo: [a, b])
            var expected = (da: [Double](repeating: 0, count: aValues.count), db: [Double](repeating: 0, count: aValues.count))
            for (i, xi) in x.scalars.enumerated() {
                let j = i % aValues.count
                let e = betaImplicitDerivatives(a: aValues[j], b: bValues[j], sample: xi, complement: 1 - xi)
                expected.da[j] += e.da
                expected.db[j] += e.db
            }
            for j in aValues.indices {
                // 1 − x from the sample loses digits near x = 1, where the draws keep them: 1e-11.
                assertRelative(g[0].scalars[j], expected.da[j], 1e-11, "dx/da at a=\(aValues[j]) b=\(bValues[j]) shape \(sampleShape)")
                assertRelative(g[1].scalars[j], expected.db[j], 1e-11, "dx/db at a=\(aValues[j]) b=\(bValues[j]) shape \(sampleShape)")
            }
        }
    }

    /// Beta(a, b): dx/da and dx/db over a, b ∈ [1e-2, 1e3] and quantiles [1e-3, 0.999] (1e-10).
    func testBetaQuantileGradients() throws {
        let rows = try fixture("beta_grid.tsv").filter { $0[0] >= 1e-2 && $0[1] >= 1e-2 && $0[3] >= 0x1p-1022 && $0[4] >= 0x1p-1022 }
        XCTAssertGreaterThan(rows.count, 100)
        let a = Tensor.parameter(rows.map { $0[0] }), b = Tensor.parameter(rows.map { $0[1] })
        let x = try Beta(a: a, b: b).icdf(Tensor(rows.map { $0[2] }))
        let g = try gradients(of: x.sum(), withRespectTo: [a, b])
        var worst = 0.0
        for (i, r) in rows.enumerated() {
            assertRelative(g[0].scalars[i], r[10], 1e-10, "Beta(\(r[0]), \(r[1])) dx/da at quantile \(r[2])")
            assertRelative(g[1].scalars[i], r[11], 1e-10, "Beta(\(r[0]), \(r[1])) dx/db at quantile \(r[2])")
            worst = Swift.max(worst, relativeError(g[0].scalars[i], r[10]), relativeError(g[1].scalars[i], r[11]))
        }
        print("Beta per-sample dx/da, dx/db: worst relative error \(worst) over \(rows.count) points")
    }

    /// Student-t(ν): dt/dν over ν ∈ [0.1, 1e3] (1e-10).
    func testStudentTQuantileGradients() throws {
        let rows = try fixture("student_t_grid.tsv").filter { $0[0] <= 1e3 && $0[2].magnitude < 1e300 }
        XCTAssertGreaterThan(rows.count, 50)
        let nu = Tensor.parameter(rows.map { $0[0] })
        let t = try StudentT(df: nu).icdf(Tensor(rows.map { $0[1] }))
        let g = try gradients(of: t.sum(), withRespectTo: [nu])[0]
        var worst = 0.0
        for (i, r) in rows.enumerated() {
            assertRelative(g.scalars[i], r[7], 1e-10, "StudentT(\(r[0])) dt/dν at quantile \(r[1])")
            worst = Swift.max(worst, relativeError(g.scalars[i], r[7]))
        }
        print("Student-t per-sample dt/dν: worst relative error \(worst) over \(rows.count) points")
    }
}
