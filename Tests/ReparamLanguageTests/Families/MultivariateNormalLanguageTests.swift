import Foundation
import XCTest
import Reparam
@testable import ReparamLanguage

/// `multivariate_normal` as typed: the three ways to give the covariance, the messages for bad
/// matrices (the session keeps its variables), gradcheck through the Cholesky factor, and `hist`.
final class MultivariateNormalLanguageTests: XCTestCase {
    func testTheThreeMatricesGiveOneDistribution() {
        let session = Session(seed: 4)
        _ = session.expectOutput("let d = multivariate_normal([1, -1], [[2, 0.6], [0.6, 1]])")
        // ½ log det(2πe Σ), det Σ = 2 − 0.36.
        let entropy = log(2 * Double.pi * M_E) + 0.5 * log(1.64)
        XCTAssertRelative(session.number("d.entropy()"), entropy, 1e-14)
        // Σ⁻¹ = [[1, −0.6], [−0.6, 2]] / 1.64; L = [[√2, 0], [0.6/√2, √(1 − 0.18)]].
        XCTAssertRelative(session.number("multivariate_normal([1, -1], precision: [[1, -0.6], [-0.6, 2]] / 1.64).entropy()"), entropy, 1e-14)
        XCTAssertRelative(session.number("multivariate_normal([1, -1], scale_tril: [[sqrt(2), 0], [0.6 / sqrt(2), sqrt(0.82)]]).entropy()"), entropy, 1e-14)
        // log p(μ + (1, 0)) = −½ (Σ⁻¹)₀₀ − ½ log det(2πΣ).
        XCTAssertRelative(session.number("d.log_prob([2, -1])"), -0.5 / 1.64 - log(2 * Double.pi) - 0.5 * log(1.64), 1e-14)
        XCTAssertEqual(session.expectOutput("d.variance").field("value")?.numbers, [2, 1])
        XCTAssertEqual(session.expectOutput("d.rsample([4, 5])").field("shape")?.numbers, [4, 5, 2])
        XCTAssertEqual(session.expectOutput("d.event_shape").field("value")?.numbers, [2])
    }

    func testBadMatricesAreErrorsThatKeepTheSession() {
        let session = Session()
        _ = session.expectOutput("let d = multivariate_normal([0, 0], [[2, 0.6], [0.6, 1]])")
        let cases = [
            ("multivariate_normal([0, 0], [[1, 2], [2, 1]])",
             "multivariate_normal needs covariance to be positive definite, got a matrix whose Cholesky pivot at row 1 (0-based, of 2) is -3 "
                + "(pivots must be > 0; the leading 2 × 2 block is not positive definite)"),
            ("multivariate_normal([0, 0], [[1, 0.5], [0.4, 1]])",
             "multivariate_normal needs covariance to be symmetric (entry [i, j] equal to entry [j, i]), got 0.5 at [0, 1] but 0.4 at [1, 0]"),
            ("multivariate_normal([0, 0], [[1, 0, 0], [0, 1, 0]])",
             "multivariate_normal needs covariance to be a square matrix (shape [..., n, n] with n ≥ 1), got shape [2, 3]"),
            ("multivariate_normal([0, 0, 0], [[1, 0], [0, 1]])", "multivariate_normal needs covariance to be 3 × 3, matching loc's length 3, got 2 × 2"),
            ("multivariate_normal([0, 0], precision: [[1, 0], [0, -1]])",
             "multivariate_normal needs precision to be positive definite, got a matrix whose Cholesky pivot at row 1 (0-based, of 2) is -1 "
                + "(pivots must be > 0; the leading 2 × 2 block is not positive definite)"),
            ("multivariate_normal([0, 0], [[1, 0], [0, 1]], precision: [[1, 0], [0, 1]])",
             "multivariate_normal takes covariance: or precision:, not both (the argument in position 2 is covariance)"),
            ("multivariate_normal([0, 0], precision: [[1, 0], [0, 1]], scale_tril: [[1, 0], [0, 1]])",
             "multivariate_normal takes one of covariance:, precision:, scale_tril:, not precision and scale_tril"),
            ("multivariate_normal([0, 0])", "multivariate_normal needs 'covariance', e.g. multivariate_normal([0, 0], [[2, 0.6], [0.6, 1]])"),
            ("d.log_prob([1, 2, 3])",
             "MultivariateNormal.log_prob: value of shape [3] does not broadcast against the batch shape [] + event shape [2]; its last axes must be [2]"),
            ("d.cdf([0, 0])", "multivariate_normal has no cumulative distribution function (cdf)"),
        ]
        for (line, message) in cases { XCTAssertEqual(session.expectError(line)?.message, message, line) }
        XCTAssertEqual(session.expectOutput("d.mean").field("value")?.numbers, [0, 0])
    }

    /// gradcheck perturbs one entry at a time; the factor of the symmetric part makes each agree.
    func testGradcheckAgreesForEveryMatrix() {
        let session = Session(seed: 9)
        for line in ["let d = multivariate_normal([0.5, -1], [[2, 0.6], [0.6, 1]])",
                     "let d = multivariate_normal([0.5, -1], precision: [[2, 0.6], [0.6, 1]])",
                     "let d = multivariate_normal([0.5, -1], scale_tril: [[1.5, 0], [0.4, 0.8]])"] {
            _ = session.expectOutput(line)
            let check = session.expectOutput("gradcheck mean(d.rsample(200)[:, 0] * d.rsample(200)[:, 1] + d.rsample(200)[:, 1]^2)")
            XCTAssertLessThan(check.field("max_relative_error")?.number ?? 1, 1e-6, "\(line)\n\(check.text)")
        }
    }

    /// A 2-D family draws one density panel with its contours; a 3-D one a panel per pair.
    func testHistDrawsPairsOfCoordinates() {
        let session = Session(seed: 1)
        let two = session.expectOutput("hist multivariate_normal([0, 0], [[2, 0.6], [0.6, 1]])")
        XCTAssert(two.text.contains("exact density at 10%, 50%, 90% of its peak"), two.text)
        let three = session.expectOutput("hist multivariate_normal([0, 0, 1], [[2, 0.6, 0], [0.6, 1, -0.5], [0, -0.5, 1]])")
        XCTAssertEqual(three.field("pairs"), .array([.array([.number(0), .number(1)]), .array([.number(0), .number(2)]), .array([.number(1), .number(2)])]))
        XCTAssert(three.text.contains("exact density"), three.text)
    }

    /// wishart: gradcheck agrees in ν (χ² quantiles under gradcheck) and in every entry of Σ;
    /// a df at or below n − 1 is an error naming the bound, and the session keeps its variables.
    func testWishartGradcheckAndMessages() {
        let session = Session(seed: 2)
        _ = session.expectOutput("let w = wishart(3.5, [[2, 0.6], [0.6, 1]])")
        XCTAssertEqual(session.expectOutput("w.mean").field("value"), .array([.array([.number(7), .number(2.1)]), .array([.number(2.1), .number(3.5)])]))
        let check = session.expectOutput("gradcheck mean(w.rsample(100)[:, 0, 1] + w.rsample(100)[:, 1, 1])")
        XCTAssertLessThan(check.field("max_relative_error")?.number ?? 1, 1e-6, check.text)
        XCTAssertEqual(session.expectError("wishart(1, [[2, 0.6], [0.6, 1]])")?.message,
                       "wishart needs df to be greater than n − 1 = 1 for 2 × 2 matrices, and finite, got 1")
        XCTAssertEqual(session.expectError("wishart(3, [[2, 0.6], [0.6, 1]], scale_tril: [[1, 0], [0, 1]])")?.message,
                       "wishart takes covariance: or scale_tril:, not both (the argument in position 2 is covariance)")
        XCTAssertEqual(session.expectOutput("w.log_prob([[1, 2], [2, 1]])").field("value"), .string("-Infinity"))
        XCTAssertEqual(session.expectOutput("w.event_shape").field("value")?.numbers, [2, 2])
    }
}
