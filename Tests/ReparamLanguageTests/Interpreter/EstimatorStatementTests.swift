import XCTest
import Reparam
@testable import ReparamLanguage

/// `grad … using NAME` beyond the tape and `gradvar` judged against the exact gradient.
final class EstimatorStatementTests: XCTestCase {
    private func gradients(_ output: Output) -> [String: Double] {
        guard case let .object(fields)? = output.field("gradients") else { return [:] }
        return Dictionary(uniqueKeysWithValues: fields.map { ($0.0, $0.1.numbers?.first ?? .nan) })
    }

    /// The language's estimate is the engine's on the same stream: n draws for the value, then the estimator's.
    func testBaselinesAndMeasureValuedDerivativesMatchTheEngine() throws {
        let estimators: [(String, GradientEstimator)] = [
            ("using score baseline loo", GradientEstimator(.score, baseline: .leaveOneOut)),
            ("using score baseline optimal control delta", GradientEstimator(.score, baseline: .optimal, deltaControlVariate: true)),
            ("using mvd", GradientEstimator(.measureValued)),
            ("using mvd coupling off", GradientEstimator(.measureValued, coupled: false)),
        ]
        for (options, estimator) in estimators {
            let session = Session(seed: 21)
            _ = session.expectOutput("let d = normal(0.5, 1.5)")
            let output = session.expectOutput("grad mean((d.rsample(200) - 2)^2) \(options)")
            var stream = RandomStream(seed: 21)
            let d = try Normal(loc: .parameter(0.5), scale: .parameter(1.5))
            let f: (Tensor) throws -> Tensor = { ($0 - 2) * ($0 - 2) }
            let value = try f(d.sample([200], using: &stream)).mean().scalars[0]
            let expected = try estimator.gradients(of: f, under: d, samples: 200, using: &stream)
            XCTAssertEqual(output.field("estimator"), .string(estimator.description))
            XCTAssertEqual(output.field("value")?.number ?? .nan, value, accuracy: 1e-12 * abs(value), options)
            XCTAssertEqual(gradients(output)["d.loc"] ?? .nan, expected[0].scalars[0], accuracy: 1e-12 * abs(expected[0].scalars[0]), options)
            XCTAssertEqual(gradients(output)["d.scale"] ?? .nan, expected[1].scalars[0], accuracy: 1e-12 * abs(expected[1].scalars[0]), options)
        }
    }

    /// For a quadratic f the delta method's h is f: the estimate is exact, ∇(μ−2)² + σ² = (2(μ − 2), 2σ) = (−3, 3).
    func testDeltaControlVariateIsExactForAQuadratic() {
        let session = Session(seed: 3)
        _ = session.expectOutput("let d = normal(0.5, 1.5)")
        let output = session.expectOutput("grad mean((d.rsample(50) - 2)^2) using pathwise control delta")
        XCTAssertEqual(gradients(output)["d.loc"] ?? .nan, -3, accuracy: 1e-8)
        XCTAssertEqual(gradients(output)["d.scale"] ?? .nan, 3, accuracy: 1e-8)
    }

    /// gradvar on an expectation form: the exact gradient by quadrature, each estimator's bias and mark.
    func testGradvarJudgesEveryEstimatorAgainstTheExactGradient() {
        let session = Session(seed: 8)
        _ = session.expectOutput("let d = gamma(2.5, 1.5)")
        let output = session.expectOutput("gradvar mean(d.rsample(100)^2) reps 50")
        // E[x²] = α(α+1)/β²: ∂α = (2α+1)/β² = 8/3, ∂β = −2α(α+1)/β³ = −70/13.5.
        guard case let .object(exact)? = output.field("exact") else { return XCTFail(output.text) }
        XCTAssertEqual(exact.first { $0.0 == "d.concentration" }?.1.number ?? .nan, 6 / 2.25, accuracy: 1e-10)
        XCTAssertEqual(exact.first { $0.0 == "d.rate" }?.1.number ?? .nan, -17.5 / 3.375, accuracy: 1e-10)
        guard case let .object(estimators)? = output.field("estimators") else { return XCTFail(output.text) }
        XCTAssertEqual(estimators.map(\.0), ["pathwise", "score", "score+mean", "score+loo", "score+optimal", "pathwise+delta", "mvd", "mvd-uncoupled"])
        for (name, fields) in estimators {
            guard case let .object(perParameter) = fields else { return XCTFail(name) }
            for (parameter, statistics) in perParameter {
                guard case let .object(items) = statistics else { return XCTFail(parameter) }
                XCTAssertEqual(items.first { $0.0 == "unbiased" }?.1, .bool(true), "\(name) \(parameter)")
            }
        }
        // Gamma's shape has a measure-valued derivative (the Hahn–Jordan split): nothing is left out.
        XCTAssertFalse(output.text.contains("not available"), output.text)
        XCTAssertTrue(output.text.contains("d.concentration  (exact 2.66667)\n  pathwise "), output.text)
        XCTAssertTrue(output.text.contains("d.rate  (exact -5.18519)\n  pathwise "), output.text)
        XCTAssertLessThanOrEqual(output.text.split(separator: "\n").map(\.count).max() ?? 0, 80, output.text)
    }

    func testOptionsAndFormsThatDoNotFitAreExplained() {
        let session = Session(seed: 1)
        _ = session.expectOutput("let d = normal(0, 1)")
        XCTAssertEqual(session.expectError("grad mean(d.rsample(10)) baseline loo")?.message,
                       "'baseline' goes with the score-function estimator: add 'using score'")
        XCTAssertEqual(session.expectError("grad mean(d.rsample(10)) using score coupling off")?.message,
                       "'coupling' goes with the measure-valued estimator: add 'using mvd'")
        XCTAssertEqual(session.expectError("grad mean(d.rsample(10)) + 1 using mvd")?.message,
                       "this estimator needs an expectation written as mean(f(d.rsample(n))), with one draw of one univariate distribution d")
        XCTAssertEqual(session.expectError("grad mean(d.rsample(10) * d.loc) using mvd")?.message,
                       "the function inside mean(…) uses d.loc directly; these estimators need f to depend on d's parameters only through the draw")
        XCTAssertEqual(session.expectError("grad mean(d.rsample(10) * d.rsample(10)) using score baseline loo")?.message,
                       "this estimator needs exactly one rsample draw inside mean(…), as in mean(f(d.rsample(n))), with one draw of one univariate distribution d; found 2 draws")
        // A discrete family's sample(…) is the draw: the score estimators with their baselines, against enumeration.
        _ = session.expectOutput("let b = bernoulli(0.3)")
        let discrete = session.expectOutput("gradvar mean((b.sample(50) - 0.45)^2) reps 50")
        guard case let .object(exact)? = discrete.field("exact") else { return XCTFail(discrete.text) }
        XCTAssertEqual(exact.first { $0.0 == "b.probs" }?.1.number ?? .nan, 0.3025 - 0.2025, accuracy: 1e-12)
        XCTAssertTrue(discrete.text.contains("score+loo"), discrete.text)
        XCTAssertEqual(try Parser.statement("grad x using score baseline loo control delta").canonical, "(grad x using score baseline loo control delta)")
        XCTAssertEqual(try Parser.statement("grad x using mvd coupling off").canonical, "(grad x using mvd coupling off)")
    }
}

/// `gradvar … for VAR in A..B`: each estimator's variance across the sweep, beside the exact curves.
final class VarianceLandscapeTests: XCTestCase {
    private func series(_ output: Output) -> [String: (x: [Double], y: [Double])] {
        guard case let .array(items)? = output.field("series") else { return [:] }
        var result: [String: (x: [Double], y: [Double])] = [:]
        for case let .object(fields) in items {
            let name: String? = fields.first { $0.0 == "name" }.flatMap { if case let .string(s) = $0.1 { return s } else { return nil } }
            guard let name else { continue }
            result[name] = (fields.first { $0.0 == "x" }?.1.numbers ?? [], fields.first { $0.0 == "y" }?.1.numbers ?? [])
        }
        return result
    }

    /// Mohamed et al. 2020, Fig. 2 in θ: f = (x − 2)² under N(θ, 1), n = 20. The exact curves are
    /// 4/n (pathwise) and (15 + 14a² + a⁴)/n (score, a = θ − 2); the Monte-Carlo variances within 35%
    /// of them over 200 repetitions, as is coupled mvd's (8/π)(2 − π/2)a²/n. Pathwise stays below score;
    /// mvd crosses pathwise at |a| ≈ 1.9, above it at θ = −1 (a = −3), below at θ = 1 (a = −1).
    func testQuadraticLandscapeInTheta() {
        let session = Session(seed: 12)
        let output = session.expectOutput("gradvar mean((normal(θ, 1).rsample(20) - 2)^2) for θ in -1..1 reps 200 points 3")
        let curves = series(output)
        XCTAssertEqual(curves["pathwise exact"]?.x, [-1, 0, 1])
        for (i, theta) in [-1.0, 0, 1].enumerated() {
            let a = theta - 2
            XCTAssertEqual(curves["pathwise exact"]?.y[i] ?? .nan, 4.0 / 20, accuracy: 1e-9)
            XCTAssertEqual(curves["score exact"]?.y[i] ?? .nan, (15 + 14 * a * a + a * a * a * a) / 20, accuracy: 1e-8)
            XCTAssertEqual((curves["pathwise"]?.y[i] ?? .nan) / (4.0 / 20), 1, accuracy: 0.35, "θ \(theta)")
            XCTAssertEqual((curves["score"]?.y[i] ?? .nan) / ((15 + 14 * a * a + a * a * a * a) / 20), 1, accuracy: 0.35, "θ \(theta)")
            let mvd = (8 / Double.pi) * (2 - Double.pi / 2) * a * a / 20
            XCTAssertEqual((curves["mvd"]?.y[i] ?? .nan) / mvd, 1, accuracy: 0.35, "θ \(theta)")
            if theta < 0 { XCTAssertGreaterThan(curves["mvd"]?.y[i] ?? .nan, curves["pathwise"]?.y[i] ?? .nan) }
            if theta > 0 { XCTAssertLessThan(curves["mvd"]?.y[i] ?? .nan, curves["pathwise"]?.y[i] ?? .nan) }
            XCTAssertLessThan(curves["pathwise"]?.y[i] ?? .nan, curves["score"]?.y[i] ?? .nan, "θ \(theta)")
        }
        XCTAssertLessThanOrEqual(output.text.split(separator: "\n").map(\.count).max() ?? 0, 80, output.text)
    }

    /// A sample-size sweep is log-spaced in whole numbers, and the variance falls as 1/n.
    func testSampleSizeSweepIsLogSpaced() {
        let session = Session(seed: 4)
        _ = session.expectOutput("let d = normal(0.3, 1)")
        let output = session.expectOutput("gradvar mean(d.rsample(n)^2) for n in 10..1000 reps 100 points 3")
        let curves = series(output)
        XCTAssertEqual(curves["pathwise"]?.x, [10, 100, 1000])
        // Pathwise 2x: per-sample variance 4, so 0.4, 0.04, 0.004.
        XCTAssertEqual(curves["pathwise exact"]?.y ?? [], [0.4, 0.04, 0.004], accuracy: 1e-9)
        XCTAssertEqual(session.expectError("gradvar mean(d.rsample(n)^2) for n in 10..10 reps 5")?.message,
                       "the range must run from a smaller to a larger number, got 10..10")
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}

/// `fit q to z => log p̃(z)`: variational inference on conjugate models, against their exact posteriors.
final class VariationalFitStatementTests: XCTestCase {
    /// μ ~ N(0, 1), x = [0.8, 1.5, 0.3, 1.1, 2.0] with xᵢ ~ N(μ, 1): log p̃(μ) = −3μ² + 5.7μ, posterior
    /// N(0.95, 1/6). λ ~ Gamma(2, 1), counts [3, 5, 2, 4, 6] ~ Poisson(λ): log p̃(λ) = 21 log λ − 6λ,
    /// posterior Gamma(22, 6).
    func testELBOFitsReachTheConjugatePosteriors() {
        let session = Session(seed: 3)
        _ = session.expectOutput("let q = normal(0, 1)")
        let normal = session.expectOutput("fit q to z => -3*z^2 + 5.7*z steps 1500")
        XCTAssertEqual(normal.field("method"), .string("elbo"))
        XCTAssertEqual(session.number("q.loc") ?? .nan, 0.95, accuracy: 0.01)
        XCTAssertEqual((session.number("q.scale") ?? .nan) * 6.0.squareRoot(), 1, accuracy: 0.02)
        _ = session.expectOutput("let g = gamma(1, 1)")
        _ = session.expectOutput("fit g to z => 21*log(z) - 6*z steps 1500")
        XCTAssertEqual((session.number("g.concentration") ?? .nan) / 22, 1, accuracy: 0.05)
        XCTAssertEqual((session.number("g.rate") ?? .nan) / 6, 1, accuracy: 0.05)
        let message = session.expectError("fit q to z => [z, z] steps 10")?.message ?? ""
        XCTAssert(message.hasPrefix("the log-joint must give one number for one value of z, but at z = "), message)
        XCTAssert(message.hasSuffix(" it gave a vector of 2; sum the data's terms, e.g. z => sum(poisson(z).log_prob(data)) + gamma(2, 1).log_prob(z)"), message)
    }
}
