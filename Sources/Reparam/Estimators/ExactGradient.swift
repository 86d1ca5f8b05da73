import Foundation

/// E[f(z)] and its exact gradient ∇θ E[f(z)] for a univariate continuous family, by tanh–sinh
/// quadrature over the quantile function (`QuantileQuadrature`):
///
///     E[f] = ∫₀¹ f(F⁻¹(u; θ)) du ≈ Σⱼ wⱼ f(F⁻¹(uⱼ; θ)),
///     ∇θ E[f] ≈ Σⱼ wⱼ f′(zⱼ) ∂F⁻¹(uⱼ; θ)/∂θ        (the family's implicit quantile derivative)
///
/// The rule is refined (steps 1/16, 1/32, 1/64) until two successive sums agree to 1e-10 relative
/// (1e-10 absolute below 1) in the value and every gradient element; otherwise it is an error (a
/// heavy tail, or an f that is not smooth enough). A gradient element below the resolution
/// (|g| < 1e-10) is answered as 0: the rule cannot tell it from 0, and printing its rounding noise
/// (say 5.7e-14 for dE[t]/dν, which is 0) would claim digits the rule does not have.
/// The reference `gradvar` judges bias against.
///
///     let d = try Normal(loc: .parameter(1.5), scale: .parameter(2))
///     let exact = try ExactGradient.expectation(of: { $0 * $0 }, under: d)
///     exact.value          // μ² + σ² = 6.25
///     exact.gradients      // [2μ, 2σ] = [3, 4]
public enum ExactGradient {
    /// Relative agreement between successive refinements.
    public static let tolerance = 1e-10

    public static func expectation(of f: (Tensor) throws -> Tensor, under distribution: any Distribution) throws
        -> (value: Double, gradients: [Tensor]) {
        guard distribution.batchShape.isEmpty, distribution.eventShape.isEmpty else {
            throw ReparamError.invalidArgument("the exact gradient by quadrature needs one univariate distribution; \(distribution.name) has batch shape "
                                               + "\(distribution.batchShape) and event shape \(distribution.eventShape)")
        }
        guard distribution.reparameterization != .none else {
            throw ReparamError.invalidArgument("\(distribution.name) has no differentiable quantile function, so no exact gradient by quadrature")
        }
        let leaves = distribution.parameters.map(\.value)
        func estimate(_ step: Double) throws -> [Double] {
            let (u, w) = QuantileQuadrature.rule(step: step)
            let z = try distribution.icdf(Tensor(u))
            let values = try f(z)
            guard values.shape == z.shape else {
                throw ReparamError.shape("f must map \(u.count) points to \(u.count) values, one per point; it gave shape \(values.shape)")
            }
            let sum = try values.multiplying(Tensor(w)).sum()
            return sum.scalars + (try Reparam.gradients(of: sum, withRespectTo: leaves)).flatMap(\.scalars)
        }
        func agree(_ a: [Double], _ b: [Double]) -> Bool {
            zip(a, b).allSatisfy { x, y in x.isFinite && y.isFinite && abs(x - y) <= tolerance * max(1, abs(y)) }
        }
        var previous = try estimate(1.0 / 16)
        for step in [1.0 / 32, 1.0 / 64] {
            let current = try estimate(step)
            if agree(previous, current) {
                var rest = current.dropFirst()
                let gradients = leaves.map { leaf -> Tensor in
                    let taken = rest.prefix(leaf.count).map { abs($0) < tolerance ? 0 : $0 }
                    rest = rest.dropFirst(leaf.count)
                    return Tensor(unchecked: leaf.shape, taken)
                }
                return (current[0], gradients)
            }
            previous = current
        }
        throw ReparamError.invalidArgument("the quadrature for E[f] under \(distribution.name) did not converge to \(tolerance) "
                                           + "(a heavy tail, or f not smooth or not finite where the quantile reaches)")
    }
}
