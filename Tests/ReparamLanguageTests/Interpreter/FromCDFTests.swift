import XCTest
@testable import ReparamLanguage

/// `from_cdf` on a Weibull(k, λ = 2), F = 1 − exp(−(x/λ)^k), against closed forms
/// (values from mpmath at 30 digits):
///     F(1) = 0.297811498673440403761812520254
///     log p(1) = −0.987809053325027344348257247775
///     F⁻¹(0.3) = λ(−log 0.7)^{1/k} = 1.00587742983143676456543920067
///     ∂F⁻¹(0.3)/∂k = −λ L^{1/k} log L / k² = 0.460884290862536082928038195165
///     E[z] = λΓ(1 + 1/k) = 1.80549058590186722259371737087
///     ∂E/∂k = −λΓ(1 + 1/k)ψ(1 + 1/k)/k² = −0.145856022728118918402540096843
///     Var[z] = λ²(Γ(1 + 2/k) − Γ(1 + 1/k)²) = 1.50276113925572800872619986580
final class FromCDFTests: XCTestCase {
    private func weibull() -> Session {
        let session = Session(seed: 17)
        _ = session.expectOutput("let w = from_cdf((x, k) => 1 - exp(-(x/2)^k), k: 1.5, low: 0)")
        return session
    }

    func testValuesAgainstTheClosedForm() {
        let session = weibull()
        XCTAssertRelative(session.number("w.cdf(1)"), 0.297811498673440403761812520254, 1e-14)
        XCTAssertRelative(session.number("w.log_prob(1)"), -0.987809053325027344348257247775, 1e-14)
        XCTAssertRelative(session.number("w.icdf(0.3)"), 1.00587742983143676456543920067, 1e-13)
        XCTAssertEqual(session.number("w.cdf(-1)"), 0)
        XCTAssertEqual(session.expectOutput("w.support").field("value"), .string("positive numbers"))
        // The engine's quadrature of the quantile function: E[z] = λΓ(1 + 1/k).
        XCTAssertRelative(session.number("w.mean"), 1.80549058590186722259371737087, 1e-9)
        XCTAssertRelative(session.number("w.variance"), 1.50276113925572800872619986580, 1e-9)
    }

    /// The implicit rule through the formula gives the quantile's exact derivative in k.
    func testQuantileGradientIsExact() {
        let session = weibull()
        let output = session.expectOutput("grad w.icdf(0.3)")
        guard case let .object(gradients)? = output.field("gradients") else { return XCTFail("no gradients") }
        XCTAssertEqual(gradients.map(\.0), ["w.k"])
        XCTAssertRelative(gradients[0].1.number, 0.460884290862536082928038195165, 1e-10)
    }

    func testPathwiseGradientOfTheMean() {
        let session = weibull()
        XCTAssertRelative(session.number("mean(w.sample(20000))"), 1.80549058590186722259371737087, 0.02)
        let output = session.expectOutput("grad mean(w.rsample(20000))")
        guard case let .object(gradients)? = output.field("gradients") else { return XCTFail("no gradients") }
        XCTAssertRelative(gradients[0].1.number, -0.145856022728118918402540096843, 0.05)
    }

    /// A vector parameter makes a batch: F⁻¹(0.3) = 2(−log 0.7)^{1/k} for each k, and each k gets its own gradient
    /// ∂F⁻¹/∂k = −F⁻¹ log(−log 0.7)/k².
    func testVectorParameterMakesABatch() {
        let session = Session(seed: 3)
        _ = session.expectOutput("let w = from_cdf((x, k) => 1 - exp(-(x/2)^k), k: [1.5, 3], low: 0)")
        let L = -log(0.7)
        let output = session.expectOutput("grad sum(w.icdf(0.3))")
        guard case let .object(gradients)? = output.field("gradients"), let dk = gradients.first?.1.numbers, dk.count == 2 else {
            return XCTFail("no gradient for w.k")
        }
        for (j, k) in [1.5, 3].enumerated() {
            let z = 2 * pow(L, 1 / k)
            XCTAssertRelative(dk[j], -z * log(L) / (k * k), 1e-10, "k = \(k)")
        }
        XCTAssertRelative(output.field("value")?.number, 2 * pow(L, 1 / 1.5) + 2 * pow(L, 1 / 3.0), 1e-13)
        XCTAssertEqual(session.expectOutput("w.rsample(4)").field("shape")?.numbers, [4, 2])
    }

    /// A support that is a half-line other than (0, ∞): F(x) = 1 − e^{2−x} on [2, ∞), F⁻¹(u) = 2 − log(1 − u).
    func testHalfLineSupport() {
        let session = Session(seed: 5)
        _ = session.expectOutput("let s = from_cdf(x => 1 - exp(2 - x), low: 2)")
        XCTAssertRelative(session.number("s.icdf(0.3)"), 2 - log1p(-0.3), 1e-13)
        XCTAssertEqual(session.number("s.cdf(1)"), 0)
        XCTAssertGreaterThanOrEqual(session.number("min(s.sample(1000))") ?? 0, 2.0)
    }

    func testBadFormulasAreExplained() {
        let session = Session()
        // A Lomax (Pareto II) tail, F = 1 − 1/(1 + x): no finite mean.
        _ = session.expectOutput("let p = from_cdf(x => 1 - 1/(1 + x), low: 0)")
        XCTAssertEqual(session.expectError("p.mean")?.message,
                       "p has no finite mean that quadrature of its quantile function could find; if it exists, estimate it from draws, e.g. mean(p.sample(100000))")
        XCTAssertEqual(session.expectError("from_cdf(x => x > 0, low: 0)")?.message,
                       "a CDF formula must be smooth; comparisons ('>') are not allowed")
        XCTAssertEqual(session.expectError("from_cdf(x => 2 * x, low: 0, high: 1)")?.message,
                       "FromCDF: custom CDF is not 1 at the upper end of its support: F(1.0) = 2.0")
        XCTAssertEqual(session.expectError("from_cdf((x, k) => 1 - exp(-x*k), low: 0)")?.message,
                       "from_cdf needs 'k', e.g. from_cdf((x, k) => 1 - exp(-(x/2)^k), k: 1.5, low: 0)")
        XCTAssertEqual(session.expectError("from_cdf(x => 1 - exp(-y), low: 0)")?.message,
                       "a CDF formula can use its parameters (x) and numbers; 'y' is neither")
        XCTAssertEqual(session.expectError("from_cdf(3)")?.message,
                       "from_cdf needs a function for 'F', such as x => 1 - exp(-x); got a number")
    }
}
