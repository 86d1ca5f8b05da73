import XCTest
@testable import Reparam

/// Every estimator against the exact gradient by quadrature: unbiased where theory says so, and
/// with the variances Mohamed et al. (2020) derive.
final class EstimatorZooTests: XCTestCase {
    typealias Function = (name: String, f: (Tensor) throws -> Tensor)
    static var functions: [Function] { [
        ("x²", { $0 * $0 }),
        ("cos 2x", { cos($0 * 2) }),
        ("1/(1+x²)", { Tensor(1) / ($0 * $0 + 1) }),
    ] }
    static func families() throws -> [any Distribution] {
        [try Normal(loc: .parameter(0.5), scale: .parameter(1.2)),
         try Exponential(rate: .parameter(1.7)),
         try Gamma(concentration: .parameter(2.5), rate: .parameter(1.5)),
         try Weibull(scale: .parameter(1.3), concentration: .parameter(2))]
    }
    static let estimators: [GradientEstimator] = [
        GradientEstimator(.pathwise), GradientEstimator(.score),
        GradientEstimator(.score, baseline: .mean), GradientEstimator(.score, baseline: .leaveOneOut),
        GradientEstimator(.score, baseline: .optimal), GradientEstimator(.score, deltaControlVariate: true),
        GradientEstimator(.score, baseline: .leaveOneOut, deltaControlVariate: true), GradientEstimator(.pathwise, deltaControlVariate: true),
    ]

    /// 4 families × 3 functions × 8 estimators: each mean over 100 repetitions of 100 samples within
    /// 4 standard errors of the exact gradient.
    func testEveryEstimatorIsUnbiased() throws {
        var stream = RandomStream(seed: 2020)
        for d in try Self.families() {
            for (name, f) in Self.functions {
                let exact = try ExactGradient.expectation(of: f, under: d).gradients.map { $0.scalars[0] }
                for estimator in Self.estimators {
                    let spreads = try estimator.spread(of: f, under: d, samples: 100, repetitions: 100, using: &stream)
                    for (k, spread) in spreads.enumerated() {
                        let judged = spread.judged(against: exact[k])
                        XCTAssertTrue(judged.looksUnbiased, "\(d.name) \(name) \(estimator) d/d\(spread.parameter): "
                                      + "\(spread.summary.mean) ± \(judged.biasStandardError), exact \(exact[k])")
                    }
                }
            }
        }
    }

    /// The measure-valued derivative for every parameter that has one, coupled and not, against the exact gradient.
    func testMeasureValuedDerivativesMatchTheExactGradient() throws {
        var stream = RandomStream(seed: 1989)
        let supported = ["Normal": ["loc", "scale"], "Exponential": ["rate"], "Gamma": ["concentration", "rate"],
                         "Weibull": ["scale", "concentration"]]
        for d in try Self.families() {
            for (name, f) in Self.functions {
                let exact = try ExactGradient.expectation(of: f, under: d).gradients.map { $0.scalars[0] }
                for (k, parameter) in d.parameters.enumerated() where supported[d.name]?.contains(parameter.name) == true {
                    // The Hahn–Jordan parts cost a root-finding per draw: half the repetitions.
                    let repetitions = parameter.name == "concentration" ? 100 : 200
                    for coupled in [true, false] {
                        let estimates = try (0..<repetitions).map { _ in
                            try MeasureValuedDerivative.derivative(of: f, under: d, parameter: parameter.name, samples: 100,
                                                                   coupled: coupled, using: &stream)
                        }
                        let judged = GradientSpread(parameter: parameter.name, estimator: "mvd", values: estimates).judged(against: exact[k])
                        XCTAssertTrue(judged.looksUnbiased, "\(d.name) \(name) mvd(coupled: \(coupled)) d/d\(parameter.name): "
                                      + "bias \(judged.bias) ± \(judged.biasStandardError)")
                    }
                }
            }
        }
        let beta = try Beta(a: .parameter(2), b: .parameter(1))
        XCTAssertThrowsError(try GradientEstimator(.measureValued).gradients(of: { $0 }, under: beta, samples: 10, using: &stream)) {
            XCTAssertTrue("\($0)".contains("no measure-valued derivative for Beta's a"), "\($0)")
        }
    }

    /// ∂/∂θ E_{N(θ,1)}[(x − k)²] with a = θ − k = −1.5, per-sample variances in closed form:
    /// score ε(ε + a)²: 15 + 14a² + a⁴ = 51.5625; pathwise 2(x − k): 4; coupled measure-valued
    /// (1/√(2π))·4aW (W Rayleigh): (8/π)(2 − π/2)a² ≈ 2.459 (Mohamed et al. 2020, Fig. 2: mvd below
    /// pathwise below score for the quadratic). Each measured within 10%, and the order asserted.
    func testQuadraticCostVariancesAndTheirOrder() throws {
        var stream = RandomStream(seed: 7)
        let (theta, k) = (0.5, 2.0)
        let a = theta - k
        let d = try Normal(loc: .parameter(theta), scale: .parameter(1))
        let f: (Tensor) throws -> Tensor = { ($0 - k) * ($0 - k) }
        func perSampleVariance(_ estimator: GradientEstimator) throws -> Double {
            let spread = try estimator.spread(of: f, under: d, samples: 10, repetitions: 4000, using: &stream)[0]
            return spread.summary.variance * 10
        }
        let score = try perSampleVariance(GradientEstimator(.score))
        let pathwise = try perSampleVariance(GradientEstimator(.pathwise))
        let mvd = try perSampleVariance(GradientEstimator(.measureValued))
        let loo = try perSampleVariance(GradientEstimator(.score, baseline: .leaveOneOut))
        XCTAssertEqual(score / (15 + 14 * a * a + a * a * a * a), 1, accuracy: 0.1)
        XCTAssertEqual(pathwise / 4, 1, accuracy: 0.1)
        XCTAssertEqual(mvd / ((8 / Double.pi) * (2 - Double.pi / 2) * a * a), 1, accuracy: 0.1)
        XCTAssertLessThan(mvd, pathwise)
        XCTAssertLessThan(pathwise, score)
        // Subtracting the leave-one-out mean removes f's mean (a² + 1 = 3.25) from the weight: below plain score.
        XCTAssertLessThan(loo, 0.8 * score)
        // The delta method's h is f itself for a quadratic: no variance left at all.
        let delta = try GradientEstimator(.pathwise, deltaControlVariate: true).spread(of: f, under: d, samples: 10, repetitions: 20, using: &stream)
        XCTAssertLessThan(delta[0].summary.standardDeviation, 1e-6)
        XCTAssertEqual(delta[0].summary.mean, 2 * a, accuracy: 1e-6)
    }

    func testOptionsOutsideTheirEstimatorAreExplained() throws {
        var stream = RandomStream(seed: 1)
        let d = try Normal(loc: .parameter(0), scale: .parameter(1))
        XCTAssertThrowsError(try GradientEstimator(.pathwise, baseline: .leaveOneOut).gradients(of: { $0 }, under: d, samples: 10, using: &stream)) {
            XCTAssertEqual("\($0)", "a baseline belongs to the score-function estimator, not pathwise")
        }
        let batch = try Normal(loc: .parameter([0, 1]), scale: .parameter(1))
        XCTAssertThrowsError(try GradientEstimator(.score, baseline: .optimal).gradients(of: { $0 }, under: batch, samples: 10, using: &stream)) {
            XCTAssertTrue("\($0)".contains("works on one univariate distribution"), "\($0)")
        }
        XCTAssertEqual(GradientEstimator(.score, baseline: .leaveOneOut, deltaControlVariate: true).description, "score+loo+delta")
        XCTAssertEqual(GradientEstimator(.measureValued, coupled: false).description, "mvd-uncoupled")
    }

    /// Gamma's shape and Weibull's concentration through the Hahn–Jordan split, f = x²: the exact
    /// per-pair variances (quadrature over the two quantiles) against 400 Monte-Carlo estimates of
    /// 25 pairs (within 20%); coupling (one uniform through both quantiles) below uncoupled draws
    /// (Mohamed et al. 2020, §7.1: common random numbers lower the variance for a monotone f; little
    /// for Gamma's shape, whose parts lie on either side of e^{ψ(α)}), and the measure-valued
    /// derivative far below the score function.
    func testHahnJordanVariancesAndCoupling() throws {
        var stream = RandomStream(seed: 2018)
        let square: (Tensor) throws -> Tensor = { $0 * $0 }
        for d in [try Gamma(concentration: .parameter(2.5), rate: .parameter(1.5)) as any Distribution,
                  try Weibull(scale: .parameter(1.3), concentration: .parameter(2))] {
            let k = d.parameters.firstIndex { $0.name == "concentration" } ?? 0
            let exact = try [GradientEstimator(.measureValued), GradientEstimator(.measureValued, coupled: false), GradientEstimator(.score)]
                .map { try ExactVariance.perSample(of: square, under: d, estimator: $0)[k] }
            for (j, coupled) in [true, false].enumerated() {
                let estimates = try (0..<400).map { _ in
                    try MeasureValuedDerivative.derivative(of: square, under: d, parameter: "concentration", samples: 25, coupled: coupled, using: &stream)
                }
                let variance = SampleSummary(estimates).variance * 25
                XCTAssertEqual(variance / exact[j], 1, accuracy: 0.2, "\(d.name) coupled \(coupled): \(variance) against \(exact[j])")
            }
            XCTAssertLessThan(exact[0], 0.95 * exact[1], d.name)
            XCTAssertLessThan(exact[0], 0.2 * exact[2], d.name)
        }
    }
}

/// Measure-valued derivatives of discrete families against the exact gradient by enumeration.
final class DiscreteMeasureValuedTests: XCTestCase {
    func testBernoulliAndPoissonAgainstEnumeration() throws {
        var stream = RandomStream(seed: 31)
        let functions: [(String, (Tensor) throws -> Tensor)] = [("(k − 0.45)²", { ($0 - 0.45) * ($0 - 0.45) }), ("cos k", { cos($0) })]
        let families: [any DiscreteDistribution] = [try Bernoulli(probs: .parameter(0.3)), try Bernoulli(logits: .parameter(0.4)),
                                                    try Poisson(rate: .parameter(2.5))]
        // Poisson(λ = 2.5) has no finite support: d/dλ E[(K − 0.45)²] = d/dλ (λ + λ² − 0.9λ + 0.2025) = 2λ + 0.1;
        // d/dλ E[cos K] = d/dλ Re exp(λ(e^i − 1)) = e^{λ(cos 1 − 1)} ((cos 1 − 1) cos(λ sin 1) − sin 1 sin(λ sin 1)).
        let (c, s) = (cos(1.0), sin(1.0))
        let poisson = [2 * 2.5 + 0.1, exp(2.5 * (c - 1)) * ((c - 1) * cos(2.5 * s) - s * sin(2.5 * s))]
        for d in families {
            for (j, (name, f)) in functions.enumerated() {
                let exact = d is Poisson ? poisson[j] : try Enumeration.gradients(of: f, under: d)[0].scalars[0]
                for coupled in [true, false] {
                    let estimates = try (0..<200).map { _ in
                        try MeasureValuedDerivative.derivative(of: f, under: d, parameter: d.parameters[0].name, samples: 100,
                                                               coupled: coupled, using: &stream)
                    }
                    let judged = GradientSpread(parameter: d.parameters[0].name, estimator: "mvd", values: estimates).judged(against: exact)
                    XCTAssertTrue(judged.looksUnbiased, "\(d.name) \(name) coupled \(coupled): bias \(judged.bias) ± \(judged.biasStandardError)")
                    // A Bernoulli's parts are points: the estimate is exact, f(1) − f(0) (times σ′(l)).
                    if d is Bernoulli { XCTAssertEqual(estimates[0], exact, accuracy: 1e-14) }
                }
            }
        }
    }

    /// Each coordinate of a Categorical's probs (normalized by their sum, not summing to 1 here) and
    /// logits: πⱼ(f(j) − mean f(K)) or (f(j) − mean f(K))/Σp against enumeration, within 4 standard
    /// errors over 200 repetitions, coupled and not (the same estimator: p⁺ is a point).
    func testCategoricalAgainstEnumeration() throws {
        var stream = RandomStream(seed: 37)
        let functions: [(String, (Tensor) throws -> Tensor)] = [("(k − 0.7)²", { ($0 - 0.7) * ($0 - 0.7) }), ("cos k", { cos($0) })]
        let families = [try Categorical(probs: .parameter([0.4, 1.0, 0.6])), try Categorical(logits: .parameter([0.3, -0.5, 1.1, 0.2]))]
        for d in families {
            let name = d.parameters[0].name
            for (label, f) in functions {
                let exact = try Enumeration.gradients(of: f, under: d)[0].scalars
                XCTAssertGreaterThan(exact.map(abs).max() ?? 0, 0.05, "a test function the parameters move")
                for coupled in [true, false] {
                    let estimates = try (0..<200).map { _ in
                        try GradientEstimator(.measureValued, coupled: coupled).gradients(of: f, under: d, samples: 100, using: &stream)[0].scalars
                    }
                    for j in exact.indices {
                        let judged = GradientSpread(parameter: "\(name)[\(j)]", estimator: "mvd", values: estimates.map { $0[j] }).judged(against: exact[j])
                        XCTAssertTrue(judged.looksUnbiased, "Categorical \(name)[\(j)] \(label) coupled \(coupled): "
                                      + "bias \(judged.bias) ± \(judged.biasStandardError), exact \(exact[j])")
                    }
                }
            }
        }
    }
}
