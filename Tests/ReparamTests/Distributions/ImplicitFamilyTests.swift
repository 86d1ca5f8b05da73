import XCTest
@testable import Reparam

/// Gamma, Chi2, Beta, Dirichlet and Student-t as families: values against
/// 50-digit mpmath (scripts/fixtures/implicit_families.py), samplers by KS,
/// rsample's per-sample gradients against the generic dual-number route, and
/// Monte-Carlo gradients of E[z] against closed forms.
final class ImplicitFamilyTests: XCTestCase {
    static func family(_ id: Int, _ p: [Double], leaves: Bool = true) throws -> any UnivariateCDFFamily {
        func t(_ x: Double) -> Tensor { leaves ? .parameter(x) : Tensor(x) }
        switch id {
        case 0: return try Gamma(concentration: t(p[0]), rate: t(p[1]))
        case 1: return try Chi2(df: t(p[0]))
        case 2: return try Beta(a: t(p[0]), b: t(p[1]))
        default: return try StudentT(df: t(p[0]), loc: t(p[1]), scale: t(p[2]))
        }
    }

    func testValuesAgainstMpmath() throws {
        for r in try fixture("implicit_families.tsv") {
            let d = try Self.family(Int(r[0]), Array(r[1...3]))
            let label = "\(d.name)\(r[1...3]) at \(r[4])"
            assertRelative(try d.logProb(Tensor(r[4])).scalars[0], r[5], 1e-12, "\(label) logProb")
            assertRelative(try d.cdf(Tensor(r[4])).scalars[0], r[6], 1e-12, "\(label) cdf")
            for (value, expected, what) in [(d.mean.scalars[0], r[7], "mean"), (d.variance.scalars[0], r[8], "variance"),
                                            (try d.entropy().scalars[0], r[9], "entropy")] {
                if expected.isNaN { XCTAssert(value.isNaN, "\(label) \(what)") } else { assertRelative(value, expected, 1e-13, "\(label) \(what)") }
            }
        }
    }

    func testSamplesPassKolmogorovSmirnov() throws {
        var stream = RandomStream(seed: 77)
        let n = 20_000
        for (id, p) in [(0, [2.5, 1.5, 0]), (0, [0.3, 1, 0]), (0, [40, 2, 0]), (1, [3, 0, 0]), (2, [2, 3, 0]), (2, [0.2, 0.5, 0]),
                        (3, [4, 0, 1]), (3, [0.7, 1, 2])] {
            let d = try Self.family(id, p)
            let θ = d.parameters.map { $0.value.scalars[0] }
            let z = try d.rsample([n], using: &stream)
            XCTAssert(z.scalars.allSatisfy(\.isFinite), "\(d.name)\(p): non-finite sample")
            let statistic = kolmogorovSmirnov(z.scalars, cdf: { d.cdf(at: $0, parameters: θ) })
            XCTAssertLessThan(statistic, ksCritical(n), "\(d.name)\(p): KS statistic \(statistic)")
        }
    }

    /// rsample's fast per-sample derivatives (batched special-function routes) against
    /// the generic route: duals through the family's CDF and its log density.
    func testRsampleGradientsMatchTheGenericImplicitRoute() throws {
        var stream = RandomStream(seed: 4)
        for (id, p) in [(0, [2.5, 1.5, 0]), (0, [0.05, 2, 0]), (0, [300, 0.5, 0]), (1, [3, 0, 0]), (2, [2, 3, 0]), (2, [0.3, 7, 0]),
                        (3, [4, -1, 2]), (3, [0.5, 0, 1])] {
            for perSample in [false, true] {
                // One parameter value per sample exercises the per-element route; a shared one the batched route.
                let count = perSample ? 300 : 1
                let family = try repeated(id, p, count: count)
                let z = try family.rsample(perSample ? [1] : [3000], using: &stream)
                let g = try gradients(of: z.sum(), withRespectTo: family.parameters.map(\.value))
                for k in family.parameters.indices {
                    let reference = family.implicitDerivatives(of: z.scalars, parameter: k)
                    let total = perSample ? nil : reference.reduce(0, +)
                    if let total {
                        assertRelative(g[k].scalars[0], total, 1e-10, "\(family.name)\(p) shared \(family.parameters[k].name)")
                    } else {
                        for i in 0..<count where reference[i].isFinite && Swift.abs(reference[i]) > 1e-300 {
                            assertRelative(g[k].scalars[i], reference[i], 1e-10, "\(family.name)\(p) sample \(i) \(family.parameters[k].name)")
                        }
                    }
                }
            }
        }
    }

    /// The family with every parameter repeated `count` times (one value per sample when count > 1).
    private func repeated(_ id: Int, _ p: [Double], count: Int) throws -> any UnivariateCDFFamily {
        let t = { (x: Double) in Tensor.parameter(Array(repeating: x, count: count)) }
        switch id {
        case 0: return try Gamma(concentration: t(p[0]), rate: t(p[1]))
        case 1: return try Chi2(df: t(p[0]))
        case 2: return try Beta(a: t(p[0]), b: t(p[1]))
        default: return try StudentT(df: t(p[0]), loc: t(p[1]), scale: t(p[2]))
        }
    }

    /// d/dθ E[z] by the pathwise estimator against the closed forms, within 5 standard errors.
    func testMonteCarloGradientOfTheMean() throws {
        var stream = RandomStream(seed: 21)
        let cases: [(Int, [Double], [Double])] = [
            (0, [2.5, 1.5, 0], [1 / 1.5, -2.5 / (1.5 * 1.5)]),              // E = α/β
            (1, [3, 0, 0], [1]),                                              // E = k
            (2, [2, 3, 0], [3.0 / 25, -2.0 / 25]),                            // E = a/(a+b)
            (3, [5, 1, 2], [0, 1, 0]),                                        // E = μ (ν > 1)
        ]
        for (id, p, exact) in cases {
            let d = try Self.family(id, p)
            let spread = try Estimator.pathwise.spread(of: { $0 }, under: d, samples: 4000, repetitions: 30, using: &stream)
            for (k, value) in exact.enumerated() {
                let se = Swift.max(spread[k].summary.standardError, 1e-12)
                XCTAssertLessThan(Swift.abs(spread[k].summary.mean - value), 5 * se,
                                  "\(d.name) d/d\(spread[k].parameter) E[z]: \(spread[k].summary.mean) ± \(se), exact \(value)")
            }
        }
    }

    func testDirichletSamplesAndGradients() throws {
        var stream = RandomStream(seed: 9)
        let alpha = Tensor.parameter([1, 2, 3])
        let d = try Dirichlet(concentration: alpha)
        XCTAssertEqual(d.eventShape, [3])
        let x = try d.rsample([5000], using: &stream)
        XCTAssertEqual(x.shape, [5000, 3])
        for i in 0..<5000 { XCTAssertEqual(x.scalars[3 * i] + x.scalars[3 * i + 1] + x.scalars[3 * i + 2], 1, accuracy: 1e-14) }
        // The first component is Beta(1, 5): KS against its CDF.
        let first = (0..<5000).map { x.scalars[3 * $0] }
        let beta = try Beta(a: Tensor(1), b: Tensor(5))
        XCTAssertLessThan(kolmogorovSmirnov(first, cdf: { beta.cdf(at: $0, parameters: [1, 5]) }), ksCritical(5000))
        // d/dα E[x₁] = (Σα − α₁)/(Σα)² e₁ − α₁/(Σα)² (others) = [5/36, −1/36, −1/36].
        let spread = try Estimator.pathwise.spread(of: { try $0.column(0) }, under: d, samples: 4000, repetitions: 30, using: &stream)
        for (j, exact) in [5.0 / 36, -1.0 / 36, -1.0 / 36].enumerated() {
            XCTAssertLessThan(Swift.abs(spread[j].summary.mean - exact), 5 * spread[j].summary.standardError, "Dirichlet d/dα\(j) E[x₁]")
        }
    }

    /// The chain log G → softmax per sample, against dG/dα from the special function at 1e-12.
    func testDirichletPerSampleChain() throws {
        var stream = RandomStream(seed: 10)
        let alphas = [0.5, 2.0, 7.0]
        let alpha = Tensor.parameter(alphas)
        let x = try Dirichlet(concentration: alpha).rsample([1], using: &stream)
        let g = try gradients(of: try x.column(0).sum(), withRespectTo: [alpha])[0]
        // x = softmax(log G), so dx₁/dα_k = x₁(δ₁ₖ − x_k)·d log G_k/dα_k.
        let xs = x.scalars
        // Replaying the stream gives the same log G the sampler drew.
        var replay = RandomStream(seed: 10)
        let logG = alphas.withUnsafeBufferPointer { p in [Double](unsafeUninitializedCapacity: 3) { b, n in replay.fillLogStandardGamma(b, concentration: p); n = 3 } }
        for k in 0..<3 {
            let dlogG = gammaImplicitDerivative(concentration: alphas[k], logSample: logG[k])
            let expected = xs[0] * ((k == 0 ? 1 : 0) - xs[k]) * dlogG
            assertRelative(g.scalars[k], expected, 1e-12, "dx₁/dα\(k)")
        }
    }

    func testExtremeParametersGiveFiniteSamplesAndGradients() throws {
        var stream = RandomStream(seed: 3)
        let cases: [any UnivariateCDFFamily] = [
            try Gamma(concentration: .parameter(1e-3), rate: .parameter(1)),
            try Gamma(concentration: .parameter(1e5), rate: .parameter(1)),
            try Beta(a: .parameter(1e-3), b: .parameter(1e-3)),
            try StudentT(df: .parameter(0.1), loc: .parameter(0), scale: .parameter(1)),
        ]
        for d in cases {
            let z = try d.rsample([2000], using: &stream)
            XCTAssert(z.scalars.allSatisfy(\.isFinite), "\(d.name): non-finite sample")
            let g = try gradients(of: z.mean(), withRespectTo: d.parameters.map(\.value))
            XCTAssert(g.allSatisfy { $0.scalars.allSatisfy(\.isFinite) }, "\(d.name)\(d.parameters.map { $0.value.scalars[0] }): gradient \(g)")
        }
        let tiny = try Dirichlet(concentration: .parameter([1e-3, 1e-3, 1e-3]))
        let x = try tiny.rsample([500], using: &stream)
        XCTAssert(x.scalars.allSatisfy(\.isFinite))
        XCTAssert(try gradients(of: try x.column(0).mean(), withRespectTo: [tiny.concentration])[0].scalars.allSatisfy(\.isFinite))
    }

    func testValidation() throws {
        XCTAssertThrowsError(try Gamma(concentration: Tensor(-1), rate: Tensor(1))) { XCTAssertEqual("\($0)", "Gamma: concentration must be positive, got -1") }
        XCTAssertThrowsError(try Dirichlet(concentration: Tensor([1, -1, 3]))) { XCTAssertEqual("\($0)", "Dirichlet: concentration must be positive, got -1 at index 1") }
        XCTAssertThrowsError(try Dirichlet(concentration: Tensor([1]))) { XCTAssertEqual("\($0)", "Dirichlet: concentration must be a vector of at least 2 values, got shape [1]") }
        XCTAssertThrowsError(try StudentT(df: Tensor(0))) { XCTAssertEqual("\($0)", "StudentT: df must be positive, got 0") }
        XCTAssertThrowsError(try Beta(a: Tensor(1), b: Tensor(.infinity))) { XCTAssertEqual("\($0)", "Beta: b must be positive, got inf") }
    }
}
