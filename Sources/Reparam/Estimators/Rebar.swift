import Foundation

/// REBAR (Tucker, Mnih, Maddison, Lawson & Sohl-Dickstein 2017): an unbiased, low-variance gradient
/// of E[f(b)] for Bernoulli and Categorical b, using the Concrete relaxation as a control variate.
///
/// With b = H(z) for a reparameterized z (z = l + logit u for a Bernoulli, z = log π + Gumbel for a
/// Categorical, b = [z > 0] or argmax z), z̃ ~ p(z | b) drawn by conditioning the same noise on b,
/// σ_λ the relaxation at temperature λ (σ(z/λ), or softmax(z/λ)) and a scale η:
///
///     ĝ = [f(b) − η f(σ_λ(z̃))] ∇θ log p(b) + η ∇θ f(σ_λ(z)) − η ∇θ f(σ_λ(z̃))
///
/// It is RELAX (`Relax`, Grathwohl et al. 2018, where z̃ and the conditioning are written out) with the
/// control variate c(z) = η f(σ_λ(z)): unbiased for any λ and η, which only change the variance.
///
/// `surrogate` returns a scalar whose gradient with respect to the distribution's parameter is the
/// mean of ĝ over n draws (its value is not E[f]). `f` maps draws elementwise: for a Bernoulli,
/// values of shape [n] + batch to the same shape; for a Categorical, one-hot rows [n] + batch + [K]
/// (or relaxed rows on the simplex) to one value per row, [n] + batch.
///
///     var stream = RandomStream(seed: 1)
///     let d = try Bernoulli(logits: .parameter(0.4))
///     let g = try Rebar.gradients(of: { ($0 - 0.45) * ($0 - 0.45) }, under: d, samples: 100, using: &stream)   // ≈ 0.0240
public enum Rebar {
    public static func surrogate(of f: (Tensor) throws -> Tensor, under distribution: any DiscreteDistribution, samples n: Int,
                                 temperature λ: Double = 0.5, scale η: Double = 1, using stream: inout RandomStream) throws -> Tensor {
        guard λ > 0, λ.isFinite else { throw ReparamError.invalidArgument("REBAR: temperature must be positive, got \(λ)") }
        guard η.isFinite else { throw ReparamError.invalidArgument("REBAR: scale must be finite, got \(η)") }
        let relax: (Tensor) throws -> Tensor = distribution is Categorical
            ? { z in try (z / λ).softmax(axis: -1) } : { z in sigmoid(z / λ) }
        return try Relax.surrogate(of: f, controlVariate: { z in η * (try f(relax(z))) }, under: distribution, samples: n, using: &stream)
    }

    /// f of a Categorical's indices as a function of its rows: f(Σₖ k·rowₖ). On a one-hot row that is
    /// f of the category itself; on the relaxation's row σ_λ(z) it is f at the soft index, a point
    /// between the categories (so f must accept any real in [0, K − 1], and REBAR's control variate is
    /// η f(Σₖ k σ_λ(z)ₖ): unbiased whatever f does between the categories, lower in variance the
    /// smoother it is there). `Estimator.rebar` applies it, so there f sees indices as for every
    /// other estimator.
    ///
    ///     let onRows = Rebar.onIndices({ k in (k - 0.7) * (k - 0.7) }, categories: 3)
    ///     try onRows(try Tensor(shape: [1, 3], scalars: [0, 0, 1]))      // f(2) = 1.69
    ///     try onRows(try Tensor(shape: [1, 3], scalars: [0.2, 0.3, 0.5]))  // f(1.3) = 0.36
    public static func onIndices(_ f: @escaping (Tensor) throws -> Tensor, categories K: Int) -> (Tensor) throws -> Tensor {
        let indices = Tensor((0..<K).map(Double.init))
        return { rows in try f(rows.multiplying(indices).sum(axis: -1)) }
    }

    /// The REBAR estimate of ∇θ E[f] for each of the distribution's parameters (in `parameters` order).
    public static func gradients(of f: (Tensor) throws -> Tensor, under distribution: any DiscreteDistribution, samples n: Int,
                                 temperature λ: Double = 0.5, scale η: Double = 1, using stream: inout RandomStream) throws -> [Tensor] {
        let loss = try surrogate(of: f, under: distribution, samples: n, temperature: λ, scale: η, using: &stream)
        return try Reparam.gradients(of: loss, withRespectTo: distribution.parameters.map(\.value))
    }
}
