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
}
