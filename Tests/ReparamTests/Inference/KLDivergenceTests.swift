import XCTest
@testable import Reparam

/// The closed-form KL divergences against mpmath (closed form and quadrature of the definition at
/// 40 digits, `scripts/fixtures/kl_divergence.py`) and against this engine's own quadrature of
/// E_q[log q − log p] (`ExactGradient`, tanh–sinh over the quantile function).
final class KLDivergenceTests: XCTestCase {
    private func distributions(_ row: [Double]) throws -> (any Distribution, any Distribution) {
        let (u1, u2, v1, v2) = (Tensor(row[1]), Tensor(row[2]), Tensor(row[3]), Tensor(row[4]))
        switch row[0] {
        case 0: return (try Normal(loc: u1, scale: u2), try Normal(loc: v1, scale: v2))
        case 1: return (try Gamma(concentration: u1, rate: u2), try Gamma(concentration: v1, rate: v2))
        default: return (try Beta(a: u1, b: u2), try Beta(a: v1, b: v2))
        }
    }

    func testAgainstMpmath() throws {
        let rows = try fixture("kl_divergence.tsv")
        XCTAssertEqual(rows.count, 20)
        for row in rows {
            let (q, p) = try distributions(row)
            let kl = try KLDivergence.between(q, p)
            // Absolute error a few ulps of the largest term (log Γ of the shapes, up to ~600 here).
            let scale = max(1, abs(logGamma(max(row[1], row[3]))), abs(logGamma(max(row[2], row[4]))))
            XCTAssertEqual(kl, row[5], accuracy: 4e-15 * scale + 1e-15 * abs(row[5]), "\(row)")
        }
    }

    func testAgainstTheDefinitionByQuadrature() throws {
        // Shapes ≥ 1: below, q's density is unbounded at 0 and the engine's rule does not reach 1e-10.
        var checked = 0
        for row in try fixture("kl_divergence.tsv") where row[0] == 0 || (row[1] >= 1 && (row[0] == 1 || row[2] >= 1)) {
            checked += 1
            let (q, p) = try distributions(row)
            let definition = try ExactGradient.expectation(of: { z in try q.logProb(z).subtracting(p.logProb(z)) }, under: q).value
            XCTAssertEqual(try KLDivergence.between(q, p), definition, accuracy: 1e-9 * max(1, abs(definition)), "\(row)")
        }
        XCTAssertGreaterThanOrEqual(checked, 15)
    }

    func testZeroAtEqualityAndErrors() throws {
        XCTAssertEqual(try KLDivergence.gamma(q: (22, 6), p: (22, 6)), 0, accuracy: 1e-14)
        XCTAssertEqual(try KLDivergence.beta(q: (7, 3), p: (7, 3)), 0, accuracy: 1e-14)
        XCTAssertEqual(try KLDivergence.normal(q: (0, 1), p: (1, 1)), 0.5, accuracy: 1e-15)
        XCTAssertThrowsError(try KLDivergence.gamma(q: (-1, 6), p: (22, 6))) { error in
            XCTAssertEqual("\(error)".contains("positive finite q.concentration"), true, "\(error)")
        }
        XCTAssertThrowsError(try KLDivergence.between(try Normal(loc: Tensor(0), scale: Tensor(1)), try Gamma(concentration: Tensor(1), rate: Tensor(1))))
    }
}
