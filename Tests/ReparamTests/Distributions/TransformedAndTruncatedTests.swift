import XCTest
@testable import Reparam

/// Families built from parts: `TransformedDistribution` (change of variables through bijections) against
/// the catalog's closed forms, and `Truncated` against mpmath (scripts/fixtures/truncated_fixtures.py),
/// including truncations whose mass is below the smallest double.
final class TransformedAndTruncatedTests: XCTestCase {
    // MARK: Transformed

    /// transform(Normal(μ, σ), exp) is LogNormal(μ, σ) exactly: samples, log densities, CDF, quantiles,
    /// mean, variance and every gradient bit for bit; the entropy (H(X) + E X, summed in another order) to 1e-15.
    func testLogNormalIsNormalThroughExp() throws {
        let loc = Tensor.parameter(0.3), scale = Tensor.parameter(0.8)
        let built = try TransformedDistribution(Normal(loc: loc, scale: scale), by: [.exp])
        let direct = try LogNormal(loc: loc, scale: scale)
        var first = RandomStream(seed: 5), second = first
        let a = try built.rsample([1000], using: &first), b = try direct.rsample([1000], using: &second)
        XCTAssertEqual(a.scalars, b.scalars)
        XCTAssertEqual(try gradients(of: a.mean(), withRespectTo: [loc, scale]).map(\.scalars),
                       try gradients(of: b.mean(), withRespectTo: [loc, scale]).map(\.scalars))
        let values = Tensor([0.01, 0.5, 1, 3, 40])
        let builtLogProb = try built.logProb(values), directLogProb = try direct.logProb(values)
        XCTAssertEqual(builtLogProb.scalars, directLogProb.scalars)
        XCTAssertEqual(try gradients(of: builtLogProb.sum(), withRespectTo: [loc, scale]).map(\.scalars),
                       try gradients(of: directLogProb.sum(), withRespectTo: [loc, scale]).map(\.scalars))
        XCTAssertEqual(try built.cdf(values).scalars, try direct.cdf(values).scalars)
        let u = Tensor([1e-9, 0.2, 0.5, 0.97])
        XCTAssertEqual(try built.icdf(u).scalars, try direct.icdf(u).scalars)
        XCTAssertEqual(built.mean.scalars, direct.mean.scalars, "mean, closed form")
        XCTAssertEqual(built.variance.scalars, direct.variance.scalars, "variance, closed form")
        assertRelative(try built.entropy().scalars[0], try direct.entropy().scalars[0], 1e-15, "entropy, H(X) + E X")
    }

    /// Weibull(λ, k) built as λ·E^{1/k} (Exponential through power and affine): log density, CDF,
    /// quantiles and the quantile's gradients to the scale and (through 1/k) the concentration.
    func testWeibullFromAnExponentialThroughPowerAndAffine() throws {
        let lambda = 1.7, k = 2.5
        let exponent = Tensor.parameter(1 / k), scale = Tensor.parameter(lambda)
        let built = try TransformedDistribution(Exponential(rate: Tensor(1)), by: [.power(exponent), .affine(loc: Tensor(0), scale: scale)])
        let weibullScale = Tensor.parameter(lambda), weibullK = Tensor.parameter(k)
        let weibull = try Weibull(scale: weibullScale, concentration: weibullK)
        let values = Tensor([0.05, 0.9, 1.7, 4])
        for (x, y) in zip(try built.logProb(values).scalars, try weibull.logProb(values).scalars) { assertRelative(x, y, 1e-13, "log density") }
        for (x, y) in zip(try built.cdf(values).scalars, try weibull.cdf(values).scalars) { assertRelative(x, y, 1e-13, "cdf") }
        for u in [1e-8, 0.3, 0.99] {
            let zb = try built.icdf(Tensor(u)), zw = try weibull.icdf(Tensor(u))
            assertRelative(zb.scalars[0], zw.scalars[0], 1e-14, "quantile at \(u)")
            let gb = try gradients(of: zb, withRespectTo: [scale, exponent]), gw = try gradients(of: zw, withRespectTo: [weibullScale, weibullK])
            assertRelative(gb[0].scalars[0], gw[0].scalars[0], 1e-13, "dz/dλ at \(u)")
            // dz/dk = dz/d(1/k) · (−1/k²).
            assertRelative(gb[1].scalars[0] * (-1 / (k * k)), gw[1].scalars[0], 1e-13, "dz/dk at \(u)")
        }
        assertRelative(built.mean.scalars[0], weibull.mean.scalars[0], 1e-9, "mean")
    }

    /// Normal through sigmoid is LogitNormal; through tanh, softplus and a decreasing affine map the
    /// CDF inverts the quantile and the density is the CDF's derivative.
    func testChangeOfVariablesAgainstTheCDF() throws {
        let normal = try Normal(loc: Tensor(0.4), scale: Tensor(1.3))
        let logit = try TransformedDistribution(normal, by: [.sigmoid]), direct = try LogitNormal(loc: Tensor(0.4), scale: Tensor(1.3))
        let inside = Tensor([1e-6, 0.2, 0.7, 0.999])
        for (x, y) in zip(try logit.logProb(inside).scalars, try direct.logProb(inside).scalars) { assertRelative(x, y, 1e-13, "logit-normal") }
        for bijections in [[Bijection.tanh], [.softplus], [.affine(loc: Tensor(2), scale: Tensor(-3))], [.sigmoid, .affine(loc: Tensor(-1), scale: Tensor(2))]] {
            let d = try TransformedDistribution(normal, by: bijections)
            let label = bijections.map(\.name).joined(separator: "∘")
            for u in [0.001, 0.3, 0.5, 0.8] {
                let z = try d.icdf(Tensor(u)).scalars[0]
                assertRelative(try d.cdf(Tensor(z)).scalars[0], u, 1e-12, "\(label): cdf(icdf(\(u)))")
                let h = 1e-7 * Swift.max(1, Swift.abs(z))
                let slope = (try d.cdf(Tensor(z + h)).scalars[0] - d.cdf(Tensor(z - h)).scalars[0]) / (2 * h)
                assertRelative(Foundation.exp(try d.logProb(Tensor(z)).scalars[0]), slope, 1e-8, "\(label): density at \(z)")
            }
            var stream = RandomStream(seed: 12)
            let samples = try d.rsample([10_000], using: &stream).scalars
            let statistic = kolmogorovSmirnov(samples) { d.cdf(at: $0, parameters: d.parameters.map { $0.value.scalars[0] }) }
            XCTAssertLessThan(statistic, ksCritical(samples.count), "\(label): KS \(statistic)")
        }
    }

    func testBadTransformsAreClearErrors() throws {
        let normal = try Normal(loc: Tensor(0), scale: Tensor(1))
        XCTAssertThrowsError(try TransformedDistribution(normal, by: [.power(Tensor(2))])) { error in
            XCTAssertEqual("\(error)", "transform: power is defined on x > 0 (xᵏ of a negative number is not a bijection), but the values it would receive "
                           + "reach down to -inf; map them onto x > 0 first, e.g. compose(power(0.5), exp) applies exp, then power")
        }
        XCTAssertThrowsError(try TransformedDistribution(normal, by: [.affine(loc: Tensor(0), scale: Tensor(0))])) { error in
            XCTAssertEqual("\(error)", "transform by affine: scale must be a nonzero finite number, got 0")
        }
        XCTAssertEqual(try TransformedDistribution(normal, by: [.exp]).logProb(Tensor(-1)).scalars, [-.infinity])
    }

    // MARK: Truncated

    static func truncatedCase(_ id: Int, _ p: [Tensor], low: Tensor, high: Tensor) throws -> Truncated {
        switch id {
        case 0: return try Truncated(Normal(loc: p[0], scale: p[1]), low: low, high: high)
        case 1: return try Truncated(Normal(loc: p[0], scale: p[1]), low: low, high: high)
        case 2: return try Truncated(Normal(loc: p[0], scale: p[1]), low: low, high: high)
        case 3: return try Truncated(Gamma(concentration: p[0], rate: p[1]), low: low, high: high)
        case 4: return try Truncated(Exponential(rate: p[0]), low: low, high: high)
        default: return try Truncated(Normal(loc: p[0], scale: p[1]), low: low, high: high)
        }
    }
    static let cases: [(p: [Double], low: Double, high: Double)] = [
        ([0, 1], 39, .infinity), ([0.5, 2], -1, 3), ([0, 1], -.infinity, -30), ([2, 1], 200, 300), ([1.5], 0.2, 0.7), ([0, 1], 5, 6),
    ]

    /// Quantiles (1e-12) and their gradients to the base's parameters and both bounds (1e-10, implicit)
    /// for u in [0.01, 0.99], including a Normal cut at 39 (mass 1e-333) and a Gamma cut to [200, 300]
    /// (mass 1e-85). Within 1e-6 of the mass of a bound (u = 1e-10, 1 − 1e-6) dz/dθ is a difference
    /// of nearly equal terms, conditioned by κ = |z (dz/dθ)'(z)/(dz/dθ)| up to 1e13 in the draw z
    /// (the fixture's κ columns, mpmath): there the error is held to 8κ times the draw's own
    /// relative error plus ℓε (ℓ the log mass: G comes from log-tails of that size), on top of
    /// 1e-10; and every row's relative error over max(κ, 1) is within 1e-12 (1.5e-13 at worst: the
    /// 3.9e-2 at Gamma[200, 300], u = 1e-10, is κ = 2e12 times 2e-14). The closed-form bound derivatives (`TruncatedBoundDerivatives`) take Normal, Gamma
    /// and Exponential bases.
    func testTruncatedQuantilesAndGradientsAgainstMpmath() throws {
        let rows = try fixture("truncated_quantiles.tsv")
        var worst = WorstError("truncated dz/dθ, u in [0.01, 0.99]"), nearBound = WorstError("truncated dz/dθ within 1e-6 of a bound's mass")
        var worstScaled = (error: 0.0, at: "")
        for (id, c) in Self.cases.enumerated() {
            let mine = rows.filter { Int($0[0]) == id }
            let p = c.p.map { v in Tensor.parameter(Array(repeating: v, count: mine.count)) }
            let low = Tensor.parameter(Array(repeating: c.low, count: mine.count)), high = Tensor.parameter(Array(repeating: c.high, count: mine.count))
            let d = try Self.truncatedCase(id, p, low: low, high: high)
            let z = try d.icdf(Tensor(mine.map { $0[1] }))
            let g = try gradients(of: z.sum(), withRespectTo: p + [low, high])
            for (i, r) in mine.enumerated() {
                let label = "\(d.name)\(c.p) on [\(c.low), \(c.high)] at u = \(r[1])"
                assertRelative(z.scalars[i], r[2], 1e-12, "\(label) quantile")
                // The draw's relative error, and ε times the size ℓ of the log-tails G is formed from (ℓ = 764 at 39σ).
                let θ = c.p + [c.low, c.high]
                let drawError = abs(z.scalars[i] - r[2]) / abs(r[2]) + Double.ulpOfOne * Swift.max(1, abs(d.logMass(θ)))
                let columns = Array(3...(2 + c.p.count)) + [5, 6]
                for (j, column) in columns.enumerated() where r[column] != 0 {
                    let got = g[j].scalars[i], expected = r[column], kappa = r[column + 4]
                    let tag = "\(label) d/d\(d.parameters[j].name)"
                    let error = r[1] >= 0.01 && r[1] <= 0.99 ? worst.record(got, expected, at: tag) : nearBound.record(got, expected, at: tag)
                    XCTAssert(error <= 1e-10 + 8 * kappa * drawError, "\(tag): \(got) vs \(expected) (κ \(kappa), draw error \(drawError))")
                    // Scaled by the condition, every row is within 1e-12 (the worst is printed).
                    let scaled = error / Swift.max(kappa, 1)
                    if scaled > worstScaled.error { worstScaled = (scaled, "\(tag) (κ \(kappa), relative error \(error))") }
                    XCTAssertLessThanOrEqual(scaled, 1e-12, "\(tag): relative error \(error) over κ \(kappa)")
                }
            }
        }
        print(worst.summary)
        print(nearBound.summary)
        print("truncated dz/dθ relative error over max(κ, 1): worst \(worstScaled.error) at \(worstScaled.at)")
    }

    /// Draws stay inside the bounds and finite far in the tails, and pass KS against the family's own CDF.
    func testTruncatedSamples() throws {
        var stream = RandomStream(seed: 3)
        for (id, c) in Self.cases.enumerated() {
            let d = try Self.truncatedCase(id, c.p.map { Tensor($0) }, low: Tensor(c.low), high: Tensor(c.high))
            let z = try d.rsample([5000], using: &stream).scalars
            XCTAssert(z.allSatisfy { $0.isFinite && $0 >= c.low && $0 <= c.high }, "\(d.name) on [\(c.low), \(c.high)]: a draw outside or not finite")
            let θ = d.parameters.map { $0.value.scalars[0] }
            let statistic = kolmogorovSmirnov(z) { d.cdf(at: $0, parameters: θ) }
            XCTAssertLessThan(statistic, ksCritical(z.count), "\(d.name) on [\(c.low), \(c.high)]: KS \(statistic)")
        }
    }

    /// log density integrates to the right mass, finite where the mass is below the smallest double:
    /// for Normal on [39, ∞), log p(39) = log φ(39) − log Φ(−39) = log(1/R(39)) with the Mills ratio.
    func testTruncatedLogDensityFarInTheTail() throws {
        let d = try Truncated(Normal(loc: Tensor(0), scale: Tensor(1)), low: Tensor(39), high: Tensor(.infinity))
        // 1/R(39) to 40 digits (mpmath: npdf(39)/ncdf(-39)).
        assertRelative(Foundation.exp(try d.logProb(Tensor(39)).scalars[0]), 39.02560741993010845640805871832781917378, 1e-13, "density at the bound")
        XCTAssertEqual(try d.logProb(Tensor(38.9)).scalars, [-.infinity])
        assertRelative(d.mean.scalars[0], 39.02560741993010845640805871832781917378, 1e-9, "mean = 1/R(39)")
    }

    func testBadTruncationsAreClearErrors() throws {
        let normal = try Normal(loc: Tensor(0), scale: Tensor(1))
        XCTAssertThrowsError(try Truncated(normal, low: Tensor(2), high: Tensor(1))) { error in
            XCTAssertEqual("\(error)", "truncated: low must be below high, got 2 with high 1")
        }
        XCTAssertThrowsError(try Truncated(Exponential(rate: Tensor(1)), low: Tensor(-3), high: Tensor(-1))) { error in
            XCTAssertEqual("\(error)", "truncated: [-3, -1] has no probability under Exponential: the interval has no mass to renormalize")
        }
    }
}
