import XCTest
@testable import Reparam

/// ∂/∂θ E_{N(θ,1)}[exp(−kx²)] at θ = 1 against k: the exp(−kx²) panel of Mohamed et al. (2020),
/// Figs. 2–3. The per-sample variances of score, score with a baseline, pathwise and the
/// measure-valued derivative (coupled and not), by quadrature (`ExactVariance`), against mpmath
/// (scripts/fixtures/gaussian_exp_landscape.py), against the Monte-Carlo spread of the engine's
/// estimators, and in the order the figure shows.
final class GaussianExpLandscapeTests: XCTestCase {
    static let estimators = [GradientEstimator(.score), GradientEstimator(.score, baseline: .leaveOneOut), GradientEstimator(.pathwise),
                             GradientEstimator(.measureValued), GradientEstimator(.measureValued, coupled: false)]

    /// Row: k, gradient, then the variances in `estimators` order.
    func rows() throws -> [[Double]] { try fixture("gaussian_exp_landscape.tsv") }

    func cost(_ k: Double) -> (Tensor) throws -> Tensor { { z in exp(-k * (z * z)) } }

    /// Quadrature over the quantile function against mpmath at 40 digits (1e-8 relative: the rule's own
    /// convergence test).
    func testExactVariancesMatchTheReference() throws {
        for row in try rows() {
            let d = try Normal(loc: .parameter(1), scale: .parameter(1))
            XCTAssertEqual(try ExactGradient.expectation(of: cost(row[0]), under: d).gradients[0].scalars[0], row[1], accuracy: 1e-10)
            for (j, estimator) in Self.estimators.enumerated() {
                let exact = try ExactVariance.perSample(of: cost(row[0]), under: d, estimator: estimator)[0]
                XCTAssertEqual(exact / row[2 + j], 1, accuracy: 1e-8, "k = \(row[0]) \(estimator)")
            }
        }
    }

    /// The engine's estimators, 1000 repetitions of 50 draws: n·variance within 20% of the exact
    /// per-sample variance (the leave-one-out baseline, whose limit it is, within 30%), and each mean
    /// within 4 standard errors of the exact gradient.
    func testMonteCarloSpreadsMatchTheExactVariances() throws {
        var stream = RandomStream(seed: 2019)
        let n = 50
        for row in try rows() where [0.3, 3].contains(row[0]) {
            let d = try Normal(loc: .parameter(1), scale: .parameter(1))
            for (j, estimator) in Self.estimators.enumerated() {
                let spread = try estimator.spread(of: cost(row[0]), under: d, samples: n, repetitions: 1000, using: &stream)[0]
                let tolerance = estimator.baseline == nil ? 0.2 : 0.3
                XCTAssertEqual(spread.summary.variance * Double(n) / row[2 + j], 1, accuracy: tolerance, "k = \(row[0]) \(estimator)")
                XCTAssertTrue(spread.judged(against: row[1]).looksUnbiased, "k = \(row[0]) \(estimator)")
            }
        }
    }

    /// The figure's shape, on the exact variances: a baseline lowers the score function's variance;
    /// the coupled measure-valued derivative is lowest at every k; the pathwise variance grows with
    /// k (the cost's slope grows as √k), from below the score function's (k ≤ 0.3) to above it
    /// (k ≥ 1); coupling pays at small k (and makes no difference as k grows).
    func testTheOrderingOfTheFigure() throws {
        var pathwise: [Double] = []
        for row in try rows() {
            let d = try Normal(loc: .parameter(1), scale: .parameter(1))
            let v = try Self.estimators.map { try ExactVariance.perSample(of: cost(row[0]), under: d, estimator: $0)[0] }
            let (score, baseline, path, mvd, uncoupled) = (v[0], v[1], v[2], v[3], v[4])
            let k = row[0]
            XCTAssertLessThan(baseline, 0.8 * score, "k = \(k)")
            XCTAssertLessThan(mvd, 0.5 * min(baseline, path), "k = \(k)")
            if k <= 0.3 { XCTAssertLessThan(path, score, "k = \(k)") }
            if k >= 1 { XCTAssertGreaterThan(path, score, "k = \(k)") }
            if k <= 0.3 { XCTAssertLessThan(mvd, 0.6 * uncoupled, "k = \(k)") }
            if k >= 10 { XCTAssertEqual(mvd / uncoupled, 1, accuracy: 1e-3, "k = \(k)") }
            pathwise.append(path)
        }
        XCTAssertEqual(pathwise, pathwise.sorted(), "pathwise variance grows with k")
    }
}
