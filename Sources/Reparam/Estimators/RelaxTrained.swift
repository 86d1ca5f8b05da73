import Foundation

/// RELAX's control variate as Grathwohl et al. (2018) train it: the REBAR term plus a small network,
///
///     c_φ(z) = η f(σ_λ(z)) + r_ρ(z),   r_ρ(z) = a₀ + Σₕ aₕ tanh(wₕ z + bₕ)   (one hidden layer of H units),
///
/// with φ = (η, ρ) learned and the temperature λ fixed. `TrainedRelax` moves φ down the gradient
/// of the estimator's variance.
///
///     var stream = RandomStream(seed: 1)
///     let c = RelaxControlVariate(hidden: 8, temperature: 0.5, scale: 0, using: &stream)   // starts as c ≡ 0: REINFORCE
public struct RelaxControlVariate: Sendable {
    /// η, the REBAR term's scale.
    public var scale: Tensor
    /// w, b (the hidden units' weights and biases), a (their output weights) and a₀.
    public var inputWeights: Tensor, biases: Tensor, outputWeights: Tensor, offset: Tensor
    public let temperature: Double

    /// Hidden weights and biases standard normal, output weights and a₀ zero (so r ≡ 0 at the start).
    public init(hidden: Int = 8, temperature: Double = 0.5, scale: Double = 1, using stream: inout RandomStream) {
        self.scale = Tensor.parameter(scale)
        inputWeights = Tensor.parameter(stream.normal(count: hidden))
        biases = Tensor.parameter(stream.normal(count: hidden))
        outputWeights = Tensor.parameter([Double](repeating: 0, count: hidden))
        offset = Tensor.parameter(0)
        self.temperature = temperature
    }

    /// φ in one list: η, w, b, a, a₀.
    var parameters: [Tensor] {
        get { [scale, inputWeights, biases, outputWeights, offset] }
        set { (scale, inputWeights, biases, outputWeights, offset) = (newValue[0], newValue[1], newValue[2], newValue[3], newValue[4]) }
    }

    /// r_ρ(z) and r′_ρ(z) = Σₕ aₕ wₕ (1 − tanh²(wₕ z + bₕ)) for values z of shape [n], on the tape in ρ.
    func network(_ z: [Double]) throws -> (value: Tensor, slope: Tensor) {
        let hidden = tanh(try Tensor(shape: [z.count, 1], scalars: z).multiplying(inputWeights).adding(biases))
        let value = try hidden.multiplying(outputWeights).sum(axis: -1).adding(offset)
        let slope = try (1 - hidden * hidden).multiplying(inputWeights * outputWeights).sum(axis: -1)
        return (value, slope)
    }
}

/// RELAX (`Relax`) for a Bernoulli with a trained control variate (Grathwohl et al. 2018, Alg. 1):
/// each step returns the estimate ĝ of ∂θ E[f(b)] and moves φ along −∂ĝ²/∂φ by Adam, which is
/// −∂Var[ĝ]/∂φ since E[ĝ] = ∂θ E[f] whatever φ is. The estimate stays unbiased at every φ (φ is
/// fixed before the draws it is used with).
///
/// Per draw, with z = l + logit u, z̃ ~ p(z | b) (`Relax`), s = ∂θ log p(b) and c′ the derivative of
/// c_φ in z written out (η f′(σ_λ(z)) σ_λ(z)(1 − σ_λ(z))/λ + r′_ρ(z)),
///
///     ĝᵢ(φ) = [f(bᵢ) − c_φ(z̃ᵢ)] sᵢ + c′_φ(zᵢ) ∂zᵢ/∂θ − c′_φ(z̃ᵢ) ∂z̃ᵢ/∂θ,    ĝ = (1/n) Σᵢ ĝᵢ,
///
/// so ĝ is an expression in φ (the per-draw s, ∂z/∂θ, ∂z̃/∂θ, f and f′ are numbers, found by
/// backward passes through a copy of θ per draw), and ∂ĝ²/∂φ needs one more backward pass — no
/// second-order differentiation. With r ≡ 0 it is REBAR with scale η (`Rebar`), draw for draw.
///
///     var stream = RandomStream(seed: 1)
///     var relax = TrainedRelax(RelaxControlVariate(scale: 0, using: &stream), learningRate: 0.01)
///     let d = try Bernoulli(logits: .parameter(0.4))
///     for _ in 0..<500 { _ = try relax.step(of: { ($0 - 0.45) * ($0 - 0.45) }, under: d, samples: 10, using: &stream) }
///     try relax.estimate(of: { ($0 - 0.45) * ($0 - 0.45) }, under: d, samples: 10, using: &stream)   // ≈ σ′(0.4)·0.1 ≈ 0.0240
public struct TrainedRelax {
    public private(set) var controlVariate: RelaxControlVariate
    var optimizer: Adam

    public init(_ controlVariate: RelaxControlVariate, learningRate: Double = 0.01) {
        self.controlVariate = controlVariate
        optimizer = Adam(learningRate: learningRate)
    }

    /// One estimate of ∂θ E[f(b)] over n draws, then one Adam step on φ along ∂ĝ²/∂φ.
    public mutating func step(of f: (Tensor) throws -> Tensor, under distribution: Bernoulli, samples n: Int,
                              using stream: inout RandomStream) throws -> Double {
        let estimate = try Self.estimate(of: f, under: distribution, samples: n, controlVariate: controlVariate, using: &stream)
        let φ = controlVariate.parameters
        let gradients = try Reparam.gradients(of: estimate * estimate, withRespectTo: φ)
        controlVariate.parameters = optimizer.step(φ, gradients: gradients)
        return estimate.scalars[0]
    }

    /// One estimate of ∂θ E[f(b)] over n draws with φ held fixed.
    public func estimate(of f: (Tensor) throws -> Tensor, under distribution: Bernoulli, samples n: Int,
                         using stream: inout RandomStream) throws -> Double {
        try Self.estimate(of: f, under: distribution, samples: n, controlVariate: controlVariate, using: &stream).scalars[0]
    }

    /// ĝ(φ) on the tape in φ.
    static func estimate(of f: (Tensor) throws -> Tensor, under distribution: Bernoulli, samples n: Int,
                         controlVariate c: RelaxControlVariate, using stream: inout RandomStream) throws -> Tensor {
        guard n >= 1 else { throw ReparamError.invalidArgument("RELAX needs at least 1 sample, got \(n)") }
        guard distribution.batchShape.isEmpty else {
            throw ReparamError.invalidArgument("the trained RELAX estimator works on one Bernoulli variable; this one has batch shape \(distribution.batchShape)")
        }
        // One copy of θ per draw: each draw's derivatives in θ by one backward pass each.
        let (copy, leaves) = try PerElementCopy.make(distribution, count: n)
        guard let perDraw = copy as? Bernoulli else { throw ReparamError.invalidArgument("RELAX: \(copy.name) is not a Bernoulli") }
        let draw = try Relax.bernoulliDraw(perDraw, 1, &stream)
        func derivative(_ t: Tensor) throws -> [Double] { try Reparam.gradients(of: t.sum(), withRespectTo: leaves)[0].scalars }
        let (dz, dzTilde, s) = (try derivative(draw.z), try derivative(draw.zTilde), try derivative(draw.logP))
        let b = try draw.b.reshaped([n])
        let fb = try f(b).detached
        guard fb.shape == [n] else { throw ReparamError.shape("RELAX: f must give one value per draw, shape [\(n)]; it gave shape \(fb.shape)") }
        /// f(σ_λ(z)) and its derivative in z, per draw.
        func relaxed(_ z: Tensor) throws -> (value: Tensor, slope: Tensor) {
            let y = Tensor.parameter(try sigmoid(z.detached / c.temperature).reshaped([n]))
            let value = try f(y)
            let fPrime = try Reparam.gradients(of: value.sum(), withRespectTo: [y])[0]
            return (value.detached, fPrime * y.detached * (1 - y.detached) / c.temperature)
        }
        let (atZ, atZTilde) = (try relaxed(draw.z), try relaxed(draw.zTilde))
        let (r, rTilde) = (try c.network(draw.z.detached.scalars), try c.network(draw.zTilde.detached.scalars))
        let cTilde = c.scale * atZTilde.value + rTilde.value
        let slope = c.scale * atZ.slope + r.slope, slopeTilde = c.scale * atZTilde.slope + rTilde.slope
        let perDrawEstimate = (fb - cTilde) * Tensor(s) + slope * Tensor(dz) - slopeTilde * Tensor(dzTilde)
        return perDrawEstimate.mean()
    }
}
