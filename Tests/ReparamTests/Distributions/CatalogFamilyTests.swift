import XCTest
@testable import Reparam

/// The catalog's univariate families (InverseGamma … TwoPieceNormal) against 50-digit mpmath
/// (scripts/fixtures/catalog_families.py): per-sample quantile gradients over grids with the hard
/// corners, log densities, moments and their gradients; samplers by KS; explicit against implicit
/// gradients on the same draws; Monte-Carlo gradients of E[z] and E[z²] against closed forms.
final class CatalogFamilyTests: XCTestCase {
    /// Fixture family ids, in the script's order.
    static let names = ["InverseGamma", "Weibull", "Kumaraswamy", "Pareto", "HalfNormal", "HalfCauchy", "Chi", "FisherSnedecor",
                        "LogitNormal", "ContinuousBernoulli", "GeneralizedPareto", "InverseGaussian", "GeneralizedGamma", "TwoPieceNormal"]

    /// Family `id` with parameter tensors `p` (as many as the family has).
    static func family(_ id: Int, _ p: [Tensor]) throws -> any UnivariateCDFFamily {
        switch id {
        case 0: return try InverseGamma(concentration: p[0], rate: p[1])
        case 1: return try Weibull(scale: p[0], concentration: p[1])
        case 2: return try Kumaraswamy(a: p[0], b: p[1])
        case 3: return try Pareto(scale: p[0], alpha: p[1])
        case 4: return try HalfNormal(scale: p[0])
        case 5: return try HalfCauchy(scale: p[0])
        case 6: return try Chi(df: p[0])
        case 7: return try FisherSnedecor(df1: p[0], df2: p[1])
        case 8: return try LogitNormal(loc: p[0], scale: p[1])
        case 9: return try ContinuousBernoulli(probs: p[0])
        case 10: return try GeneralizedPareto(loc: p[0], scale: p[1], concentration: p[2])
        case 11: return try InverseGaussian(loc: p[0], concentration: p[1])
        case 12: return try GeneralizedGamma(concentration: p[0], power: p[1], scale: p[2])
        default: return try TwoPieceNormal(loc: p[0], lowerScale: p[1], upperScale: p[2])
        }
    }

    static let arity = [2, 2, 2, 2, 1, 1, 1, 2, 2, 1, 3, 2, 3, 3]

    /// dz/dθ at fixed u for every fixture row: icdf with one parameter value per row, so the gradient of
    /// Σz is each row's own derivative. Explicit families to 1e-12, implicit ones to 1e-10 (quantile and
    /// gradient alike: an implicit quantile is a root of F, whose own rounding it inherits); each family
    /// prints its worst error and where. Rows whose quantile is not a normal double are left out.
    func testQuantileGradientsAgainstMpmath() throws {
        let all = try fixture("catalog_quantiles.tsv")
        for id in Self.names.indices {
            let rows = all.filter { Int($0[0]) == id && $0[5].magnitude < 1e300 && $0[5].magnitude > 1e-300 }
            XCTAssertGreaterThan(rows.count, 10, Self.names[id])
            let k = Self.arity[id]
            let leaves = (0..<k).map { j in Tensor.parameter(rows.map { $0[1 + j] }) }
            let d = try Self.family(id, leaves)
            let z = try d.icdf(Tensor(rows.map { $0[4] }))
            let g = try gradients(of: z.sum(), withRespectTo: leaves)
            let explicit = d.reparameterization == .explicit
            var worstValue = WorstError("\(d.name) quantile"), worstGradient = WorstError("\(d.name) dz/dθ (\(explicit ? "explicit" : "implicit"))")
            for (i, r) in rows.enumerated() {
                let label = "\(d.name)\(r[1...k].map { $0 }) at u = \(r[4])"
                worstValue.record(z.scalars[i], r[5], at: label)
                for j in 0..<k {
                    worstGradient.record(g[j].scalars[i], r[6 + j], at: "\(label) d/d\(d.parameters[j].name)")
                }
            }
            print(worstValue.summary)
            print(worstGradient.summary)
            XCTAssertLessThanOrEqual(worstValue.error, explicit ? 1e-12 : 1e-10, worstValue.summary)
            XCTAssertLessThanOrEqual(worstGradient.error, explicit ? 1e-12 : 1e-10, worstGradient.summary)
        }
    }

    /// log p and F at the doubles nearest the reference quantiles: log p to 1e-12 (relative, absolute below 1;
    /// 4e-12 for Chi at k = 3000, whose terms of size 10⁴ cancel to 1), F to 1e-12 relative below ½ and
    /// to 1e-12 relative in 1 − F above it, plus one ulp of F (F, not its complement, is what `cdf` returns).
    func testDensityAndCDFAtTheReferenceQuantiles() throws {
        var worstLogDensity = 0.0, worstCDF = WorstError("F (1 − F above ½)")
        // Quantiles that round to an end of the support (F = 0 or 1 there) are left out.
        for r in try fixture("catalog_quantiles.tsv") where r[5].magnitude < 1e300 && r[5].magnitude > 1e-300 && r[10] > 0 && r[11] > 0 {
            let id = Int(r[0]), k = Self.arity[id]
            let d = try Self.family(id, (0..<k).map { Tensor(r[1 + $0]) })
            let label = "\(d.name)\(r[1...k].map { $0 }) at z = \(r[5])"
            let logp = try d.logProb(Tensor(r[5])).scalars[0]
            let logTolerance = (id == 6 && r[1] > 1000 ? 4e-12 : 1e-12) * Swift.max(1, Swift.abs(r[9]))
            XCTAssertLessThanOrEqual(Swift.abs(logp - r[9]), logTolerance, "\(label) logProb \(logp) vs \(r[9])")
            worstLogDensity = Swift.max(worstLogDensity, Swift.abs(logp - r[9]) / Swift.max(1, Swift.abs(r[9])))
            let f = try d.cdf(Tensor(r[5])).scalars[0]
            let (lower, upper) = (r[10], r[11])
            let error = lower <= 0.5 ? relativeError(f, lower) : Swift.abs((1 - f) - upper) / upper
            let tolerance = lower <= 0.5 ? 1e-12 : 1e-12 + 1.2e-16 / upper
            XCTAssertLessThanOrEqual(error, tolerance, "\(label) cdf \(f) vs \(lower) (1 − F = \(upper))")
            worstCDF.record(lower <= 0.5 ? f : 1 - f, lower <= 0.5 ? lower : upper, at: label)
        }
        print("log p: worst error \(worstLogDensity) (relative above 1, absolute below)")
        print(worstCDF.summary)
    }

    /// Mean, variance and entropy to 1e-12, and the gradients of mean and variance (autodiff through the
    /// formulas) against mpmath's derivatives. Exceptions, each a cancellation in the closed form: the
    /// quadrature-based LogitNormal (1e-11); Chi's entropy at k = 3000 (5e-12). Kumaraswamy's and
    /// GeneralizedGamma's variances (differences of Gamma-function ratios, 2e-10 at shapes of 50 when
    /// taken from two lgamma values) hold 1e-12 through `lgammaDifference`.
    func testMomentsAndTheirGradients() throws {
        for r in try fixture("catalog_moments.tsv") {
            let id = Int(r[0]), k = Self.arity[id]
            let leaves = (0..<k).map { Tensor.parameter(r[1 + $0]) }
            let d = try Self.family(id, leaves)
            let label = "\(d.name)\(r[1...k].map { $0 })"
            let tolerances = id == 8 ? [1e-11, 1e-11, 1e-11] : id == 6 ? [1e-12, 1e-12, 5e-12] : [1e-12, 1e-12, 1e-12]
            for (n, (value, expected, what)) in [(d.mean, r[4], "mean"), (d.variance, r[5], "variance"), (try d.entropy(), r[6], "entropy")].enumerated() {
                if expected.isInfinite { XCTAssertEqual(value.scalars[0], expected, "\(label) \(what)"); continue }
                // Relative, or absolute where the value is below 1e-300 in size (an entropy of 0 at λ = ½).
                XCTAssertLessThanOrEqual(Swift.abs(value.scalars[0] - expected), tolerances[n] * Swift.max(Swift.abs(expected), 1e-300),
                                         "\(label) \(what): \(value.scalars[0]) vs \(expected)")
            }
            for (moment, offset, what) in [(d.mean, 7, "mean"), (d.variance, 10, "variance")] where r[offset].isFinite {
                let g = try gradients(of: moment, withRespectTo: leaves)
                for j in 0..<k {
                    let expected = r[offset + j]
                    XCTAssertLessThanOrEqual(Swift.abs(g[j].scalars[0] - expected), 1e-10 * Swift.max(Swift.abs(expected), 1e-3),
                                             "\(label) d\(what)/d\(d.parameters[j].name): \(g[j].scalars[0]) vs \(expected)")
                }
            }
        }
    }

    /// One parameter set per family: 20,000 draws against the family's own CDF.
    static let typical: [(Int, [Double])] = [
        (0, [3, 2]), (1, [2, 1.5]), (2, [2, 5]), (3, [1, 3]), (4, [2]), (5, [1]), (6, [3]), (7, [5, 10]), (8, [0.5, 1.2]),
        (9, [0.3]), (10, [0, 1, 0.3]), (11, [1, 2]), (12, [2, 1.5, 1]), (13, [0, 1, 3]),
    ]

    func testSamplesPassKolmogorovSmirnov() throws {
        var stream = RandomStream(seed: 2026)
        let n = 20_000
        for (id, p) in Self.typical + [(0, [0.05, 1]), (6, [0.1]), (9, [0.5]), (10, [0, 1, -0.3]), (11, [1, 0.05]), (12, [0.1, 3, 2])] {
            let d = try Self.family(id, p.map { Tensor($0) })
            let z = try d.rsample([n], using: &stream)
            XCTAssert(z.scalars.allSatisfy { !$0.isNaN }, "\(d.name)\(p): nan sample")
            let statistic = kolmogorovSmirnov(z.scalars, cdf: { d.cdf(at: $0, parameters: p) })
            XCTAssertLessThan(statistic, ksCritical(n), "\(d.name)\(p): KS statistic \(statistic)")
        }
    }

    /// Explicit families: `rsample(via: .implicit)` (the implicit rule through the CDF) on the same draws
    /// gives the explicit per-sample derivatives to 1e-12 (relative, or absolute where they are below 1e-300).
    func testExplicitAndImplicitRoutesAgree() throws {
        for (id, p) in Self.typical + [(10, [0, 1, 1e-9]), (9, [0.5 + 1e-7]), (3, [2, 0.1])] {
            let count = 400
            let leaves = p.map { Tensor.parameter(Array(repeating: $0, count: count)) }
            let d = try Self.family(id, leaves)
            guard d.reparameterization == .explicit else { continue }
            var first = RandomStream(seed: 9), second = first
            let explicit = try d.rsample([], using: &first)
            let implicit = try d.rsample([], using: &second, via: .implicit)
            XCTAssertEqual(explicit.scalars, implicit.scalars, "\(d.name): the two routes drew different samples")
            let ge = try gradients(of: explicit.sum(), withRespectTo: leaves), gi = try gradients(of: implicit.sum(), withRespectTo: leaves)
            var worst = WorstError("\(d.name)\(p) explicit vs implicit")
            for j in leaves.indices {
                for i in 0..<count where Swift.abs(ge[j].scalars[i]) > 1e-300 {
                    worst.record(gi[j].scalars[i], ge[j].scalars[i], at: "sample \(explicit.scalars[i]) d/d\(d.parameters[j].name)")
                }
            }
            // A per-element upstream gradient (not one number): ∂Σz²/∂θ = 2z·dz/dθ on both routes.
            let se = try gradients(of: (explicit * explicit).sum(), withRespectTo: leaves)
            let si = try gradients(of: (implicit * implicit).sum(), withRespectTo: leaves)
            for j in leaves.indices {
                for i in 0..<count where Swift.abs(se[j].scalars[i]) > 1e-300 {
                    worst.record(si[j].scalars[i], se[j].scalars[i], at: "sample \(explicit.scalars[i]) d(z²)/d\(d.parameters[j].name)")
                    assertRelative(se[j].scalars[i], 2 * explicit.scalars[i] * ge[j].scalars[i], 1e-14, "\(d.name) d(z²)/d\(d.parameters[j].name)")
                }
            }
            print(worst.summary)
            XCTAssertLessThanOrEqual(worst.error, 1e-12, worst.summary)
        }
    }

    /// ∇E[z] and ∇E[z²] from per-sample pathwise gradients (one parameter copy per draw) within
    /// five standard errors of the closed forms' gradients (mpmath's, from the moments fixture).
    func testMonteCarloGradientsOfMomentsMatchClosedForms() throws {
        let momentRows = try fixture("catalog_moments.tsv")
        var stream = RandomStream(seed: 31)
        let n = 40_000
        for (id, p) in Self.typical {
            guard let row = momentRows.first(where: { r in Int(r[0]) == id && zip(r[1...], p).allSatisfy { $0 == $1 } }),
                  row[5].isFinite else { continue }
            let leaves = p.map { Tensor.parameter(Array(repeating: $0, count: n)) }
            let d = try Self.family(id, leaves)
            let z = try d.rsample([], using: &stream)
            let g = try gradients(of: z.sum(), withRespectTo: leaves)
            for j in leaves.indices {
                let first = g[j].scalars, second = zip(z.scalars, first).map { 2 * $0 * $1 }
                // d E[z²] = d variance + 2 mean · d mean.
                let expected = [row[7 + j], row[10 + j] + 2 * row[4] * row[7 + j]]
                for (samples, target, what) in [(first, expected[0], "E[z]"), (second, expected[1], "E[z²]")] {
                    let m = moments(samples)
                    let standardError = (m.variance / Double(n)).squareRoot()
                    XCTAssertLessThanOrEqual(Swift.abs(m.mean - target), 5 * standardError + 1e-12,
                                             "\(d.name)\(p) d\(what)/d\(d.parameters[j].name): \(m.mean) ± \(standardError) vs \(target)")
                }
            }
        }
    }

    /// Kumaraswamy at a tiny first shape: x = y^(1/a) underflows to 0, and its slopes are 0, not 0·∞ = nan.
    func testKumaraswamyDrawsThatUnderflowHaveZeroSlopes() throws {
        let a = Tensor.parameter(1e-300), b = Tensor.parameter(2)
        var stream = RandomStream(seed: 12)
        let z = try Kumaraswamy(a: a, b: b).rsample([200], using: &stream)
        XCTAssert(z.scalars.allSatisfy { $0 == 0 }, "\(z.scalars.prefix(5))")
        let g = try gradients(of: z.sum(), withRespectTo: [a, b])
        XCTAssertEqual(g.map { $0.scalars[0] }, [0, 0])
    }
}
