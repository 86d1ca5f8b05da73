import XCTest
@testable import Reparam

/// log Γ(x + h) − log Γ(x) and its partials against mpmath (scripts/fixtures/log_gamma_difference.py):
/// x from 1e-3 to 1e10, h from 1e-8 to 100 and h = −x/2, where subtracting two lgamma values
/// loses up to log Γ(x)/|difference| of its digits (1e-6 relative at x = 1e10, h = 1e-3), and x up to
/// the largest double (the shift count was once converted to Int before it was clamped: a trap).
final class LogGammaDifferenceTests: XCTestCase {
    func testAgainstMpmath() throws {
        var values = WorstError("log Γ(x+h) − log Γ(x)"), byX = WorstError("ψ(x+h) − ψ(x)"), byH = WorstError("ψ(x+h)")
        for r in try fixture("log_gamma_difference.tsv") {
            let (x, h) = (r[0], r[1])
            let tag = "x=\(x) h=\(h)"
            XCTAssertLessThanOrEqual(values.record(logGammaDifference(x, h), r[2], at: tag), 4e-15, tag)
            let dx = logGammaDifference(Dual(x, derivative: 1), Dual(h)).derivative
            let dh = logGammaDifference(Dual(x), Dual(h, derivative: 1)).derivative
            // ψ(x+h) − ψ(x) as the derivative of the shifted Stirling form keeps the digits of its pieces,
            // about ψ(x)/(ψ(x+h) − ψ(x)) · ε relative (1e-12 at x = 1e10, h = 1e-8).
            let allowance = 1e-14 * Swift.max(1, abs(r[4]) / abs(r[3]) * 1e-2)
            XCTAssertLessThanOrEqual(byX.record(dx, r[3], at: tag), allowance, "d/dx \(tag): \(dx) vs \(r[3])")
            XCTAssertLessThanOrEqual(byH.record(dh, r[4], at: tag), 2e-14, "d/dh \(tag): \(dh) vs \(r[4])")
        }
        for w in [values, byX, byH] { print(w.summary) }
    }

    /// The tensor op carries both partials to a backward pass.
    func testTensorGradients() throws {
        let x = Tensor.parameter([50, 0.3]), h = Tensor.parameter([0.02, 1.5])
        let g = try gradients(of: lgammaDifference(x, h).sum(), withRespectTo: [x, h])
        for i in 0..<2 {
            let (xi, hi) = (x.scalars[i], h.scalars[i])
            assertRelative(g[0].scalars[i], digamma(xi + hi) - digamma(xi), 1e-12, "d/dx")
            assertRelative(g[1].scalars[i], digamma(xi + hi), 1e-13, "d/dh")
        }
    }

    /// A Kumaraswamy mean at b = 1e300 goes through log Γ(b + 1 + ½) − log Γ(b + 1) (it trapped):
    /// b·B(1 + 1/a, b) = Γ(3/2)·exp(−(log Γ(b + 3/2) − log Γ(b + 1))) at a = 2, the difference from the
    /// fixture's 700-digit row (x = 1e300, h = ½; b + 1 rounds to b).
    func testHugeShapeMoments() throws {
        let mean = try Kumaraswamy(a: Tensor(2), b: Tensor(1e300)).mean.scalars[0]
        assertRelative(mean, 0.88622692545275801365 * Foundation.exp(-345.38776394910685263), 2e-13, "kumaraswamy(2, 1e300).mean")
        XCTAssert(try Kumaraswamy(a: Tensor(2), b: Tensor(1.7e308)).variance.scalars[0].isFinite)
    }
}
