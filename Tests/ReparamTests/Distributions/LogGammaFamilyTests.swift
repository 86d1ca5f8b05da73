import XCTest
@testable import Reparam

/// LogGamma(α, β), the law of log z for z ~ Gamma(α, β): quantiles, CDF, log density and the
/// implicit dy/dα against mpmath (scripts/fixtures/log_gamma.py), moments against quadrature,
/// draws by KS, and the tiny-α case where Gamma draws underflow to 0.
final class LogGammaFamilyTests: XCTestCase {
    func testPointsAgainstMpmath() throws {
        var quantile = WorstError("y = icdf(u)"), cdf = WorstError("cdf"), logDensity = WorstError("log p")
        var shape = WorstError("dy/dα"), rate = WorstError("dy/dβ")
        let rows = try fixture("log_gamma_points.tsv")
        XCTAssertGreaterThan(rows.count, 50)
        for row in rows {
            let (a, b, u, y) = (row[0], row[1], row[2], row[3])
            let at = "α=\(a) β=\(b) u=\(u)"
            let alpha = Tensor.parameter(a), beta = Tensor.parameter(b)
            let d = try LogGamma(concentration: alpha, rate: beta)
            // The quantile moves by 1/p(y) per unit of u; u itself is the double nearest the fixture's.
            let conditioning = Double.ulpOfOne * u / exp(row[5]) / max(abs(y), 1)
            let q = try d.icdf(Tensor(u))
            XCTAssertLessThanOrEqual(quantile.record(q.scalars[0], y, at: at), 1e-13 + 4 * conditioning, at)
            XCTAssertLessThanOrEqual(cdf.record(try d.cdf(Tensor(y)).scalars[0], row[4], at: at), 1e-12, at)
            let logp = try d.logProb(Tensor(y)).scalars[0]
            logDensity.record(logp, row[5], at: at)
            XCTAssertEqual(logp, row[5], accuracy: 1e-13 * max(1, abs(row[5])), at)
            let g = try gradients(of: q, withRespectTo: [alpha, beta])
            XCTAssertLessThanOrEqual(shape.record(g[0].scalars[0], row[6], at: at), 1e-11, at)
            XCTAssertLessThanOrEqual(rate.record(g[1].scalars[0], row[7], at: at), 1e-12, at)
        }
        for w in [quantile, cdf, logDensity, shape, rate] { print(w.summary) }
    }

    func testMomentsAgainstQuadrature() throws {
        for row in try fixture("log_gamma_moments.tsv") {
            let d = try LogGamma(concentration: Tensor(row[0]), rate: Tensor(row[1]))
            let at = "α=\(row[0]) β=\(row[1])"
            XCTAssertEqual(d.mean.scalars[0], row[2], accuracy: 1e-13 * max(1, abs(row[2])), at)
            assertRelative(d.variance.scalars[0], row[3], 1e-13, at)
            XCTAssertEqual(try d.entropy().scalars[0], row[4], accuracy: 1e-13 * max(1, abs(row[4])), at)
        }
        // d/dα of mean, variance and entropy: ψ₁(α), ψ₂(α), 1 − αψ₁(α).
        let alpha = Tensor.parameter(2.5)
        let d = try LogGamma(concentration: alpha, rate: Tensor(3))
        let slopes = try [d.mean, d.variance, try d.entropy()].map { try gradients(of: $0, withRespectTo: [alpha])[0].scalars[0] }
        assertRelative(slopes[0], trigamma(2.5), 1e-15)
        assertRelative(slopes[1], tetragamma(2.5), 1e-14)
        assertRelative(slopes[2], 1 - 2.5 * trigamma(2.5), 1e-14)
    }

    func testTetragammaAgainstMpmath() throws {
        for row in try fixture("tetragamma.tsv") { assertRelative(tetragamma(row[0]), row[1], 1e-14, "ψ₂(\(row[0]))") }
        XCTAssertTrue(tetragamma(0).isNaN)
    }

    /// Draws pass KS against the family's own CDF, including α = 0.003 where about a tenth of the
    /// Gamma draws are exactly 0 in double precision.
    func testDrawsPassKolmogorovSmirnov() throws {
        var stream = RandomStream(seed: 17)
        let n = 20_000
        for (a, b) in [(0.003, 1.0), (0.3, 2.0), (2.5, 1.0), (40.0, 0.5)] {
            let d = try LogGamma(concentration: Tensor(a), rate: Tensor(b))
            let y = try d.sample([n], using: &stream).scalars
            XCTAssertTrue(y.allSatisfy(\.isFinite), "α=\(a)")
            let statistic = kolmogorovSmirnov(y) { regularizedGammaP(a, logPoint: $0 + log(b)) }
            XCTAssertLessThan(statistic, ksCritical(n), "α=\(a) β=\(b): KS statistic \(statistic)")
        }
    }

    /// `gamma(0.003).rsample` underflows to 0 for a tenth of the draws (log z = −∞); the log-space
    /// family keeps draws, log_prob and both gradients finite, and its pathwise gradient of E[y]
    /// matches the exact d/dα (ψ(α) − log β) = ψ₁(α) within Monte-Carlo error.
    func testTinyShapeStaysFinite() throws {
        var stream = RandomStream(seed: 4)
        let underflowed = try Gamma(concentration: Tensor(0.003), rate: Tensor(1)).sample([20_000], using: &stream)
        XCTAssertGreaterThan(underflowed.scalars.filter { $0 == 0 }.count, 1500)
        let alpha = Tensor.parameter(0.003), beta = Tensor.parameter(2)
        let d = try LogGamma(concentration: alpha, rate: beta)
        let y = try d.rsample([20_000], using: &stream)
        XCTAssertTrue(y.scalars.allSatisfy(\.isFinite))
        XCTAssertTrue(try d.logProb(y).scalars.allSatisfy(\.isFinite))
        let g = try gradients(of: y.mean(), withRespectTo: [alpha, beta])
        XCTAssertEqual(g[1].scalars[0], -0.5, accuracy: 1e-12)
        // E[dy/dα] = ψ₁(α); the per-draw derivatives are ≈ −y/α, so their spread is ≈ σ(y)/α.
        let standardError = trigamma(0.003).squareRoot() / 0.003 / 20_000.0.squareRoot()
        XCTAssertEqual(g[0].scalars[0], trigamma(0.003), accuracy: 5 * standardError)
        // Per draw, the gradient is the implicit one of the Gamma sample on the log scale.
        let first = y.scalars[0] + log(2.0)
        let per = try gradients(of: y.select(axis: 0, 0), withRespectTo: [alpha])[0].scalars[0]
        assertRelative(per, gammaImplicitDerivative(concentration: 0.003, logSample: first), 1e-12)
    }

    func testBadInputs() throws {
        XCTAssertThrowsError(try LogGamma(concentration: Tensor(0), rate: Tensor(1)))
        XCTAssertThrowsError(try LogGamma(concentration: Tensor(1), rate: Tensor(-1)))
        let d = try LogGamma(concentration: Tensor(2), rate: Tensor(1))
        XCTAssertThrowsError(try d.icdf(Tensor(1.5)))
        XCTAssertEqual(try d.logProb(Tensor([-.infinity, .infinity])).scalars, [-.infinity, -.infinity])
        XCTAssertEqual(try d.cdf(Tensor([-.infinity, .infinity])).scalars, [0, 1])
    }
}
