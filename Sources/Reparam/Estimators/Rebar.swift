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
/// E[η ∇f(σ_λ(z))] = E[η f(σ_λ(z)) ∇ log p(z)] and the conditional terms cancel the rest, so ĝ is
/// unbiased for any λ and η; η f(σ_λ(·)) only reduces the variance of the score term. The conditional
/// draws (u | b uniform on the side of 1 − θ that gives b; the Gumbels given their argmax) carry
/// their own dependence on θ:
///
///     Bernoulli:    ũ = (1 − θ) + vθ if b = 1, v(1 − θ) if b = 0;   z̃ = l + logit ũ
///     Categorical:  z̃_b = −log(−log v_b),  z̃_k = −log(−log v_k / πₖ − log v_b)  (k ≠ b)
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
        guard n >= 1 else { throw ReparamError.invalidArgument("REBAR needs at least 1 sample, got \(n)") }
        guard λ > 0, λ.isFinite else { throw ReparamError.invalidArgument("REBAR: temperature must be positive, got \(λ)") }
        guard η.isFinite else { throw ReparamError.invalidArgument("REBAR: scale must be finite, got \(η)") }
        switch distribution {
        case let bernoulli as Bernoulli: return try bernoulliSurrogate(f, bernoulli, n, λ, η, &stream)
        case let categorical as Categorical: return try categoricalSurrogate(f, categorical, n, λ, η, &stream)
        default:
            throw ReparamError.invalidArgument("REBAR is defined here for Bernoulli and Categorical variables; \(distribution.name) has no Concrete "
                                               + "relaxation to build its control variate from (use the score function)")
        }
    }

    /// The REBAR estimate of ∇θ E[f] for each of the distribution's parameters (in `parameters` order).
    public static func gradients(of f: (Tensor) throws -> Tensor, under distribution: any DiscreteDistribution, samples n: Int,
                                 temperature λ: Double = 0.5, scale η: Double = 1, using stream: inout RandomStream) throws -> [Tensor] {
        let loss = try surrogate(of: f, under: distribution, samples: n, temperature: λ, scale: η, using: &stream)
        return try Reparam.gradients(of: loss, withRespectTo: distribution.parameters.map(\.value))
    }

    /// log x − log(1 − x).
    private static func logit(_ x: Tensor) throws -> Tensor { try log(x).subtracting(log1p(-x)) }

    /// [f(b) − η f̃] log p(b) + η f(σ_λ(z)) − η f(σ_λ(z̃)), averaged, with the coefficient held constant.
    private static func combine(_ fb: Tensor, _ fz: Tensor, _ fzTilde: Tensor, _ logP: Tensor, _ η: Double) throws -> Tensor {
        let coefficient = try fb.subtracting(η * fzTilde).detached
        return try coefficient.multiplying(logP).adding(η * fz).subtracting(η * fzTilde).mean()
    }

    private static func bernoulliSurrogate(_ f: (Tensor) throws -> Tensor, _ d: Bernoulli, _ n: Int, _ λ: Double, _ η: Double,
                                           _ stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(d.name, [n], d.batchShape)
        let u = Tensor(unchecked: shape, stream.uniform(count: Shape.count(shape)))
        let v = Tensor(unchecked: shape, stream.uniform(count: Shape.count(shape)))
        let l = d.logits, θ = d.probs
        let z = try l.adding(logit(u))
        let b = z.detached.compared(.greater, 0)
        let ũ = try `where`(b, 1 - θ * (1 - v), v * (1 - θ))
        let zTilde = try l.adding(logit(ũ))
        return try combine(f(b), f(sigmoid(z / λ)), f(sigmoid(zTilde / λ)), d.logProb(b), η)
    }

    private static func categoricalSurrogate(_ f: (Tensor) throws -> Tensor, _ d: Categorical, _ n: Int, _ λ: Double, _ η: Double,
                                             _ stream: inout RandomStream) throws -> Tensor {
        let K = d.categoryCount
        let shape = try Validation.drawShape(d.name, [n], d.batchShape, [K])
        let count = Shape.count(shape), rows = count / K
        let u = stream.uniform(count: count), v = stream.uniform(count: count)
        let logπ = d.logProbabilities
        let z = try logπ.adding(Tensor(unchecked: shape, u.map { -Foundation.log(-Foundation.log($0)) }))
        // b = argmax z per row, as an index and one-hot.
        var index = [Double](repeating: 0, count: rows), oneHot = [Double](repeating: 0, count: count)
        var logVb = [Double](repeating: 0, count: count), isB = [Double](repeating: 0, count: count)
        let zValues = z.scalars
        for r in 0..<rows {
            var best = 0
            for k in 1..<K where zValues[r * K + k] > zValues[r * K + best] { best = k }
            index[r] = Double(best)
            oneHot[r * K + best] = 1
            for k in 0..<K { logVb[r * K + k] = Foundation.log(v[r * K + best]) }
            isB[r * K + best] = 1
        }
        let b = Tensor(unchecked: shape, oneHot)
        // z̃_b = −log(−log v_b); z̃_k = −log(−log v_k / πₖ − log v_b).
        let negativeLogV = Tensor(unchecked: shape, v.map { -Foundation.log($0) })
        let others = -log(try negativeLogV.dividing(by: exp(logπ)).subtracting(Tensor(unchecked: shape, logVb)))
        let top = Tensor(unchecked: shape, v.map { -Foundation.log(-Foundation.log($0)) })
        let zTilde = try `where`(Tensor(unchecked: shape, isB), top, others)
        let relax = { (x: Tensor) throws -> Tensor in try (x / λ).softmax(axis: -1) }
        let logP = try d.logProb(Tensor(unchecked: [n] + d.batchShape, index))
        return try combine(f(b), f(relax(z)), f(relax(zTilde)), logP, η)
    }
}
