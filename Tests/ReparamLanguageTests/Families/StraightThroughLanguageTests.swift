import Foundation
import XCTest
import Reparam
@testable import ReparamLanguage

/// `one_hot_categorical_straight_through` as typed, and `using straight_through` on a Categorical:
/// exact for f linear in the index, and marked biased by `gradvar` for a quadratic f.
final class StraightThroughLanguageTests: XCTestCase {
    func testOneHotStraightThroughAsTyped() {
        let session = Session(seed: 5)
        XCTAssertEqual(session.completions(for: "one_hot"), ["one_hot_categorical_straight_through("])
        let help = session.expectOutput("?one_hot_categorical_straight_through").text
        XCTAssert(help.contains("example:     let d = one_hot_categorical_straight_through([0.2, 0.5, 0.3])"), help)
        XCTAssert(help.contains("rsample:     straight-through"), help)
        _ = session.expectOutput("let d = one_hot_categorical_straight_through([0.2, 0.5, 0.3])")
        XCTAssertEqual(session.expectOutput("d.rsample([4, 5])").field("shape")?.numbers, [4, 5, 3])
        XCTAssertRelative(session.number("d.log_prob([0, 0, 1])"), Foundation.log(0.3), 1e-15)
        // mean(y[:, 1]) is linear in y: the straight-through gradient ∂π₁/∂p = [−π₁, 1 − π₁, −π₁] (Σp = 1) is exact, whatever the draws.
        let grad = session.expectOutput("grad mean(d.rsample(1000)[:, 1])")
        let values = grad.text.numbersAfter("d.probs")
        XCTAssertEqual(values.count, 3, grad.text)
        for (a, b) in zip(values, [-0.5, 0.5, -0.5]) { XCTAssertEqual(a, b, accuracy: 1e-14, grad.text) }
        XCTAssertEqual(session.expectError("one_hot_categorical_straight_through([0.2, -1])")?.message,
                       "one_hot_categorical_straight_through needs probs to be nonnegative and finite, got -1 at index 1")
        XCTAssertEqual(session.expectOutput("d.event_shape").field("value")?.numbers, [3])
    }

    func testStraightThroughEstimatorOnACategorical() {
        let session = Session(seed: 7)
        _ = session.expectOutput("let c = categorical([0.2, 0.5, 0.3])")
        // f(k) = k: E f = Σ k πₖ, whose gradient in p (Σp = 1) is k − Σ k πₖ = [−1.1, −0.1, 0.9]; exact for linear f.
        let linear = session.expectOutput("grad mean(c.sample(200)) using straight_through")
        XCTAssert(linear.text.contains("[-1.1, -0.1, 0.9]"), linear.text)
        let table = session.expectOutput("gradvar mean((c.sample(100) - 0.7)^2) reps 30").text
        let rows = table.split(separator: "\n").filter { $0.hasPrefix("  straight_through ") && $0.hasSuffix(" no") }
        XCTAssertEqual(rows.count, 3, "straight_through should be listed and judged biased for each probability:\n\(table)")
        XCTAssertEqual(session.expectError("grad mean(c.sample(100)) using straight_through control delta")?.message,
                       "'control delta' goes with a score or pathwise estimator, as in 'using score control delta'")
        XCTAssert(session.expectError("grad mean(normal(0, 1).rsample(10)) using straight_through")?.message.contains("straight-through") ?? false)
    }
}

private extension String {
    /// The numbers in the bracketed list after `label` on its line (`grad   d.probs  [-0.5, 0.5, -0.5]`).
    func numbersAfter(_ label: String) -> [Double] {
        guard let line = split(separator: "\n").first(where: { $0.contains(label) }), let open = line.firstIndex(of: "["),
              let close = line.firstIndex(of: "]") else { return [] }
        return line[line.index(after: open)..<close].split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }
}
