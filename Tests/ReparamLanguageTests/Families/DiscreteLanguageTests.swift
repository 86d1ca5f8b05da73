import Foundation
import XCTest
import Reparam
@testable import ReparamLanguage

/// Discrete families and their relaxations as the language offers them: probs or logits, the
/// flag `hard:`, the error that explains why there is no rsample, and `expectation(d, f)`, whose
/// gradient is the exact one.
final class DiscreteLanguageTests: XCTestCase {
    private func σ(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    private func gradient(_ output: Output, _ name: String) -> Double? {
        guard case let .object(fields)? = output.field("gradients") else { return nil }
        return fields.first { $0.0 == name }?.1.number
    }

    func testProbsOrLogitsAndTheNoPathError() {
        let session = Session(seed: 1)
        XCTAssertRelative(session.number("binomial(10, logits: 0.2).mean"), 10 * σ(0.2), 1e-15)
        XCTAssertRelative(session.number("categorical(logits: [0, 1, 2]).log_prob(1)"), 1 - Foundation.log(1 + M_E + M_E * M_E), 1e-15)
        XCTAssertEqual(session.expectError("binomial(10, 0.3, logits: 1)")?.message,
                       "binomial takes probs: or logits:, not both (the argument in position 2 is probs)")
        XCTAssertEqual(session.expectError("bernoulli(probs: 0.3, logits: 1)")?.message, "bernoulli takes probs: or logits:, not both")
        let noPath = session.expectError("bernoulli(0.3).rsample(3)")?.message ?? ""
        XCTAssert(noPath.hasPrefix("Bernoulli has no rsample: its draws are integers") && noPath.contains("relaxed_bernoulli"), noPath)
        XCTAssertEqual(session.expectError("relaxed_bernoulli(0.5, logits: 0.4, hard: 1)")?.message,
                       "relaxed_bernoulli takes hard: true or hard: false; this is a number")
        XCTAssertEqual(session.expectOutput("relaxed_bernoulli(0.5, logits: 0.4, hard: true).sample(6)").text.filter { $0 == "0" || $0 == "1" }.count, 6)
        XCTAssertEqual(session.number("poisson(2).log_prob(1.5)"), -.infinity)
    }

    /// `grad expectation(d, f)` is the exact gradient: Bernoulli σ′(l)(f(1) − f(0)); the score
    /// function agrees within its noise; the relaxation at λ = 0.1 differs by its bias.
    func testExpectationGivesTheExactGradient() {
        let session = Session(seed: 4)
        _ = session.expectOutput("let b = bernoulli(logits: 0.4)")
        let exact = σ(0.4) * (1 - σ(0.4)) * (0.3025 - 0.2025)
        XCTAssertRelative(gradient(session.expectOutput("grad expectation(b, k => (k - 0.45)^2)"), "b.logits") ?? .nan, exact, 1e-14)
        XCTAssertRelative(session.number("expectation(binomial(10, 0.3), k => k^2)"), 10 * 0.3 * 0.7 + 9, 1e-14)
        _ = session.expectOutput("let r = relaxed_bernoulli(0.1, logits: b.logits)")
        let relaxed = gradient(session.expectOutput("grad expectation(r, y => (y - 0.45)^2)"), "b.logits") ?? .nan
        XCTAssertEqual(relaxed - exact, 0.0044, accuracy: 0.0001, "the relaxation's bias at λ = 0.1")
        let message = session.expectError("expectation(poisson(3), k => k)")?.message ?? ""
        XCTAssert(message.contains("unbounded support"), message)
        XCTAssert(session.expectError("expectation(gamma(2), x => x)")?.message.contains("estimate it as mean(f(d.sample(n)))") ?? false)
    }

    /// Maximum likelihood by `fit … to DATA` reaches the closed-form estimates: the mean for a Poisson,
    /// the frequencies for a Bernoulli and a Categorical. A relaxation against a discrete target is refused.
    func testFitsByMaximumLikelihood() {
        let session = Session(seed: 2)
        _ = session.expectOutput("let q = bernoulli(0.5)")
        _ = session.expectOutput("fit q to [0, 1, 1, 1, 0, 1, 1, 1] steps 300 lr 0.1")
        XCTAssertRelative(session.number("q.probs"), 0.75, 1e-6)
        _ = session.expectOutput("let p = poisson(1)")
        _ = session.expectOutput("fit p to [3, 5, 4, 6, 2] steps 300 lr 0.1")
        XCTAssertRelative(session.number("p.rate"), 4, 1e-6)
        _ = session.expectOutput("let c = categorical([1, 1, 1])")
        _ = session.expectOutput("fit c to [0, 1, 1, 2, 2, 2] steps 300 lr 0.1")
        XCTAssertRelative(session.number("(c.probs / sum(c.probs))[0]"), 1.0 / 6, 1e-5)
        XCTAssertRelative(session.number("(c.probs / sum(c.probs))[2]"), 0.5, 1e-5)
        let message = session.expectError("fit relaxed_bernoulli(0.5, logits: 0) to bernoulli(0.7)")?.message ?? ""
        XCTAssert(message.contains("has mass on the integers {0, 1} only, so KL(q‖p) is infinite"), message)
    }

    /// `grad … using rebar`: REBAR on a Bernoulli's draws, within 4 standard errors of the exact gradient
    /// (one-sample variance ≈ 0.021, so 4·√(0.021/10⁴) ≈ 0.006); a continuous family is refused.
    func testRebarFromTheLanguage() {
        let session = Session(seed: 6)
        _ = session.expectOutput("let b = bernoulli(logits: 0.4)")
        let output = session.expectOutput("grad mean((b.sample(10000) - 0.45)^2) using rebar")
        XCTAssertEqual(output.field("estimator"), .string("rebar"))
        XCTAssertEqual(gradient(output, "b.logits") ?? .nan, σ(0.4) * (1 - σ(0.4)) * 0.1, accuracy: 0.006)
        XCTAssert(session.expectError("grad mean(normal(0, 1).rsample(100)) using rebar")?.message.contains("not discrete") ?? false)
    }

    /// `grad … using rebar` on a Categorical: f sees the index (the relaxation reaches it as the soft
    /// index Σ k·σₖ); 400 estimates of 50 draws, each coordinate's mean within 4 standard errors of
    /// the gradient by enumeration, and gradvar lists rebar beside the others and marks it ok.
    func testRebarOnACategoricalFromTheLanguage() {
        let session = Session(seed: 11)
        _ = session.expectOutput("let c = categorical(logits: [0.3, -0.5, 1.1])")
        let expression = "mean((c.sample(50) - 0.7)^2)"
        let logits = Tensor.parameter([0.3, -0.5, 1.1])
        guard let d = try? Categorical(logits: logits),
              let exact = try? Enumeration.gradients(of: { ($0 - 0.7) * ($0 - 0.7) }, under: d)[0].scalars else { return XCTFail("enumeration") }
        var estimates: [[Double]] = []
        for _ in 0..<400 {
            let output = session.expectOutput("grad \(expression) using rebar")
            guard case let .object(gradients)? = output.field("gradients"), case let .array(values)? = gradients.first?.1 else {
                return XCTFail(output.text)
            }
            estimates.append(values.map { $0.number ?? .nan })
        }
        for j in 0..<3 {
            let spread = GradientSpread(parameter: "c.logits[\(j)]", estimator: "rebar", values: estimates.map { $0[j] })
            let judged = spread.judged(against: exact[j])
            XCTAssertTrue(judged.looksUnbiased, "logits[\(j)]: \(spread.summary.mean) ± \(judged.biasStandardError), exact \(exact[j])")
        }
        let table = session.expectOutput("gradvar \(expression) reps 30")
        guard case let .object(estimators)? = table.field("estimators") else { return XCTFail(table.text) }
        XCTAssertEqual(estimators.map(\.0), ["score", "score+mean", "score+loo", "score+optimal", "mvd", "mvd-uncoupled", "rebar", "straight_through"])
        XCTAssertTrue(table.text.contains("\n  rebar "), table.text)
        XCTAssertLessThanOrEqual(table.text.split(separator: "\n").map(\.count).max() ?? 0, 80, table.text)
    }
}
