import XCTest
@testable import Reparam

/// Pathwise and score-function estimators of ∇θ E[f(z)] against closed forms.
final class EstimatorTests: XCTestCase {
    /// Normal(μ = 1, σ = 1), f(z) = z²: E[f] = μ² + σ², so ∇μ = 2μ = 2 and ∇σ = 2σ = 2.
    /// Both estimators agree with the closed form (and so with each other) within 5 standard errors.
    func testPathwiseAndScoreAgreeInExpectation() throws {
        var stream = RandomStream(seed: 31)
        let d = try Normal(loc: .parameter(1), scale: .parameter(1))
        for estimator in [Estimator.pathwise, .implicit, .score] {
            let spread = try estimator.spread(of: { $0 * $0 }, under: d, samples: 1000, repetitions: 200, using: &stream)
            for (k, exact) in [2.0, 2.0].enumerated() {
                let error = abs(spread[k].summary.mean - exact)
                XCTAssertLessThan(error, 5 * spread[k].summary.standardError,
                                  "\(estimator) \(spread[k].parameter): mean \(spread[k].summary.mean) ± \(spread[k].summary.standardError), exact \(exact)")
            }
        }
    }

    /// Per-sample variance for ∇μ with f(z) = z², z = μ + σε (μ = σ = 1):
    /// pathwise 2z has variance 4σ² = 4; score f(z)·ε/σ = ε + 2ε² + ε³ has
    /// E[(ε + 2ε² + ε³)²] − 2² = (1 + 18 + 15) − 4 = 30. The ratio is 7.5.
    ///
    /// The 40,000 single-sample estimates come from one tape: a batch of 40,000 Normal(1, 1), one
    /// draw each, so the gradient with respect to element i's μ is draw i's own estimate (times
    /// 40,000, the surrogate's average over the batch).
    func testScoreFunctionVarianceIsSevenAndAHalfTimesLarger() throws {
        let n = 40_000
        var stream = RandomStream(seed: 8)
        func singleSampleEstimates(_ estimator: Estimator) throws -> SampleSummary {
            let d = try Normal(loc: .parameter([Double](repeating: 1, count: n)), scale: .parameter([Double](repeating: 1, count: n)))
            let locGradient = try estimator.gradients(of: { $0 * $0 }, under: d, samples: 1, using: &stream)[0]
            XCTAssertEqual(locGradient.shape, [n])
            return SampleSummary(locGradient.scalars.map { $0 * Double(n) })
        }
        let pathwise = try singleSampleEstimates(.pathwise)
        let score = try singleSampleEstimates(.score)
        XCTAssertEqual(pathwise.mean, 2, accuracy: 5 * pathwise.standardError)
        XCTAssertEqual(score.mean, 2, accuracy: 5 * score.standardError)
        let pathwiseVariance = pathwise.variance
        let scoreVariance = score.variance
        XCTAssertEqual(pathwiseVariance, 4, accuracy: 0.2)
        XCTAssertEqual(scoreVariance / pathwiseVariance, 7.5, accuracy: 1.5)
    }

    func testExplicitOnImplicitOnlyFamilyExplains() throws {
        var stream = RandomStream(seed: 1)
        let d = try Normal(loc: .parameter(0), scale: .parameter(1))
        XCTAssertThrowsError(try d.rsample([3], using: &stream, via: .none))
        XCTAssertThrowsError(try Estimator.pathwise.spread(of: { $0 }, under: d, samples: 3, repetitions: 1, using: &stream)) {
            XCTAssertEqual("\($0)", "gradient spread needs at least 2 repetitions, got 1")
        }
    }
}
