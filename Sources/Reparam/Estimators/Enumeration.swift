import Foundation

/// The exact expectation E[f(k)] = Σₖ P(k; θ) f(k) over a finite discrete support, differentiable
/// in θ: its gradient is the exact ∇θ E[f(k)] = Σₖ f(k) ∇θ P(k; θ), the reference every Monte-Carlo
/// estimator of a discrete gradient (score function, relaxations, REBAR, RELAX) is judged against.
///
/// `f` receives the support as a tensor of shape [K] + batch (row k holds the k-th value, see
/// `DiscreteDistribution.enumerateSupport`) and returns one value per entry; values outside an
/// element's own support (a Binomial with a smaller total_count) get weight 0.
///
///     let p = Tensor.parameter(0.3)
///     let d = try Bernoulli(probs: p)
///     let e = try Enumeration.expectation(of: { ($0 - 0.45) * ($0 - 0.45) }, under: d)   // 0.3·0.3025 + 0.7·0.2025
///     try gradients(of: e, withRespectTo: [p])   // [f(1) − f(0)] = [0.1]
public enum Enumeration {
    public static func expectation(of f: (Tensor) throws -> Tensor, under distribution: any DiscreteDistribution) throws -> Tensor {
        let values = try distribution.enumerateSupport()
        let logP = try distribution.logProb(values)
        let fx = try f(values)
        guard let shape = try? Shape.broadcast(fx.shape, logP.shape), shape == logP.shape else {
            throw ReparamError.shape("enumeration: f must give one value per support point, shape \(logP.shape); got \(fx.shape)")
        }
        let possible = logP.compared(.greater, -.infinity)
        // 0 · f(k) must stay 0 where P(k) = 0, even if f(k) is not finite there.
        let terms = try `where`(possible, exp(logP).multiplying(`where`(possible, fx, Tensor(0))), Tensor(0))
        return try terms.sum(axis: 0)
    }

    /// ∇θ E[f(k)] exactly, for each of the distribution's parameters (in `parameters` order).
    public static func gradients(of f: (Tensor) throws -> Tensor, under distribution: any DiscreteDistribution) throws -> [Tensor] {
        let e = try expectation(of: f, under: distribution).sum()
        return try Reparam.gradients(of: e, withRespectTo: distribution.parameters.map(\.value))
    }
}
