import XCTest
@testable import Reparam

/// The inverse Gaussian's upper tail 1 − F(z) and the implicit derivatives dz/dμ, dz/dλ at z from
/// 1.5 μ to 1e8 μ and λ/μ from 1e-4 to 100, against mpmath at 80 digits
/// (scripts/fixtures/inverse_gaussian_tail.py). Φ(−a) − e^{2λ/μ}Φ(−b) cancels there, by
/// log10(z/μ) digits; `survival(at:parameters:)` takes the erfcx difference as one integral.
/// Tolerances: 1e-13 (tail) and 1e-12 (derivatives), plus 8ε κ with κ = z p(z)/S(z) the tail's
/// condition number in z (up to 1e3 here).
final class InverseGaussianTailTests: XCTestCase {
    func testFarUpperTailAgainstMpmath() throws {
        var tails = WorstError("inverse Gaussian 1 − F"), derivatives = WorstError("inverse Gaussian dz/dμ, dz/dλ in the upper tail")
        let rows = try fixture("inverse_gaussian_tail.tsv")
        XCTAssertGreaterThanOrEqual(rows.count, 20)
        for r in rows {
            let (mu, lambda, z, S) = (r[0], r[1], r[2], r[3])
            let tag = "μ=\(mu) λ=\(lambda) z=\(z)"
            let d = try InverseGaussian(loc: Tensor(mu), concentration: Tensor(lambda))
            let kappa = z * exp(d.logDensity(at: z, parameters: [mu, lambda])) / S
            let tail = d.survival(at: z, parameters: [mu, lambda])
            XCTAssertLessThanOrEqual(tails.record(tail, S, at: tag), 1e-13 + 8 * Double.ulpOfOne * kappa, "1 − F \(tag): \(tail) vs \(S)")
            let g = d.implicitDerivatives(of: [z], parameters: [0, 1])
            for (j, expected) in [r[4], r[5]].enumerated() {
                XCTAssertLessThanOrEqual(derivatives.record(g[j][0], expected, at: "d/d\(j == 0 ? "μ" : "λ") " + tag), 1e-12 + 8 * Double.ulpOfOne * kappa,
                                         "dz/d\(j == 0 ? "μ" : "λ") \(tag): \(g[j][0]) vs \(expected)")
            }
        }
        print(tails.summary)
        print(derivatives.summary)
    }

    /// The quantile's upper side solves 1 − F directly: u = 1 − 1e-12 at μ = 1, λ = 1e-4 round-trips.
    func testUpperQuantilesRoundTrip() throws {
        let d = try InverseGaussian(loc: Tensor(1), concentration: Tensor(1e-4))
        for s in [1e-3, 1e-6, 1e-9, 1e-12] {
            let z = try d.icdf(Tensor(1 - s)).scalars[0]
            let back = d.survival(at: z, parameters: [1, 1e-4])
            // u = 1 − s is exact to ε in u, i.e. ε/s relative in s.
            XCTAssertEqual(back, s, accuracy: s * (1e-12 + 4 * Double.ulpOfOne / s), "1 − F(F⁻¹(1 − \(s)))")
        }
    }
}
