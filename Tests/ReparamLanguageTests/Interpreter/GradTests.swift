import XCTest
import Reparam
@testable import ReparamLanguage

/// `grad` against closed forms and against the engine called directly.
final class GradTests: XCTestCase {
    private func gradients(_ output: Output) -> [String: [Double]] {
        guard case let .object(fields)? = output.field("gradients") else { return [:] }
        return Dictionary(uniqueKeysWithValues: fields.map { ($0.0, $0.1.numbers ?? []) })
    }

    func testPolynomialOfAParameter() {
        let session = Session()
        _ = session.expectOutput("let a = 2")
        let output = session.expectOutput("grad a^3 + 2*a")
        XCTAssertEqual(output.field("value")?.number, 12)
        XCTAssertEqual(gradients(output)["a"], [14])
        XCTAssertEqual(output.text, "value  12\ngrad   a  14")
    }

    func testVectorParameter() {
        let session = Session()
        _ = session.expectOutput("let w = [1, 2, 3]")
        let output = session.expectOutput("grad sum(w^2)")
        XCTAssertEqual(gradients(output)["w"], [2, 4, 6])
    }

    /// The example, identical to the engine's own computation on the same stream.
    func testPathwiseMatchesTheEngineExactly() throws {
        let session = Session(seed: 11)
        _ = session.expectOutput("let d = normal(1, 2)")
        let output = session.expectOutput("grad mean(d.rsample(1000)^2)")

        var stream = RandomStream(seed: 11)
        let loc = Tensor.parameter(1.0), scale = Tensor.parameter(2.0)
        let z = try Normal(loc: loc, scale: scale).rsample([1000], using: &stream)
        let loss = (z * z).mean()
        let expected = try Reparam.gradients(of: loss, withRespectTo: [loc, scale])
        XCTAssertEqual(output.field("value")?.number, loss.scalars[0])
        XCTAssertEqual(gradients(output)["d.loc"], expected[0].scalars)
        XCTAssertEqual(gradients(output)["d.scale"], expected[1].scalars)
    }

    /// ∇ E[z²] = (2μ, 2σ) for z ~ Normal(μ, σ), for every estimator.
    func testEveryEstimatorAgainstTheClosedForm() {
        for (estimator, tolerance) in [("pathwise", 0.02), ("implicit", 0.02), ("explicit", 0.02), ("score", 0.1)] {
            let session = Session(seed: 3)
            _ = session.expectOutput("let d = normal(1, 2)")
            let output = session.expectOutput("grad mean(d.rsample(200000)^2) using \(estimator)")
            XCTAssertRelative(output.field("value")?.number, 5, 0.02, estimator)
            XCTAssertRelative(gradients(output)["d.loc"]?.first, 2, tolerance, estimator)
            XCTAssertRelative(gradients(output)["d.scale"]?.first, 4, tolerance, estimator)
        }
    }

    /// Score function: identical to the engine's REINFORCE estimator on the same draws.
    func testScoreMatchesTheEngine() throws {
        let session = Session(seed: 5)
        _ = session.expectOutput("let d = normal(1, 2)")
        let output = session.expectOutput("grad mean(d.rsample(5000)^2) using score")
        var stream = RandomStream(seed: 5)
        let normal = try Normal(loc: .parameter(1.0), scale: .parameter(2.0))
        let expected = try Estimator.score.gradients(of: { $0 * $0 }, under: normal, samples: 5000, using: &stream)
        XCTAssertRelative(gradients(output)["d.loc"]?.first, expected[0].scalars[0], 1e-12)
        XCTAssertRelative(gradients(output)["d.scale"]?.first, expected[1].scalars[0], 1e-12)
    }

    /// The score function needs no path through the sample: `sample` under `using score` is
    /// REINFORCE on the same draws as `rsample` under it, identical to the engine's estimator.
    func testScoreAcceptsPlainSamples() throws {
        let session = Session(seed: 5)
        _ = session.expectOutput("let d = normal(1, 2)")
        let output = session.expectOutput("grad mean(d.sample(5000)^2) using score")
        var stream = RandomStream(seed: 5)
        let normal = try Normal(loc: .parameter(1.0), scale: .parameter(2.0))
        let expected = try Estimator.score.gradients(of: { $0 * $0 }, under: normal, samples: 5000, using: &stream)
        XCTAssertRelative(gradients(output)["d.loc"]?.first, expected[0].scalars[0], 1e-12)
        XCTAssertRelative(gradients(output)["d.scale"]?.first, expected[1].scalars[0], 1e-12)
        // gradvar shows the score function's spread and says why the pathwise ones do not apply.
        let spread = session.expectOutput("gradvar mean(d.sample(50)^2) reps 20")
        XCTAssertTrue(spread.text.contains("pathwise, implicit, explicit: not available (this value depends on no"), spread.text)
        XCTAssertNotNil(spread.field("estimators").flatMap { json -> JSON? in
            if case let .object(items) = json { return items.first { $0.0 == "score" }?.1 }
            return nil
        }, spread.text)
    }

    /// Implicit and explicit reparameterization of a Normal give the same per-sample derivatives.
    func testImplicitAgreesWithExplicit() {
        var results: [[String: [Double]]] = []
        for estimator in ["explicit", "implicit"] {
            let session = Session(seed: 9)
            _ = session.expectOutput("let d = logistic(0.5, 1.5)")
            results.append(gradients(session.expectOutput("grad mean(sin(d.rsample(500))) using \(estimator)")))
        }
        XCTAssertRelative(results[0]["d.loc"]?.first, results[1]["d.loc"]?.first ?? .nan, 1e-10)
        XCTAssertRelative(results[0]["d.scale"]?.first, results[1]["d.scale"]?.first ?? .nan, 1e-10)
    }

    func testBoundDrawsKeepTheirGraph() {
        let session = Session(seed: 2)
        _ = session.expectOutput("let a = 0.5")
        _ = session.expectOutput("let e = normal(a, 1)")
        _ = session.expectOutput("let z = e.rsample(1000)")
        let output = session.expectOutput("grad mean(z)")
        XCTAssertRelative(gradients(output)["a"]?.first, 1, 1e-12)
        XCTAssertRelative(gradients(output)["e.scale"]?.first, session.number("mean((z - a))") ?? .nan, 1e-12)
    }

    func testUnboundConstructorParametersAreNamedByFamily() {
        let session = Session()
        let output = session.expectOutput("grad mean(exponential(2).rsample(10))")
        XCTAssertEqual(Array(gradients(output).keys), ["exponential.rate"])
    }

    func testNonDifferentiableValuesAreExplained() {
        let session = Session()
        _ = session.expectOutput("let d = normal(0, 1)")
        XCTAssertEqual(session.expectError("grad mean(d.sample(100))")?.message,
                       "this value depends on no parameter: d.sample(…) draws without gradients; write d.rsample(…) instead, or use 'grad … using score', which needs no path through the sample")
        XCTAssertEqual(session.expectError("grad d.rsample(100)")?.message,
                       "grad needs a single number, but this is a vector of 100; reduce it first, e.g. grad mean(…) or grad sum(…)")
        XCTAssertEqual(session.expectError("grad d")?.message,
                       "grad needs a number, but d is a distribution (normal); draw from it with .rsample(n), or use .mean")
        XCTAssertEqual(session.expectError("grad 3")?.message,
                       "this value depends on no parameter; bind one with let (e.g. let a = 2) or use a distribution's draws (e.g. d.rsample(1000))")
    }

    /// The example on the Dirichlet, and one component's mean, identical to the engine on the same stream.
    func testDirichletMatchesTheEngineExactly() throws {
        let session = Session(seed: 12)
        _ = session.expectOutput("let d = dirichlet([1,2,3])")
        let whole = session.expectOutput("grad mean(d.rsample(1000))")
        // Each draw sums to 1, so the mean of all components is 1/3 whatever the concentration.
        XCTAssertRelative(whole.field("value")?.number, 1.0 / 3.0, 1e-14)
        XCTAssert(gradients(whole)["d.concentration"]?.allSatisfy { abs($0) < 1e-15 } ?? false)
        let first = session.expectOutput("grad mean(d.rsample(1000)[:, 0])")

        var stream = RandomStream(seed: 12)
        let concentration = Tensor.parameter([1.0, 2.0, 3.0])
        let dirichlet = try Dirichlet(concentration: concentration)
        _ = try dirichlet.rsample([1000], using: &stream)
        let z = try dirichlet.rsample([1000], using: &stream).column(0).mean()
        let expected = try Reparam.gradients(of: z, withRespectTo: [concentration])[0]
        XCTAssertEqual(first.field("value")?.number, z.scalars[0])
        XCTAssertEqual(gradients(first)["d.concentration"], expected.scalars)
        // E[z₁] = α₁/α₀: ∂/∂α = (α₀ − α₁, −α₁, −α₁)/α₀² = (5, −1, −1)/36.
        let exact = [5.0 / 36, -1.0 / 36, -1.0 / 36]
        let estimate = gradients(session.expectOutput("grad mean(d.rsample(50000)[:, 0])"))["d.concentration"] ?? []
        for (value, reference) in zip(estimate, exact) { XCTAssertEqual(value, reference, accuracy: 0.03 * 5 / 36) }
    }

    /// E[z] = α/β for Gamma(α, β): ∂/∂α = 1/β, ∂/∂β = −α/β².
    func testGammaPathwiseAgainstTheClosedForm() {
        let session = Session(seed: 13)
        _ = session.expectOutput("let g = gamma(2, rate: 3)")
        let output = session.expectOutput("grad mean(g.rsample(100000))")
        XCTAssertRelative(gradients(output)["g.concentration"]?.first, 1.0 / 3.0, 0.02)
        XCTAssertRelative(gradients(output)["g.rate"]?.first, -2.0 / 9.0, 0.02)
        XCTAssertEqual(session.expectError("grad mean(g.rsample(10)) using explicit")?.message,
                       "Gamma has no explicit reparameterization (no closed-form z = g(ε; θ)); use implicit")
    }
}
