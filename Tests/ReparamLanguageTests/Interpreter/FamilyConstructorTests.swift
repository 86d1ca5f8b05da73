import XCTest
@testable import ReparamLanguage

/// The von Mises and truncated Normal constructors, against closed forms
/// (scripts/fixtures/language_circular_truncated.py, mpmath at 30 digits).
final class FamilyConstructorTests: XCTestCase {
    private func gradient(_ output: Output, _ name: String) -> Double? { output.field("gradients")?[name]?.number }

    /// E[cos(z − μ)] = A(κ) = I₁(κ)/I₀(κ) and its κ-derivative 1 − A/κ − A², at κ = 4.
    func testVonMisesMeanResultantLength() {
        let session = Session(seed: 41)
        _ = session.expectOutput("let v = von_mises(0.5, 4)")
        let output = session.expectOutput("grad mean(cos(v.rsample(50000) - 0.5))")
        XCTAssertRelative(output.field("value")?.number, 0.863522611024550582854649070871, 0.005)
        XCTAssertRelative(gradient(output, "v.concentration"), 0.0384480474932050664692982028292, 0.05)
        XCTAssertEqual(session.expectOutput("v.support").field("value"), .string("angles in [-π, π)"))
    }

    /// Normal(0, 1) on [1, ∞): the mean φ(1)/(1 − Φ(1)) and the quantile's exact derivative in the bound.
    func testTruncatedNormal() {
        let session = Session()
        _ = session.expectOutput("let t = truncated_normal(0, 1, low: 1)")
        XCTAssertRelative(session.number("t.mean"), 1.52513527616098120908909053639, 1e-12)
        let output = session.expectOutput("grad t.icdf(0.3)")
        XCTAssertRelative(output.field("value")?.number, 1.22091724207662705711021321532, 1e-12)
        XCTAssertRelative(gradient(output, "t.low"), 0.894620665538635338094239537198, 1e-9)
        XCTAssertEqual(session.expectError("truncated_normal(0, 1, low: 2, high: 1)")?.message,
                       "truncated_normal needs low to be below high (1), got 2")
    }
}
