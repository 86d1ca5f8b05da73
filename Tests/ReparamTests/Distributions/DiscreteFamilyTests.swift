import Foundation
import XCTest
@testable import Reparam

/// The discrete families against closed forms and mpmath (scripts/fixtures/discrete_families.py):
/// pmf, cdf and ∂ log P/∂θ of Poisson and Binomial at small and large parameters, the
/// Bernoulli/Geometric/Categorical formulas, logits against probs, and the quantile function.
final class DiscreteFamilyTests: XCTestCase {
    func testPoissonAndBinomialAgainstMpmath() throws {
        let rows = try fixture("discrete_pmf.tsv")
        XCTAssertEqual(rows.count, 37)
        for row in rows {
            let (family, a, p, k, logPmf, cdf, slope) = (row[0], row[1], row[2], row[3], row[4], row[5], row[6])
            let θ = Tensor.parameter(family == 0 ? a : p)
            let d: any DiscreteDistribution = family == 0 ? try Poisson(rate: θ) : try Binomial(totalCount: Tensor(a), probs: θ)
            let label = "\(d.name)(\(a)\(family == 0 ? "" : ", \(p)")) at \(k)"
            let logProb = try d.logProb(Tensor(k))
            XCTAssertEqual(logProb.scalars[0], logPmf, accuracy: 1e-12 * max(1, abs(logPmf)), label)
            XCTAssertEqual(try gradients(of: logProb, withRespectTo: [θ])[0].scalars[0], slope, accuracy: 1e-9 * max(1, abs(slope)), label)
            XCTAssertEqual(try d.cdf(Tensor(k)).scalars[0], cdf, accuracy: 1e-11, label)
        }
    }

    /// dF/dλ of Poisson is −P(k; λ) (the cdf falls by the pmf at k); dF/dp of Binomial is −n P(k; n − 1, p).
    func testCdfParameterDerivatives() throws {
        let λ = Tensor.parameter(3.5)
        let poisson = try Poisson(rate: λ)
        let slope = try gradients(of: poisson.cdf(Tensor(4)), withRespectTo: [λ])[0].scalars[0]
        XCTAssertEqual(slope, -Foundation.exp(4 * Foundation.log(3.5) - 3.5 - logGamma(5)), accuracy: 1e-12)
        let p = Tensor.parameter(0.3)
        let binomial = try Binomial(totalCount: Tensor(10), probs: p)
        let dF = try gradients(of: binomial.cdf(Tensor(3)), withRespectTo: [p])[0].scalars[0]
        let smaller = try Binomial(totalCount: Tensor(9), probs: Tensor(0.3))
        XCTAssertEqual(dF, -10 * Foundation.exp(try smaller.logProb(Tensor(3)).scalars[0]), accuracy: 1e-12)
    }

    func testBernoulliGeometricAndCategoricalClosedForms() throws {
        // Bernoulli: logits and probs are the same law; log P(1) = −softplus(−l) stays exact at l = −40.
        let viaLogits = try Bernoulli(logits: Tensor([0.4, -40])), viaProbs = try Bernoulli(probs: Tensor([1 / (1 + Foundation.exp(-0.4))]))
        XCTAssertEqual(try viaLogits.logProb(Tensor(1)).scalars[0], try viaProbs.logProb(Tensor(1)).scalars[0], accuracy: 1e-15)
        XCTAssertEqual(try viaLogits.logProb(Tensor(1)).scalars[1], -40 - Foundation.log1p(Foundation.exp(-40)), accuracy: 1e-13)
        let p = 0.3, bernoulli = try Bernoulli(probs: Tensor(p))
        XCTAssertEqual(try bernoulli.entropy().scalars[0], -p * Foundation.log(p) - (1 - p) * Foundation.log(1 - p), accuracy: 1e-15)
        XCTAssertEqual(try bernoulli.cdf(Tensor([-0.5, 0, 0.7, 1, 3])).scalars, [0, 0.7, 0.7, 1, 1])
        // Geometric(¼): P(k) = ¾ᵏ/4, mean 3, variance 12, F(1) = 1 − ¾².
        let geometric = try Geometric(probs: Tensor(0.25))
        XCTAssertEqual(try geometric.logProb(Tensor(3)).scalars[0], 3 * Foundation.log(0.75) + Foundation.log(0.25), accuracy: 1e-15)
        XCTAssertEqual(geometric.mean.scalars[0], 3, accuracy: 1e-14)
        XCTAssertEqual(geometric.variance.scalars[0], 12, accuracy: 1e-13)
        XCTAssertEqual(try geometric.cdf(Tensor(1)).scalars[0], 1 - 0.5625, accuracy: 1e-15)
        // Categorical: probs are normalized; logits give softmax.
        let categorical = try Categorical(probs: Tensor([2, 5, 3]))
        assertClose(try categorical.logProb(Tensor([0, 1, 2])).scalars, [0.2, 0.5, 0.3].map { Foundation.log($0) }, 1e-15)
        XCTAssertEqual(categorical.mean.scalars[0], 1.1, accuracy: 1e-15)
        XCTAssertEqual(categorical.variance.scalars[0], 0.5 + 1.2 - 1.21, accuracy: 1e-15)
        let softmax = try Categorical(logits: Tensor([0, Foundation.log(2.5), Foundation.log(1.5)]))
        XCTAssertEqual(try softmax.logProb(Tensor(1)).scalars[0], Foundation.log(0.5), accuracy: 1e-15)
        // ∂ log πₖ/∂lⱼ = [j = k] − πⱼ.
        let l = Tensor.parameter([0.1, -0.3, 0.8])
        let g = try gradients(of: Categorical(logits: l).logProb(Tensor(2)), withRespectTo: [l])[0].scalars
        let π = [0.1, -0.3, 0.8].map { Foundation.exp($0) }, total = π.reduce(0, +)
        assertClose(g, (0..<3).map { ($0 == 2 ? 1 : 0) - π[$0] / total }, 1e-15)
    }

    /// A category of probability 0: log_prob −∞ there, and finite gradients elsewhere: with p = (0, ½, ½)
    /// (Σp = 1): ∂ log π₁/∂p = (−1, 1, −1), the entropy's gradient finite, E[k²]'s gradient by enumeration.
    func testCategoryOfProbabilityZeroKeepsGradientsFinite() throws {
        let p = Tensor.parameter([0, 0.5, 0.5])
        let d = try Categorical(probs: p)
        XCTAssertEqual(try d.logProb(Tensor(0)).scalars[0], -.infinity)
        XCTAssertEqual(try gradients(of: d.logProb(Tensor(1)), withRespectTo: [p])[0].scalars, [-1, 1, -1])
        XCTAssert(try gradients(of: d.entropy(), withRespectTo: [p])[0].scalars.allSatisfy(\.isFinite))
        // E[k²] = (1 + 4)/2 over Σp = 1: ∂/∂pⱼ = j² − E[k²] = (−2.5, −1.5, 1.5).
        XCTAssertEqual(try Enumeration.gradients(of: { $0 * $0 }, under: d)[0].scalars, [-2.5, -1.5, 1.5])
    }

    func testQuantileIsTheGeneralizedInverse() throws {
        let poisson = try Poisson(rate: Tensor(3.5))
        // F(1) = 0.1359, F(2) = 0.3208, F(3) = 0.5366: u = 0.3 → 2, u = F(3) exactly → 3, u = 0 → 0, u = 1 → ∞.
        let F3 = try poisson.cdf(Tensor(3)).scalars[0]
        XCTAssertEqual(try poisson.icdf(Tensor([0.3, F3, 0, 1])).scalars, [2, 3, 0, .infinity])
        XCTAssertEqual(try Binomial(totalCount: Tensor(10), probs: Tensor(0.3)).icdf(Tensor([0, 0.5, 1])).scalars, [0, 3, 10])
        XCTAssertEqual(try Categorical(probs: Tensor([0.2, 0.5, 0.3])).icdf(Tensor([0.1, 0.2, 0.21, 0.95])).scalars, [0, 0, 1, 2])
    }

    /// The samplers' other paths, by χ² against the pmf: Poisson by PTRS (λ ≥ 10) and Binomial by BTRS
    /// (np ≥ 10, and p > ½ through the mirror n − k), 20,000 draws each, over the central ±8σ.
    func testRejectionSamplersPassChiSquare() throws {
        var stream = RandomStream(seed: 31)
        let cases: [(String, any DiscreteDistribution, Double, Double)] = [
            ("Poisson(12)", try Poisson(rate: Tensor(12)), 12, 12),
            ("Poisson(1000)", try Poisson(rate: Tensor(1000)), 1000, 1000),
            ("Poisson(3e6)", try Poisson(rate: Tensor(3e6)), 3e6, 3e6),
            ("Binomial(100, 0.3)", try Binomial(totalCount: Tensor(100), probs: Tensor(0.3)), 30, 21),
            ("Binomial(1000, 0.85)", try Binomial(totalCount: Tensor(1000), probs: Tensor(0.85)), 850, 127.5),
            ("Binomial(1e7, 0.5)", try Binomial(totalCount: Tensor(1e7), probs: Tensor(0.5)), 5e6, 2.5e6),
            ("Binomial(40, 0.9)", try Binomial(totalCount: Tensor(40), probs: Tensor(0.9)), 36, 3.6),
        ]
        for (name, d, mean, variance) in cases {
            let draws = try d.sample([20_000], using: &stream).scalars
            let low = Swift.max(0, (mean - 8 * variance.squareRoot()).rounded(.down)), high = (mean + 8 * variance.squareRoot()).rounded(.up)
            let k = Tensor(Array(stride(from: low, through: high, by: 1)))
            let pmf = try exp(d.logProb(k)).scalars
            XCTAssert(draws.allSatisfy { $0 >= low && $0 <= high }, "\(name): a draw beyond 8σ")
            try DiscreteFamilyConformanceTests.assertChiSquare(draws, pmf: pmf, first: Int(low), name)
        }
    }

    func testBinomialSupportFollowsItsCountAndCountsAreChecked() throws {
        let d = try Binomial(totalCount: Tensor([3, 5]), probs: Tensor(0.5))
        let logProb = try d.logProb(Tensor(4)).scalars
        XCTAssertEqual(logProb[0], -.infinity)
        XCTAssertEqual(logProb[1], Foundation.log(5.0 / 32), accuracy: 1e-15)
        XCTAssertEqual(try d.enumerateSupport().shape, [6, 2])
        XCTAssertThrowsError(try Binomial(totalCount: Tensor(2.5), probs: Tensor(0.5))) {
            XCTAssertEqual("\($0)", "Binomial: total_count must be a whole number 0, 1, 2, …, got 2.5")
        }
        XCTAssertThrowsError(try Poisson(rate: Tensor(3)).enumerateSupport()) { XCTAssert("\($0)".contains("unbounded support"), "\($0)") }
    }

    private func assertClose(_ a: [Double], _ b: [Double], _ tolerance: Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: tolerance, file: file, line: line) }
    }
}
