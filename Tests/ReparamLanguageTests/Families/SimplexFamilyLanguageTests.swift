import Foundation
import XCTest
import Reparam
@testable import ReparamLanguage

/// `logistic_normal` as typed: its help example, shapes, log_prob against the closed form,
/// gradcheck, messages that keep the session, and a simplex `hist` that shows no NaN mean.
final class SimplexFamilyLanguageTests: XCTestCase {
    func testLogisticNormalAsTyped() {
        let session = Session(seed: 3)
        XCTAssertEqual(session.completions(for: "logistic_n"), ["logistic_normal("])
        XCTAssertEqual(session.completions(for: "?logistic_n"), ["?logistic_normal"])
        let help = session.expectOutput("?logistic_normal").text
        XCTAssert(help.contains("example:     let d = logistic_normal([0, 1], [1, 0.5])"), help)
        _ = session.expectOutput("let d = logistic_normal([0, 1], [1, 0.5])")
        XCTAssertEqual(session.expectOutput("d.event_shape").field("value")?.numbers, [3])
        XCTAssertEqual(session.expectOutput("d.rsample([4, 5])").field("shape")?.numbers, [4, 5, 3])
        // log p(0.2, 0.3, 0.5) = log φ(log 0.4) + log φ((log 0.6 − 1)/0.5) − log 0.5 − log(0.2·0.3·0.5).
        let y1 = Foundation.log(0.4), y2 = (Foundation.log(0.6) - 1) / 0.5
        let expected = -0.5 * (y1 * y1 + y2 * y2) - Foundation.log(2 * Double.pi) - Foundation.log(0.5) - Foundation.log(0.2 * 0.3 * 0.5)
        XCTAssertRelative(session.number("d.log_prob([0.2, 0.3, 0.5])"), expected, 1e-14)
        let check = session.expectOutput("gradcheck mean(logistic_normal([0, 1], [1, 0.5]).rsample(500)[:, 0])")
        XCTAssertLessThan(check.field("max_relative_error")?.number ?? 1, 1e-6, check.text)
        let hist = session.expectOutput("hist d").text
        XCTAssertFalse(hist.contains("nan"), hist)
    }

    func testLogisticNormalMessagesKeepTheSession() {
        let session = Session()
        _ = session.expectOutput("let d = logistic_normal([0, 1])")
        let cases = [
            ("logistic_normal(0.5)", "logistic_normal needs loc to be a vector μ₁…μ_K (K ≥ 1; a draw has K + 1 coordinates), "
                + "e.g. [0] for draws (x₁, x₂) with x₁ + x₂ = 1, got the number 0.5"),
            ("logistic_normal([0, 1], -1)", "logistic_normal needs scale to be positive, got -1"),
            ("d.mean", "logistic_normal has no closed-form mean; estimate it from draws, e.g. mean(d.sample(100000), axis: 0)"),
            ("d.entropy()", "logistic_normal has no closed-form entropy; estimate it by Monte Carlo as -mean(d.log_prob(d.sample(n)))"),
        ]
        for (line, message) in cases { XCTAssertEqual(session.expectError(line)?.message, message, line) }
        XCTAssertEqual(session.expectOutput("d.event_shape").field("value")?.numbers, [3])
    }
}
