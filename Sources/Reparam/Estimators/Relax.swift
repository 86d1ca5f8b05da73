import Foundation

/// RELAX (Grathwohl, Choi, Wu, Roeder & Duvenaud 2018): an unbiased gradient of E[f(b)] for Bernoulli
/// and Categorical b with any differentiable control variate c of the continuous variable z behind b:
///
///     ĝ = [f(b) − c(z̃)] ∇θ log p(b) + ∇θ c(z) − ∇θ c(z̃)
///
/// where z is reparameterized (z = l + logit u for a Bernoulli, z = log π + Gumbel for a Categorical),
/// b = H(z) ([z > 0] or argmax z), and z̃ ~ p(z | b) is drawn by conditioning fresh noise on b with its
/// own dependence on θ:
///
///     Bernoulli:    ũ = (1 − θ) + vθ if b = 1, v(1 − θ) if b = 0;   z̃ = l + logit ũ
///     Categorical:  z̃_b = −log(−log v_b),  z̃_k = −log(−log v_k / πₖ − log v_b)  (k ≠ b)
///
/// E[∇c(z)] = E[c(z) ∇ log p(z)] and the conditional terms cancel the rest, so ĝ is unbiased for any c;
/// c only changes the variance (REBAR takes c(z) = η f(σ_λ(z)); Grathwohl et al. train a network for
/// c by minimizing the variance: `TrainedRelax`).
///
/// `surrogate` returns a scalar whose gradient with respect to the distribution's parameter is the
/// mean of ĝ over n draws (its value is not E[f]). `f` maps draws elementwise: for a Bernoulli, values
/// of shape [n] + batch to the same shape; for a Categorical, one-hot rows [n] + batch + [K] to one
/// value per row. `c` maps z the same way (z of shape [n] + batch, or rows [n] + batch + [K]).
///
///     var stream = RandomStream(seed: 1)
///     let d = try Bernoulli(logits: .parameter(0.4))
///     let f: (Tensor) throws -> Tensor = { ($0 - 0.45) * ($0 - 0.45) }
///     let g = try Relax.gradients(of: f, controlVariate: { z in 0.2 + 0.1 * sigmoid(z) }, under: d, samples: 100, using: &stream)
public enum Relax {
    public static func surrogate(of f: (Tensor) throws -> Tensor, controlVariate c: (Tensor) throws -> Tensor,
                                 under distribution: any DiscreteDistribution, samples n: Int, using stream: inout RandomStream) throws -> Tensor {
        guard n >= 1 else { throw ReparamError.invalidArgument("RELAX needs at least 1 sample, got \(n)") }
        let draw: Draw
        switch distribution {
        case let bernoulli as Bernoulli: draw = try bernoulliDraw(bernoulli, n, &stream)
        case let categorical as Categorical: draw = try categoricalDraw(categorical, n, &stream)
        default:
            throw ReparamError.invalidArgument("RELAX and REBAR are defined here for Bernoulli and Categorical variables; \(distribution.name) "
                                               + "has no continuous variable z with b = H(z) to build a control variate on (use the score function)")
        }
        let fb = try f(draw.b)
        guard fb.shape == draw.logP.shape else {
            let rows = distribution is Categorical ? " (a Categorical's draws reach f as one-hot rows [n, K])" : ""
            throw ReparamError.shape("RELAX/REBAR: f must give one value per draw, shape \(draw.logP.shape)\(rows); it gave shape \(fb.shape)")
        }
        let cz = try c(draw.z), czTilde = try c(draw.zTilde)
        // [f(b) − c(z̃)] held constant times log p(b), plus c(z) − c(z̃) differentiated through z and z̃.
        let coefficient = try fb.subtracting(czTilde).detached
        return try coefficient.multiplying(draw.logP).adding(cz).subtracting(czTilde).mean()
    }

    /// The RELAX estimate of ∇θ E[f] for each of the distribution's parameters (in `parameters` order).
    public static func gradients(of f: (Tensor) throws -> Tensor, controlVariate c: (Tensor) throws -> Tensor,
                                 under distribution: any DiscreteDistribution, samples n: Int, using stream: inout RandomStream) throws -> [Tensor] {
        let loss = try surrogate(of: f, controlVariate: c, under: distribution, samples: n, using: &stream)
        return try Reparam.gradients(of: loss, withRespectTo: distribution.parameters.map(\.value))
    }

    /// b (as values, or one-hot rows), z and z̃ (differentiable in θ), and log p(b).
    struct Draw {
        let b: Tensor, z: Tensor, zTilde: Tensor, logP: Tensor
    }

    /// log x − log(1 − x).
    private static func logit(_ x: Tensor) throws -> Tensor { try log(x).subtracting(log1p(-x)) }

    static func bernoulliDraw(_ d: Bernoulli, _ n: Int, _ stream: inout RandomStream) throws -> Draw {
        let shape = try Validation.drawShape(d.name, [n], d.batchShape)
        let u = Tensor(unchecked: shape, stream.uniform(count: Shape.count(shape)))
        let v = Tensor(unchecked: shape, stream.uniform(count: Shape.count(shape)))
        let l = d.logits, θ = d.probs
        let z = try l.adding(logit(u))
        let b = z.detached.compared(.greater, 0)
        let ũ = try `where`(b, 1 - θ * (1 - v), v * (1 - θ))
        return Draw(b: b, z: z, zTilde: try l.adding(logit(ũ)), logP: try d.logProb(b))
    }

    private static func categoricalDraw(_ d: Categorical, _ n: Int, _ stream: inout RandomStream) throws -> Draw {
        let K = d.categoryCount
        let shape = try Validation.drawShape(d.name, [n], d.batchShape, [K])
        let count = Shape.count(shape), rows = count / K
        let u = stream.uniform(count: count), v = stream.uniform(count: count)
        let logπ = d.logProbabilities
        let z = try logπ.adding(Tensor(unchecked: shape, u.map { -Foundation.log(-Foundation.log($0)) }))
        // b = argmax z per row, as an index and one-hot; log v_b spread over its row.
        var index = [Double](repeating: 0, count: rows), oneHot = [Double](repeating: 0, count: count)
        var logVb = [Double](repeating: 0, count: count)
        let zValues = z.scalars
        for r in 0..<rows {
            var best = 0
            for k in 1..<K where zValues[r * K + k] > zValues[r * K + best] { best = k }
            index[r] = Double(best)
            oneHot[r * K + best] = 1
            for k in 0..<K { logVb[r * K + k] = Foundation.log(v[r * K + best]) }
        }
        let b = Tensor(unchecked: shape, oneHot)
        // z̃_b = −log(−log v_b); z̃_k = −log(−log v_k / πₖ − log v_b).
        let negativeLogV = Tensor(unchecked: shape, v.map { -Foundation.log($0) })
        let others = -log(try negativeLogV.dividing(by: exp(logπ)).subtracting(Tensor(unchecked: shape, logVb)))
        let top = Tensor(unchecked: shape, v.map { -Foundation.log(-Foundation.log($0)) })
        let zTilde = try `where`(b, top, others)
        return Draw(b: b, z: z, zTilde: zTilde, logP: try d.logProb(Tensor(unchecked: [n] + d.batchShape, index)))
    }
}
