import Foundation
import XCTest
@testable import Reparam

/// `TransformedDistribution` beyond the catalog identities (TransformedAndTruncatedTests): closed-form
/// entropy against −E log p by quadrature, support ends and directions per batch element, the
/// batch rule, and compositions with `Truncated` whose quantile gradients must match the
/// built-in family's.
final class TransformedDistributionTests: XCTestCase {
    /// H(Y) for Y = 0.5 − 2e^X, X ~ Gamma(2.5, 1.3) closed form, H(X) + E X + log 2, against
    /// −Σ wᵢ log p_Y(F⁻¹(uᵢ)) by tanh–sinh quadrature in u (an independent route through log_prob).
    func testClosedFormEntropyAgainstQuadratureOfLogDensity() throws {
        let d = try TransformedDistribution(Gamma(concentration: Tensor(2.5), rate: Tensor(1.3)),
                                            by: [.exp, .affine(loc: Tensor(0.5), scale: Tensor(-2))])
        let (u, w) = QuantileQuadrature.rule(step: 1.0 / 64)
        let logDensity = try d.logProb(d.icdf(Tensor(u))).scalars
        let quadrature = -zip(logDensity, w).reduce(0) { $0 + $1.0 * $1.1 }
        let closed = try d.entropy().scalars[0]
        assertRelative(closed, quadrature, 1e-10, "entropy")
        // Gamma(α, β): H = α − log β + log Γ(α) + (1 − α)ψ(α); E X = α/β.
        let α = 2.5, β = 1.3
        assertRelative(closed, α - Foundation.log(β) + logGamma(α) + (1 - α) * digamma(α) + α / β + Foundation.log(2.0), 1e-14, "closed form")
    }

    /// Maps whose direction differs over the batch: the ends swap element by element and the CDF
    /// reflects only where the map decreases (Beta(2, 3) through affine(loc, scale) per element).
    func testSupportEndsAndDirectionPerBatchElement() throws {
        let base = try Beta(a: Tensor(2), b: Tensor(3))
        let d = try TransformedDistribution(base, by: [.affine(loc: Tensor([0, 1]), scale: Tensor([2, -3]))])
        XCTAssertEqual(d.supportEnds.lower.scalars, [0, -2])
        XCTAssertEqual(d.supportEnds.upper.scalars, [2, 1])
        XCTAssertEqual(d.support, .interval(-2, 2))
        // I_x(2, 3) = 6x² − 8x³ + 3x⁴: at x = 0.4 it is 0.5248.
        let cdf = try d.cdf(Tensor([0.8, 1 - 3 * 0.4])).scalars
        assertRelative(cdf[0], 0.5248, 1e-14, "increasing element")
        assertRelative(cdf[1], 1 - 0.5248, 1e-14, "decreasing element")
        XCTAssertEqual(try d.logProb(Tensor([2.5, 1.5])).scalars, [-.infinity, -.infinity])
        let z = try d.icdf(Tensor([0.5248, 1 - 0.5248])).scalars
        assertRelative(z[0], 0.8, 1e-14, "icdf, increasing")
        assertRelative(z[1], -0.2, 1e-13, "icdf, decreasing")
    }

    /// A decreasing map's CDF is the base's upper tail from its own log-survival: Φ(−10) for a Normal
    /// reflected (1 − Φ(10) would be 0), and a reflected Normal cut at −39 (mass 1e-333) keeps the
    /// mirror of lesson 10's mean, −φ(39)/Φ(−39), and its density at the bound.
    func testDecreasingMapsKeepTheFarTail() throws {
        let reflected = try TransformedDistribution(Normal(loc: Tensor(0), scale: Tensor(1)), by: [.affine(loc: Tensor(0), scale: Tensor(-1))])
        // mpmath ncdf(-10).
        assertRelative(try reflected.cdf(Tensor(-10)).scalars[0], 7.61985302416052606597e-24, 1e-13, "Φ(−10)")
        let cut = try Truncated(reflected, low: Tensor(-.infinity), high: Tensor(-39))
        let millsInverse = 39.02560741993010845640805871832781917378   // φ(39)/Φ(−39), mpmath
        assertRelative(Foundation.exp(try cut.logProb(Tensor(-39)).scalars[0]), millsInverse, 1e-13, "density at the bound")
        assertRelative(cut.mean.scalars[0], -millsInverse, 1e-9, "mean")
        var stream = RandomStream(seed: 2)
        XCTAssert(try cut.rsample([100], using: &stream).scalars.allSatisfy { $0 <= -39 && $0.isFinite })
    }

    /// The maps may add batch axes in front of the base's, not widen its own; draws have the whole batch shape.
    func testTheBatchRule() throws {
        let scalarBase = try TransformedDistribution(Normal(loc: Tensor(0), scale: Tensor(1)), by: [.affine(loc: Tensor(unchecked: [2, 3], [0, 1, 2, 3, 4, 5]), scale: Tensor(1))])
        var stream = RandomStream(seed: 4)
        XCTAssertEqual(try scalarBase.rsample([7], using: &stream).shape, [7, 2, 3])
        XCTAssertThrowsError(try TransformedDistribution(Normal(loc: Tensor(unchecked: [2, 1], [0, 1]), scale: Tensor(1)),
                                                         by: [.affine(loc: Tensor([1, 2, 3]), scale: Tensor(1))])) { error in
            XCTAssertEqual("\(error)", "transform: the maps' parameters widen Normal's batch shape [2, 1] to [2, 3]; they may add axes in front of it, "
                           + "but not widen its own (give Normal parameters of shape [2, 3])")
        }
        XCTAssertThrowsError(try TransformedDistribution.checkedBase(Poisson(rate: Tensor(2)))) { error in
            XCTAssert("\(error)".contains("Poisson is discrete"), "\(error)")
        }
    }

    /// Truncated(Transformed(Normal, exp), low: 1) and Transformed(Truncated(Normal, low: 0), exp) are
    /// Truncated(LogNormal, low: 1): quantiles and their gradients to μ, σ (and the bound) agree.
    func testTruncationAndTransformCompose() throws {
        let u = Tensor([0.01, 0.3, 0.7, 0.99])
        func quantiles(_ build: (Tensor, Tensor) throws -> any Distribution) throws -> (z: [Double], g: [[Double]]) {
            let μ = Tensor.parameter(0.2), σ = Tensor.parameter(0.9)
            let z = try build(μ, σ).icdf(u)
            return (z.scalars, try gradients(of: z.sum(), withRespectTo: [μ, σ]).map(\.scalars))
        }
        let reference = try quantiles { try Truncated(LogNormal(loc: $0, scale: $1), low: Tensor(1), high: Tensor(.infinity)) }
        let outside = try quantiles { try Truncated(TransformedDistribution(Normal(loc: $0, scale: $1), by: [.exp]), low: Tensor(1), high: Tensor(.infinity)) }
        let inside = try quantiles { try TransformedDistribution(Truncated(Normal(loc: $0, scale: $1), low: Tensor(0), high: Tensor(.infinity)), by: [.exp]) }
        for (label, got) in [("truncated(transform)", outside), ("transform(truncated)", inside)] {
            for (a, b) in zip(got.z, reference.z) { assertRelative(a, b, 1e-13, "\(label) quantile") }
            for (row, expected) in zip(got.g, reference.g) {
                for (a, b) in zip(row, expected) { assertRelative(a, b, 1e-11, "\(label) gradient") }
            }
        }
    }
}
