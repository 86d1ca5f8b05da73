import Foundation

/// One mixture component's values at many points, and its part of the implicit gradient.
///
/// Location–scale families get closed forms (∂F/∂loc = −p, ∂F/∂scale = −p·x with
/// x = (z − loc)/scale, so the density cancels and only the posterior weight is
/// left); every other family gets ∂F/∂θ from dual numbers through its generic CDF.
///
/// `@unchecked Sendable`: the chunks of one gradient share the components and only read them
/// (the family's parameters are fixed tensors), which the compiler cannot see through
/// `any UnivariateCDFFamily`.
struct MixtureComponent: @unchecked Sendable {
    let family: any UnivariateCDFFamily
    /// Parameter values (one per parameter, each a single number: batch shape []).
    let θ: [Double]
    /// (loc, scale) for location–scale families.
    let locationScale: (loc: Double, scale: Double)?

    init(_ family: any UnivariateCDFFamily, mixture: String, index: Int) throws {
        guard family.batchShape.isEmpty else {
            throw ReparamError.shape("\(mixture): component \(index) (\(family.name)) has batch shape \(family.batchShape); each component must be a single distribution (batch shape [])")
        }
        guard family.eventShape.isEmpty else {
            throw ReparamError.shape("\(mixture): component \(index) (\(family.name)) is multivariate; use DiagonalMixture for factorized components")
        }
        self.family = family
        θ = family.parameters.map { $0.value.scalars[0] }
        if let ls = family as? any LocationScaleFamily { locationScale = (ls.loc.scalars[0], ls.scale.scalars[0]) } else { locationScale = nil }
    }

    var parameterCount: Int { θ.count }

    /// log pₖ(z) at every point (−∞ outside the component's support).
    func logDensities(_ z: [Double], adding offset: Double = 0) throws -> [Double] {
        if let (loc, scale) = locationScale, family is Normal {
            // Inline −x²/2 − log σ − log √(2π): no call per element.
            let shift = offset - Foundation.log(scale) - 0.918_938_533_204_672_741_78, inverseScale = 1 / scale
            return Kernels.map(z) { let x = ($0 - loc) * inverseScale; return -0.5 * x * x + shift }
        }
        if let (loc, scale) = locationScale, let law = family as? any LocationScaleFamily {
            // One pass: log p₀((z − loc)/scale) − log scale (+ offset), through the family's scalar law.
            let shift = offset - Foundation.log(scale), standard = type(of: law)
            return Kernels.map(z) { standard.standardLogDensity((($0 - loc) / scale)) + shift }
        }
        // The validating front gives −∞ outside the support.
        var values = try family.logProb(Tensor(unchecked: [z.count], z)).scalars
        if offset != 0 { for i in values.indices { values[i] += offset } }
        return values
    }

    /// Fₖ(z) at every point (0 below the support, 1 above it).
    func cdfs(_ z: [Double]) throws -> [Double] {
        if let (loc, scale) = locationScale, let law = family as? any LocationScaleFamily {
            return try type(of: law).standardCDF(Tensor(unchecked: [z.count], Kernels.map(z) { ($0 - loc) / scale })).scalars
        }
        // The validating front gives 0 below the support and 1 above it.
        return try family.cdf(Tensor(unchecked: [z.count], z)).scalars
    }

    /// Fₖ(z) and log pₖ(z) at one point, set by definition outside the support.
    func cdfAndLogDensity(at z: Double) -> (cdf: Double, logDensity: Double) {
        let (low, high) = supportBounds
        if z < low || (z == low && family.support == .positive) { return (0, -.infinity) }
        if z > high { return (1, -.infinity) }
        return (family.cdf(at: z, parameters: θ), family.logDensity(at: z, parameters: θ))
    }

    private var supportBounds: (Double, Double) { (family.support.lowerEnd, family.support.upperEnd) }

    /// ∂Fₖ/∂θⱼ(z) by a dual number seeded in θⱼ (the generic route).
    /// Outside the support Fₖ is constant (0 or 1), so the derivative is 0.
    func cdfDerivative(at z: Double, parameter j: Int, scratch: inout [Dual]) -> Double {
        let (low, high) = supportBounds
        if z < low || (z == low && family.support == .positive) || z > high { return 0 }
        for m in θ.indices { scratch[m] = Dual(θ[m], derivative: m == j ? 1 : 0) }
        return family.cdf(at: Dual(z), parameters: scratch).derivative
    }
}
