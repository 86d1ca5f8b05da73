import Foundation

/// Moments of a distribution known by its quantile function, by tanh–sinh quadrature in u:
///
///     E[g(Z)] = ∫₀¹ g(F⁻¹(u)) du ≈ Σᵢ wᵢ g(F⁻¹(uᵢ)),   uᵢ = (1 + tanh(½π sinh tᵢ))/2
///
/// The nodes crowd doubly-exponentially towards 0 and 1, where quantiles of
/// unbounded supports diverge integrably; nodes closer to the ends than 1e-15
/// are left out (for tails lighter than a power law their share is below 1e-13).
/// Quadrature at step h and h/2 must agree to 1e-9 relative, or the moment is
/// reported as not finite (NaN), as for a Cauchy-like tail.
enum QuantileQuadrature {
    /// Nodes and weights at step h over t ∈ [−4, 4], dropping nodes within 1e-15 of the ends.
    static func rule(step h: Double) -> (nodes: [Double], weights: [Double]) {
        var nodes: [Double] = [], weights: [Double] = []
        var t = -4.0
        while t <= 4.0 + 1e-12 {
            let x = 0.5 * Double.pi * sinh(t)
            // u and 1 − u computed separately, without cancellation.
            let lower = 1 / (1 + exp(2 * x)), upper = 1 / (1 + exp(-2 * x))
            let u = x < 0 ? upper : 1 - lower
            if min(u, 1 - u) >= 1e-15, u > 0, u < 1 {
                let c = cosh(x)
                nodes.append(u)
                weights.append(h * 0.25 * Double.pi * cosh(t) / (c * c))
            }
            t += h
        }
        return (nodes, weights)
    }

    /// E[Z] and Var[Z] per batch element (differentiable through `quantile`), or NaN where they do not converge.
    static func moments(batchShape: [Int], quantile: (Tensor) throws -> Tensor) -> (mean: Tensor, variance: Tensor) {
        func estimate(_ h: Double) throws -> (Tensor, Tensor) {
            let (u, w) = rule(step: h)
            let column = [u.count] + batchShape.map { _ in 1 }
            let z = try quantile(Tensor(unchecked: column, u))                       // [N] + batch
            let weights = Tensor(unchecked: column, w)
            let mean = try z.multiplying(weights).sum(axis: 0)
            let deviation = try z.subtracting(mean.reshaped([1] + batchShape))
            return (mean, try deviation.multiplying(deviation).multiplying(weights).sum(axis: 0))
        }
        let failed = Tensor(repeating: .nan, shape: batchShape)
        guard let (coarseMean, coarseVariance) = try? estimate(1.0 / 16), let (mean, variance) = try? estimate(1.0 / 32) else { return (failed, failed) }
        func converged(_ a: Tensor, _ b: Tensor) -> Bool {
            zip(a.scalars, b.scalars).allSatisfy { x, y in x.isFinite && abs(x - y) <= 1e-9 * max(abs(y), 1e-300) }
        }
        return (converged(coarseMean, mean) ? mean : failed, converged(coarseVariance, variance) ? variance : failed)
    }
}
