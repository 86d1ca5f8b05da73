import Foundation
import XCTest
import Reparam
@testable import ReparamLanguage

/// `power_spherical` as typed (moments, gradcheck at the poles and where μ₁ = 0, messages that keep
/// the session, `hist`), and the matrix product `@` / `matmul` / `transpose` that turns an LKJ factor
/// or a Wishart draw into the matrices they stand for.
final class SphereAndMatrixLanguageTests: XCTestCase {
    func testPowerSphericalMomentsAndGradcheck() {
        let session = Session(seed: 3)
        _ = session.expectOutput("let d = power_spherical([0, 0, 1], 10)")
        // H = log N − κ(log 2 + ψ(α) − ψ(α+β)), α = 11, β = 1 (scripts/fixtures/power_spherical.py's quadrature row).
        XCTAssertRelative(session.number("d.entropy()"), 1.042219883261829339825, 1e-14)
        XCTAssertEqual(session.expectOutput("d.mean").field("value")?.numbers, [0, 0, 10.0 / 12])
        XCTAssertEqual(session.expectOutput("d.event_shape").field("value")?.numbers, [3])
        XCTAssertEqual(session.expectOutput("d.rsample([4, 5])").field("shape")?.numbers, [4, 5, 3])
        // μ = e₃ (μ₁ = 0: a pole flipped by sign(μ₁) would jump here), e₁ and −e₁.
        for mu in ["[0, 0, 1]", "[1, 0, 0]", "[-1, 0, 0]"] {
            _ = session.expectOutput("let s = power_spherical(\(mu), 4)")
            let check = session.expectOutput("gradcheck mean(s.rsample(100)[:, 0] * 3 + s.rsample(100)[:, 1] - s.rsample(100)[:, 2]^2)")
            XCTAssertLessThan(check.field("max_relative_error")?.number ?? 1, 1e-6, "\(mu)\n\(check.text)")
        }
        let hist = session.expectOutput("hist d")
        XCTAssertEqual(hist.field("pairs"), .array([.array([.number(0), .number(1)]), .array([.number(0), .number(2)]), .array([.number(1), .number(2)])]))
    }

    func testPowerSphericalMessagesKeepTheSession() {
        let session = Session()
        _ = session.expectOutput("let d = power_spherical([0, 1], 2)")
        let cases = [
            ("power_spherical([0, 0, 0], 1)",
             "power_spherical needs mu to be a nonzero vector of finite length (it is normalized to the mean direction μ/‖μ‖), got the zero vector"),
            ("power_spherical([1], 1)", "power_spherical needs mu to be a vector of d ≥ 2 values (shape [..., d]): a direction in ℝᵈ, d ≥ 2, got shape [1]"),
            ("power_spherical([1, 0], -1)", "power_spherical needs concentration to be positive, got -1"),
            ("d.cdf([0, 1])", "power_spherical has no cumulative distribution function (cdf)"),
        ]
        for (line, message) in cases { XCTAssertEqual(session.expectError(line)?.message, message, line) }
        // Off the sphere: −∞.
        XCTAssertEqual(session.expectOutput("d.log_prob([0, 2])").field("value"), .string("-Infinity"))
        XCTAssertEqual(session.expectOutput("d.mean").field("value")?.numbers, [0, 2.0 / 3])
    }

    /// wishart(df, precision: P) is wishart(df, P⁻¹): the same entropy and mean, gradcheck through
    /// the inverse, and a precision that is not positive definite names the pivot.
    func testWishartFromItsPrecision() {
        let session = Session(seed: 6)
        _ = session.expectOutput("let a = wishart(4, [[2, 0.6], [0.6, 1]])")
        _ = session.expectOutput("let b = wishart(4, precision: [[1, -0.6], [-0.6, 2]] / 1.64)")
        XCTAssertRelative(session.number("b.entropy()"), session.number("a.entropy()") ?? .nan, 1e-14)
        for (entry, expected) in [("[0, 0]", 8.0), ("[0, 1]", 2.4), ("[1, 1]", 4.0)] {
            XCTAssertEqual(session.number("b.mean\(entry)") ?? .nan, expected, accuracy: 1e-13, entry)
        }
        let check = session.expectOutput("gradcheck mean(b.rsample(100)[:, 0, 1] + b.rsample(100)[:, 0, 0])")
        XCTAssertLessThan(check.field("max_relative_error")?.number ?? 1, 1e-6, check.text)
        XCTAssertEqual(session.expectError("wishart(4, precision: [[1, 2], [2, 1]])")?.message,
                       "wishart needs precision to be positive definite, got a matrix whose Cholesky pivot at row 1 (0-based, of 2) is -3 "
                       + "(pivots must be > 0; the leading 2 × 2 block is not positive definite)")
    }

    func testMatrixProductsAndTransposes() {
        let session = Session(seed: 8)
        XCTAssertEqual(session.expectOutput("[[1, 2], [3, 4]] @ [1, -1]").field("value")?.numbers, [-1, -1])
        XCTAssertEqual(session.expectOutput("[1, -1] @ [[1, 2], [3, 4]]").field("value")?.numbers, [-2, -2])
        XCTAssertEqual(session.number("[1, 2, 3] @ [4, 5, 6]"), 32)
        XCTAssertEqual(session.expectOutput("matmul([[1, 2], [3, 4]], [[0, 1], [1, 0]])").field("value"),
                       .array([.array([.number(2), .number(1)]), .array([.number(4), .number(3)])]))
        XCTAssertEqual(session.expectOutput("transpose([[1, 2, 3], [4, 5, 6]])").field("shape")?.numbers, [3, 2])
        // 2 * [[1, 0], [0, 1]] @ [1, 1]: @ binds like * (left to right).
        XCTAssertEqual(session.expectOutput("2 * [[1, 0], [0, 1]] @ [1, 1]").field("value")?.numbers, [2, 2])
        // C = L Lᵀ from LKJ factors: a unit diagonal.
        _ = session.expectOutput("let l = lkj_cholesky(3, 2).rsample(50)")
        _ = session.expectOutput("let c = l @ transpose(l)")
        XCTAssertEqual(session.expectOutput("c").field("shape")?.numbers, [50, 3, 3])
        XCTAssertEqual(session.number("max(abs(c[:, 1, 1] - 1))") ?? 1, 0, accuracy: 1e-14)
        // Gradients flow through @: gradcheck of a Wishart draw times a vector.
        _ = session.expectOutput("let w = wishart(3.5, [[2, 0.6], [0.6, 1]])")
        let check = session.expectOutput("gradcheck mean(w.rsample(100) @ [1, 2])")
        XCTAssertLessThan(check.field("max_relative_error")?.number ?? 1, 1e-6, check.text)
        let cases = [
            ("[1, 2] @ [1, 2, 3]", "@: cannot multiply [2] by [3]: the vector's length (2) must equal the vector's length (3)"),
            ("[[1, 2], [3, 4]] @ [[1, 2, 3]]", "@: cannot multiply [2, 2] by [1, 3]: the columns of the left (2) must equal the rows of the right (1)"),
            ("2 @ 3", "@ multiplies matrices or vectors, not numbers (shapes [] and []); use * for numbers"),
            ("transpose([1, 2])", "transpose needs a matrix (rank ≥ 2), got shape [2]; a vector is its own transpose here"),
        ]
        for (line, message) in cases { XCTAssertEqual(session.expectError(line)?.message, message, line) }
        XCTAssertEqual(session.expectOutput("c").field("shape")?.numbers, [50, 3, 3])
    }
}
