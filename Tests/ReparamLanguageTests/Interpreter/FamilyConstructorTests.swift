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

    /// von Mises: `variance` is the variance of the angle around loc (quadrature value at κ = 4 from
    /// scripts/fixtures/vonmises_angle_variance.py), `circular_variance` is 1 − I₁(4)/I₀(4), which other
    /// families refuse with a message, and both have help.
    func testVonMisesVarianceAndCircularVariance() {
        let session = Session()
        _ = session.expectOutput("let v = von_mises(3, 4)")
        XCTAssertRelative(session.number("v.variance"), 0.29822837767374475455, 1e-13)
        XCTAssertRelative(session.number("v.circular_variance"), 0.13647738897544941715, 1e-13)
        _ = session.expectOutput("let n = normal(0, 1)")
        XCTAssertEqual(session.expectError("n.circular_variance")?.message,
                       "n is not on the circle: circular_variance (1 − |E e^{iz}|) is for von_mises; use n.variance")
        XCTAssertFalse(session.completions(for: "n.circ").contains("n.circular_variance"))
        _ = session.expectOutput("let m = mixture(von_mises(0, 4), von_mises(3, 2))")
        XCTAssertEqual(session.expectError("m.variance")?.message,
                       "m mixes angles on the circle, where a weighted sum of the components' variances is not its variance; "
                       + "estimate a circular statistic from draws, e.g. mean(cos(m.sample(100000)))")
        XCTAssertTrue(session.expectOutput("?circular_variance").text.contains("1 − I₁(κ)/I₀(κ)"))
        XCTAssertTrue(session.expectOutput("?von_mises").text.contains("circular_variance"))
        XCTAssertTrue(session.completions(for: "v.circ").contains("v.circular_variance"))
    }

    /// log_gamma(α, rate): the law of log z. Mean ψ(α) − log β and variance ψ₁(α) (mpmath), finite draws
    /// and log_prob at α = 0.003 where a tenth of gamma(0.003) draws are 0, and ?gamma points to it.
    func testLogGamma() {
        let session = Session(seed: 3)
        _ = session.expectOutput("let d = log_gamma(0.003, 2)")
        XCTAssertRelative(session.number("d.mean"), -334.598772165967405677899127515, 1e-13)  // ψ(0.003) − log 2 (mpmath)
        XCTAssertRelative(session.number("d.variance"), 111112.748861947685425570891948, 1e-13)  // ψ₁(0.003) (mpmath)
        XCTAssertEqual(session.number("min(d.rsample(20000))")?.isFinite, true)
        XCTAssertEqual(session.number("min(d.log_prob(d.rsample(20000)))")?.isFinite, true)
        XCTAssertEqual(session.number("max(gamma(0.003).rsample(20000) == 0)"), 1)
        XCTAssertTrue(session.expectOutput("?gamma").text.contains("log_gamma"))
        XCTAssertTrue(session.expectOutput("?log_gamma").text.contains("law of log z"))
    }
}
