import XCTest
@testable import Reparam

/// Univariate mixtures: per-sample implicit gradients against 50-digit mpmath
/// quantile derivatives (scripts/fixtures/mixture_fixtures.py), samplers by KS,
/// densities and moments against closed forms, and Monte-Carlo gradients.
final class MixtureTests: XCTestCase {
    /// The mixtures of the fixture script, with fresh leaves.
    static func mixture(_ id: Int) throws -> Mixture {
        func p(_ x: Double) -> Tensor { .parameter(x) }
        switch id {
        case 0:
            return try Mixture(components: [Normal(loc: p(-2), scale: p(0.5)), Normal(loc: p(0), scale: p(1)), Normal(loc: p(3), scale: p(2))],
                               logits: .parameter([0, 0.5, -0.5]))
        case 1:
            return try Mixture(components: [Normal(loc: p(-1), scale: p(0.7)), Logistic(loc: p(1), scale: p(0.4)), Laplace(loc: p(2.5), scale: p(1.2))],
                               weights: .parameter([1, 2.5, 1.5]))
        case 2:
            return try Mixture(components: [Normal(loc: p(1), scale: p(2))], weights: .parameter([1]))
        case 3:
            return try Mixture(components: [LogNormal(loc: p(0.2), scale: p(0.5)), Exponential(rate: p(0.8)), Normal(loc: p(-1), scale: p(1.5))],
                               logits: .parameter([0.3, -0.2, 0.1]))
        case 4:
            return try Mixture(components: [Gumbel(loc: p(0.5), scale: p(1.3)), Cauchy(loc: p(-1), scale: p(0.6))], weights: .parameter([0.3, 0.7]))
        case 5:
            return try Mixture(components: [Gamma(concentration: p(2.5), rate: p(1.5)), StudentT(df: p(4), loc: p(0.5), scale: p(1.2)), Normal(loc: p(1), scale: p(0.5))],
                               weights: .parameter([0.5, 0.3, 0.2]))
        case 6:
            return try Mixture(components: [Beta(a: p(2), b: p(3)), Beta(a: p(0.7), b: p(1.5))], logits: .parameter([0.4, -0.4]))
        default:
            return try Mixture(components: [TruncatedNormal(loc: p(0.5), scale: p(1.5), low: p(-1), high: p(3)), Normal(loc: p(0), scale: p(0.8))],
                               weights: .parameter([0.6, 0.4]))
        }
    }

    /// Flattened leaves in the fixture's order.
    static func leaves(_ d: Mixture) -> [Tensor] { d.parameters.map(\.value) }

    func testQuantileDerivativesAgainstMpmath() throws {
        let rows = try fixture("mixture_quantile_derivatives.tsv")
        XCTAssertEqual(rows.count, 72)
        var worst = [Int: Double]()
        for r in rows {
            let id = Int(r[0]), u = r[1], zRef = r[2], reference = Array(r[3...])
            let d = try Self.mixture(id)
            let z = try d.icdf(Tensor(u))
            XCTAssertEqual(z.scalars[0], zRef, accuracy: 1e-13 * max(1, abs(zRef)), "case \(id) icdf(\(u))")
            let g = try gradients(of: z, withRespectTo: Self.leaves(d)).flatMap(\.scalars)
            XCTAssertEqual(g.count, reference.count)
            // The same derivatives from the per-sample API, at the reference sample.
            let perSample = try d.sampleDerivatives(Tensor([zRef])).flatMap(\.scalars)
            for j in reference.indices {
                let scale = reference.map(abs).max()!
                // Relative to the largest derivative of the sample (a derivative that vanishes by symmetry has no relative scale).
                let error = abs(g[j] - reference[j]) / max(abs(reference[j]), 1e-3 * scale)
                let errorPerSample = abs(perSample[j] - reference[j]) / max(abs(reference[j]), 1e-3 * scale)
                XCTAssertLessThan(error, 1e-9, "case \(id) u = \(u) θ\(j): \(g[j]) vs \(reference[j])")
                XCTAssertLessThan(errorPerSample, 1e-9, "case \(id) u = \(u) θ\(j) per sample: \(perSample[j]) vs \(reference[j])")
                worst[id] = max(worst[id] ?? 0, error, errorPerSample)
            }
        }
        print("Mixture worst relative error of dz/dθ per case:", worst.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    }

    func testSamplesPassKolmogorovSmirnov() throws {
        var stream = RandomStream(seed: 31)
        let n = 20_000
        for id in 0..<8 {
            let d = try Self.mixture(id)
            let z = try d.rsample([n], using: &stream)
            XCTAssertEqual(z.shape, [n])
            let statistic = kolmogorovSmirnov(z.scalars) { d.cdfAndDensity(at: $0).cdf }
            XCTAssertLessThan(statistic, ksCritical(n), "case \(id)")
        }
    }

    /// The backward pass of rsample equals the sum of the per-sample derivatives,
    /// for a scalar upstream gradient and for a per-sample one.
    func testRsampleBackwardMatchesPerSampleDerivatives() throws {
        for id in [1, 3, 5, 6, 7] {
            let d = try Self.mixture(id)
            var stream = RandomStream(seed: 8)
            let z = try d.rsample([200], using: &stream)
            let weights = Tensor((0..<200).map { Double($0 % 7) - 3 })
            let perSample = try d.sampleDerivatives(z.detached)
            let gSum = try gradients(of: z.sum(), withRespectTo: Self.leaves(d))
            let gWeighted = try gradients(of: (z * weights).sum(), withRespectTo: Self.leaves(d))
            for (k, derivative) in perSample.enumerated() {
                let width = derivative.count / 200
                for j in 0..<width {
                    var plain = 0.0, weighted = 0.0
                    for i in 0..<200 { plain += derivative.scalars[i * width + j]; weighted += weights.scalars[i] * derivative.scalars[i * width + j] }
                    XCTAssertEqual(gSum[k].scalars[j], plain, accuracy: 1e-10 * max(1, abs(plain)), "case \(id) parameter \(k)[\(j)]")
                    XCTAssertEqual(gWeighted[k].scalars[j], weighted, accuracy: 1e-10 * max(1, abs(weighted)), "case \(id) parameter \(k)[\(j)]")
                }
            }
        }
    }

    func testDensityCDFAndMomentsAgainstClosedForms() throws {
        let d = try Self.mixture(0)
        let π = [1.0, exp(0.5), exp(-0.5)].map { $0 / (1 + exp(0.5) + exp(-0.5)) }
        let locs = [-2.0, 0, 3], scales = [0.5, 1, 2]
        for x in [-4.0, -2, -0.3, 0, 1.7, 3, 8] {
            var p = 0.0, F = 0.0
            for k in 0..<3 {
                let t = (x - locs[k]) / scales[k]
                let density: Double = exp(-0.5 * t * t) / (scales[k] * (2 * Double.pi).squareRoot())
                p += π[k] * density
                F += π[k] * normalCDF(t)
            }
            assertRelative(try d.logProb(Tensor(x)).scalars[0], log(p), 1e-14, "logProb(\(x))")
            assertRelative(try d.cdf(Tensor(x)).scalars[0], F, 1e-14, "cdf(\(x))")
        }
        var mean = 0.0, second = 0.0
        for k in 0..<3 {
            mean += π[k] * locs[k]
            second += π[k] * (scales[k] * scales[k] + locs[k] * locs[k])
        }
        assertRelative(d.mean.scalars[0], mean, 1e-14, "mean")
        assertRelative(d.variance.scalars[0], second - mean * mean, 1e-14, "variance")
        XCTAssertThrowsError(try d.entropy()) { XCTAssert("\($0)".contains("no closed form")) }
    }

    func testLogProbGradientMatchesFiniteDifferences() throws {
        let d = try Self.mixture(1)
        let leaves = Self.leaves(d)
        let g = try gradients(of: d.logProb(Tensor([0.3, 2.2])).sum(), withRespectTo: leaves)
        func value(_ shifted: [Tensor]) throws -> Double {
            let m = try Mixture(components: [Normal(loc: shifted[1], scale: shifted[2]), Logistic(loc: shifted[3], scale: shifted[4]),
                                             Laplace(loc: shifted[5], scale: shifted[6])], weights: shifted[0])
            return try m.logProb(Tensor([0.3, 2.2])).sum().scalars[0]
        }
        for k in leaves.indices {
            for j in 0..<leaves[k].count {
                var plus = leaves.map(\.detached), minus = leaves.map(\.detached)
                let h = 1e-6
                plus[k].scalars[j] += h; minus[k].scalars[j] -= h
                XCTAssertEqual(g[k].scalars[j], (try value(plus) - value(minus)) / (2 * h), accuracy: 1e-7, "parameter \(k)[\(j)]")
            }
        }
    }

    func testBadInputsHaveClearErrors() throws {
        let n = try Normal(loc: Tensor(0), scale: Tensor(1))
        XCTAssertThrowsError(try Mixture(components: [n, n], weights: Tensor([0.5]))) { XCTAssertEqual("\($0)", "Mixture: 2 components but 1 weights") }
        XCTAssertThrowsError(try Mixture(components: [n], weights: Tensor([-1]))) { XCTAssert("\($0)".contains("weights must be nonnegative")) }
        XCTAssertThrowsError(try Mixture(components: [n], logits: Tensor([.nan]))) { XCTAssert("\($0)".contains("logits")) }
        XCTAssertThrowsError(try Mixture(components: [], weights: Tensor([Double]()))) { XCTAssert("\($0)".contains("at least one")) }
        let batched = try Normal(loc: Tensor([0, 1]), scale: Tensor(1))
        XCTAssertThrowsError(try Mixture(components: [batched], weights: Tensor([1]))) { XCTAssert("\($0)".contains("batch shape")) }
        let d = try Self.mixture(0)
        XCTAssertThrowsError(try d.icdf(Tensor(1.5))) { XCTAssert("\($0)".contains("[0, 1]")) }
        // A sample where the density underflows: no NaN, a clear error.
        XCTAssertThrowsError(try d.implicitlyReparameterized(Tensor([-1e3]))) { XCTAssert("\($0)".contains("too small for the implicit gradient")) }
    }

    /// d/dθ E[z²] by the pathwise estimator, by the score function, and by
    /// central differences of the closed form E[z²] = Σ πₖ(σₖ² + μₖ²).
    func testMonteCarloGradientsAgree() throws {
        let f: (Tensor) throws -> Tensor = { $0 * $0 }
        func closedForm(_ θ: [Double]) -> Double {   // logits, then (loc, scale) per component
            let e: [Double] = (0..<3).map { exp(θ[$0]) }
            let s: Double = e.reduce(0, +)
            var total = 0.0
            for k in 0..<3 {
                let loc = θ[3 + 2 * k], scale = θ[4 + 2 * k]
                total += e[k] / s * (scale * scale + loc * loc)
            }
            return total
        }
        let θ0 = [0, 0.5, -0.5, -2, 0.5, 0, 1, 3, 2]
        var stream = RandomStream(seed: 77)
        let d = try Self.mixture(0)
        let pathwise = try Estimator.pathwise.spread(of: f, under: d, samples: 20_000, repetitions: 20, using: &stream)
        let score = try Estimator.score.spread(of: f, under: d, samples: 20_000, repetitions: 20, using: &stream)
        let pathMeans = pathwise.map(\.summary.mean), pathErrors = pathwise.map(\.summary.standardError)
        let scoreMeans = score.map(\.summary.mean), scoreErrors = score.map(\.summary.standardError)
        for j in θ0.indices {
            var plus = θ0, minus = θ0
            plus[j] += 1e-6; minus[j] -= 1e-6
            let exact = (closedForm(plus) - closedForm(minus)) / 2e-6
            XCTAssertLessThan(abs(pathMeans[j] - exact), 5 * pathErrors[j] + 1e-6, "pathwise θ\(j)")
            let both = (pathErrors[j] * pathErrors[j] + scoreErrors[j] * scoreErrors[j]).squareRoot()
            XCTAssertLessThan(abs(pathMeans[j] - scoreMeans[j]), 5 * both, "pathwise vs score θ\(j)")
            XCTAssertLessThan(abs(scoreMeans[j] - exact), 5 * scoreErrors[j] + 1e-6, "score θ\(j)")
        }
    }
}
