import XCTest
@testable import Reparam

/// The truncated Normal family: inversion samples (KS), implicit gradients (per sample, against
/// mpmath, and Monte-Carlo against the closed-form mean), values and moments against mpmath.
final class TruncatedNormalFamilyTests: XCTestCase {
    static let cases: [(Double, Double, Double, Double)] = [
        (0, 1, -1, 1), (1.5, 2, -3, 4), (0, 1, 3, 5), (0, 1, 30, 31), (2, 0.5, 2.5, .infinity), (-1, 3, -.infinity, -7),
    ]

    func testSamplesPassKolmogorovSmirnov() throws {
        var stream = RandomStream(seed: 31)
        let n = 20_000
        for (m, s, a, b) in Self.cases {
            let d = try TruncatedNormal(loc: Tensor(m), scale: Tensor(s), low: Tensor(a), high: Tensor(b))
            let x = try d.sample([n], using: &stream)
            XCTAssertTrue(x.scalars.allSatisfy { $0 >= a && $0 <= b })
            let statistic = kolmogorovSmirnov(x.scalars) { truncatedNormalCDF(($0 - m) / s, alpha: (a - m) / s, beta: (b - m) / s) }
            XCTAssertLessThan(statistic, ksCritical(n), "[\(m), \(s), \(a), \(b)]: KS statistic \(statistic)")
        }
    }

    /// icdf at the fixture's levels with all four parameters as (per-row) leaves: values and the
    /// backward pass's dx/dθ against mpmath.
    func testPerSampleGradientsThroughIcdfAgainstMpmath() throws {
        try checkIcdfGradients("truncnorm.tsv")
        try checkIcdfGradients("truncnorm_far_tail.tsv")
    }

    private func checkIcdfGradients(_ name: String) throws {
        let rows = try fixture(name).filter { $0[4] >= 0.01 && $0[4] <= 0.99 }
        let leaves = (0..<4).map { k in Tensor.parameter(rows.map { $0[k] }) }
        let d = try TruncatedNormal(loc: leaves[0], scale: leaves[1], low: leaves[2], high: leaves[3])
        let x = try d.icdf(Tensor(rows.map { $0[4] }))
        let g = try gradients(of: x.sum(), withRespectTo: leaves)
        for (i, row) in rows.enumerated() {
            let at = "[\(row[0]), \(row[1]), \(row[2]), \(row[3])] u=\(row[4])"
            if abs(row[5] - row[0]) > 1e-30 * row[1] { assertRelative(x.scalars[i], row[5], 1e-13, at) }
            for k in 0..<4 {
                let expected = row[7 + k]  // 0 for an infinite bound
                if abs(expected) < 1e-30 { XCTAssertLessThan(abs(g[k].scalars[i]), 1e-13, at); continue }
                // dx/dμ and dx/dσ are sums of O(1) parts that cancel near the center of symmetric intervals.
                XCTAssertEqual(g[k].scalars[i], expected, accuracy: 1e-10 * max(abs(expected), k < 2 ? 1 : 0), "θ\(k) \(at)")
            }
        }
    }

    /// `truncated_normal(0, 1, low: 39)` drew +inf (Φ(−39) underflows); far-tail draws and
    /// quantiles are finite, inside the bounds, with finite gradients in all four parameters.
    func testFarTailDrawsAreFiniteWithFiniteGradients() throws {
        var stream = RandomStream(seed: 5)
        for (low, high) in [(39.0, Double.infinity), (1e3, .infinity), (1e6, .infinity), (-Double.infinity, -39.0),
                            (-Double.infinity, -1e5), (1e3, 1e3 + 1e-8), (-40.0, -39.99)] {
            let leaves = [Tensor.parameter(0), Tensor.parameter(1), Tensor.parameter(low), Tensor.parameter(high)]
            let d = try TruncatedNormal(loc: leaves[0], scale: leaves[1], low: leaves[2], high: leaves[3])
            for x in [try d.rsample([1000], using: &stream), try d.icdf(Tensor([1e-9, 0.5, 1 - 1e-9]))] {
                XCTAssertTrue(x.scalars.allSatisfy { $0 >= low && $0 <= high }, "[\(low), \(high)]")
                let g = try gradients(of: x.sum(), withRespectTo: leaves)
                for (k, gradient) in g.enumerated() where leaves[k].scalars[0].isFinite {
                    XCTAssertTrue(gradient.scalars.allSatisfy(\.isFinite), "[\(low), \(high)] θ\(k)")
                }
            }
        }
    }

    /// rsample's gradients are the implicit derivatives at its samples, per batch element.
    func testRsampleGradientsAreTheImplicitOnes() throws {
        var stream = RandomStream(seed: 8)
        let leaves = [Tensor.parameter([0, 1.5]), Tensor.parameter([1, 2]), Tensor.parameter([-1, 0]), Tensor.parameter([1, 9])]
        let d = try TruncatedNormal(loc: leaves[0], scale: leaves[1], low: leaves[2], high: leaves[3])
        let x = try d.rsample([300], using: &stream)
        let g = try gradients(of: x.sum(), withRespectTo: leaves)
        var expected = [[Double]](repeating: [0, 0], count: 4)
        for (i, value) in x.scalars.enumerated() {
            let b = i % 2
            let dx = try truncatedNormalImplicitDerivatives(sample: value, loc: leaves[0].scalars[b], scale: leaves[1].scalars[b],
                                                            low: leaves[2].scalars[b], high: leaves[3].scalars[b])
            for (k, v) in [dx.loc, dx.scale, dx.low, dx.high].enumerated() { expected[k][b] += v }
        }
        for k in 0..<4 {
            for b in 0..<2 { XCTAssertEqual(g[k].scalars[b], expected[k][b], accuracy: 1e-11 * max(1, abs(expected[k][b]))) }
        }
    }

    /// Pathwise d/dθ E[x] against the derivative of the closed-form mean (μ + σ(φ(α) − φ(β))/Z).
    func testMonteCarloGradientMatchesClosedForm() throws {
        var stream = RandomStream(seed: 12)
        let n = 100_000
        for (m, s, a, b) in [(0.0, 1.0, -0.5, 2.0), (1.0, 2.0, 3.0, 9.0)] {
            let leaves = [m, s, a, b].map { Tensor.parameter($0) }
            let d = try TruncatedNormal(loc: leaves[0], scale: leaves[1], low: leaves[2], high: leaves[3])
            let x = try d.rsample([n], using: &stream)
            let g = try gradients(of: x.mean(), withRespectTo: leaves)
            let exact = try gradients(of: d.mean, withRespectTo: leaves)
            for k in 0..<4 {
                // Per-sample dx/dθ are bounded by a few units here; 1e-2 is ~5 standard errors at n = 1e5.
                XCTAssertEqual(g[k].scalars[0], exact[k].scalars[0], accuracy: 1e-2, "θ\(k) for [\(m), \(s), \(a), \(b)]")
            }
        }
    }

    func testValuesAndMomentsAgainstMpmath() throws {
        for row in try fixture("truncnorm.tsv") {
            let d = try TruncatedNormal(loc: Tensor(row[0]), scale: Tensor(row[1]), low: Tensor(row[2]), high: Tensor(row[3]))
            let at = "[\(row[0]), \(row[1]), \(row[2]), \(row[3])] x=\(row[5])"
            XCTAssertEqual(try d.logProb(Tensor(row[5])).scalars[0], row[6], accuracy: 1e-13 * max(1, abs(row[6])), at)
            let conditioning = 4 * Double.ulpOfOne * (abs(row[5]) + abs(row[0])) * exp(row[6]) / min(row[4], 1 - row[4])
            assertRelative(try d.cdf(Tensor(row[5])).scalars[0], row[4], 1e-12 + conditioning, at)
        }
        // Far out in one tail (low 39 … 1e5) the variance is 1/low² of terms of size low²; it stays exact.
        for row in try fixture("truncnorm_moments.tsv") + fixture("truncnorm_far_tail_moments.tsv") {
            let d = try TruncatedNormal(loc: Tensor(row[0]), scale: Tensor(row[1]), low: Tensor(row[2]), high: Tensor(row[3]))
            let at = "[\(row[0]), \(row[1]), \(row[2]), \(row[3])]"
            XCTAssertEqual(d.mean.scalars[0], row[4], accuracy: 1e-12 * max(1, abs(row[4])), "mean \(at)")
            assertRelative(d.variance.scalars[0], row[5], 1e-10, "variance \(at)")
            XCTAssertEqual(try d.entropy().scalars[0], row[6], accuracy: 1e-12 * max(1, abs(row[6])), "entropy \(at)")
        }
    }

    /// Gradients of logProb and cdf against central differences.
    func testLogProbAndCdfGradients() throws {
        let values = [0.3, 1.2, -0.4, 2.5]
        let leaves = values.map { Tensor.parameter($0) }
        let d = try TruncatedNormal(loc: leaves[0], scale: leaves[1], low: leaves[2], high: leaves[3])
        let point = Tensor.parameter(0.9)
        for function in [{ (d: TruncatedNormal, x: Tensor) in try d.logProb(x) }, { (d: TruncatedNormal, x: Tensor) in try d.cdf(x) }] {
            let g = try gradients(of: function(d, point).sum(), withRespectTo: leaves + [point])
            for k in 0..<5 {
                var plus = values + [0.9], minus = values + [0.9]
                let h = 1e-6
                plus[k] += h
                minus[k] -= h
                let f = { (v: [Double]) in
                    try function(TruncatedNormal(loc: Tensor(v[0]), scale: Tensor(v[1]), low: Tensor(v[2]), high: Tensor(v[3])), Tensor(v[4])).scalars[0]
                }
                let numeric = (try f(plus) - f(minus)) / (2 * h)
                XCTAssertEqual(g[k].scalars[0], numeric, accuracy: 1e-7 * max(1, abs(numeric)), "parameter \(k)")
            }
        }
    }

    func testValidation() {
        XCTAssertThrowsError(try TruncatedNormal(loc: Tensor(0), scale: Tensor(1), low: Tensor(2), high: Tensor(1))) { error in
            XCTAssertEqual("\(error)", "TruncatedNormal: low must be below high (1), got 2")
        }
        XCTAssertThrowsError(try TruncatedNormal(loc: Tensor(0), scale: Tensor(0), low: Tensor(-1), high: Tensor(1)))
        XCTAssertThrowsError(try TruncatedNormal(loc: Tensor(0), scale: Tensor(1), low: Tensor(.nan), high: Tensor(1)))
        XCTAssertThrowsError(try TruncatedNormal(loc: Tensor(0), scale: Tensor(1), low: Tensor(.infinity), high: Tensor(.infinity)))
        XCTAssertThrowsError(try TruncatedNormal(loc: Tensor(0), scale: Tensor(1), low: Tensor(-1), high: Tensor(1)).icdf(Tensor(-0.5)))
    }
}
