import XCTest
@testable import ReparamLanguage

/// The special functions a `from_cdf` formula may call (gammainc, gammaincc, betainc, ndtr,
/// log_ndtr, lgamma, digamma, besseli0, besseli1, student_t_cdf) carry exact derivatives in every
/// argument, so a family written by hand gets the built-in family's gradients.
final class FromCDFSpecialFunctionTests: XCTestCase {
    /// The gradient of each parameter from `grad EXPRESSION` (in declaration order).
    private func gradients(_ session: Session, _ line: String) -> [Double] {
        guard case let .object(pairs)? = session.expectOutput(line).field("gradients") else {
            XCTFail("no gradients for \(line)")
            return []
        }
        return pairs.map { $0.1.number ?? .nan }
    }

    /// InverseGamma(3, 2) written as gammaincc(a, b/x): quantile and its gradients in a and b match
    /// the built-in family (whose own gradients are checked against mpmath) to 1e-10.
    func testHandWrittenInverseGammaMatchesTheBuiltInFamily() {
        let session = Session(seed: 5)
        _ = session.expectOutput("let h = from_cdf((x, a, b) => gammaincc(a, b / x), low: 0, a: 3, b: 2)")
        _ = session.expectOutput("let g = inverse_gamma(3, rate: 2)")
        for u in [0.01, 0.3, 0.9] {
            XCTAssertRelative(session.number("h.icdf(\(u))"), session.number("g.icdf(\(u))") ?? .nan, 1e-12, "quantile at \(u)")
            let byHand = gradients(session, "grad h.icdf(\(u))"), builtIn = gradients(session, "grad g.icdf(\(u))")
            XCTAssertEqual(byHand.count, 2)
            XCTAssertEqual(builtIn.count, 2)
            for (x, y) in zip(byHand, builtIn) { XCTAssertRelative(x, y, 1e-10, "dz/dθ at \(u)") }
        }
        XCTAssertRelative(session.number("h.log_prob(0.7)"), session.number("g.log_prob(0.7)") ?? .nan, 1e-12)
    }

    /// Chi(3) through gammainc, F(5, 10) through betainc, Student-t through student_t_cdf.
    func testOtherHandWrittenFamilies() {
        let session = Session(seed: 6)
        let pairs = [
            ("from_cdf((x, k) => gammainc(k / 2, x^2 / 2), low: 0, k: 3)", "chi(3)"),
            ("from_cdf((x, m, n) => betainc(m / 2, n / 2, m * x / (m * x + n)), low: 0, m: 5, n: 10)", "fisher_snedecor(5, 10)"),
            ("from_cdf((x, nu) => student_t_cdf(nu, x), nu: 4)", "student_t(4)"),
            ("from_cdf((x, m, s) => ndtr((log(x) - m) / s), low: 0, m: 0.2, s: 0.7)", "lognormal(0.2, 0.7)"),
        ]
        for (byHand, builtIn) in pairs {
            _ = session.expectOutput("let h = \(byHand)")
            _ = session.expectOutput("let g = \(builtIn)")
            for u in [0.05, 0.5, 0.95] {
                XCTAssertRelative(session.number("h.icdf(\(u))"), session.number("g.icdf(\(u))") ?? .nan, 1e-11, "\(builtIn) quantile at \(u)")
                for (x, y) in zip(gradients(session, "grad h.icdf(\(u))"), gradients(session, "grad g.icdf(\(u))")) {
                    XCTAssertRelative(x, y, 1e-9, "\(builtIn) dz/dθ at \(u)")
                }
            }
        }
    }

    /// The inverse Gaussian CDF Φ(a) + e^{2λ/μ}Φ(−b) steps back by an ulp where its two terms
    /// nearly cancel; the monotonicity check accepts that and the quantiles match the built-in family.
    func testInverseGaussianFormulaPassesTheMonotonicityCheck() {
        let session = Session(seed: 7)
        _ = session.expectOutput("let h = from_cdf((x, m, l) => ndtr(sqrt(l / x) * (x / m - 1)) + exp(2 * l / m) * ndtr(-sqrt(l / x) * (x / m + 1)), low: 0, m: 1, l: 0.3)")
        _ = session.expectOutput("let g = inverse_gaussian(1, 0.3)")
        _ = session.expectOutput("h.rsample(2000)")
        for u in [0.01, 0.5, 0.9] {
            XCTAssertRelative(session.number("h.icdf(\(u))"), session.number("g.icdf(\(u))") ?? .nan, 1e-9, "quantile at \(u)")
        }
    }

    func testWrongArgumentCountsAreClearErrors() {
        let session = Session(seed: 8)
        XCTAssertEqual(session.expectError("from_cdf((x, a) => betainc(a, x), low: 0, high: 1, a: 2)")?.message,
                       "betainc takes 3 arguments here: betainc(a, b, x)")
        XCTAssertEqual(session.expectError("from_cdf((x, a) => gammainc(x), low: 0, a: 2)")?.message,
                       "gammainc takes 2 arguments here: gammainc(a, x)")
    }
}
