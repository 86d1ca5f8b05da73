import Foundation

/// The score-function (REINFORCE) estimator as a weight on each draw: the one place its
/// surrogate is built, for `Estimator.score` and for the language's `grad … using score`.
///
/// For draws z₁…zₙ (no pathwise gradient) with ℓᵢ = log p(zᵢ; θ) summed over batch and event
/// axes, the weight is the "magic box" mᵢ = exp(ℓᵢ − stopgrad ℓᵢ) (Foerster et al., DiCE, 2018):
/// mᵢ = 1 in value and ∇mᵢ = ∇ℓᵢ. Averaging f(zᵢ)·mᵢ therefore has the value E[f] and the
/// gradient (1/n) Σ (∇f(zᵢ) + f(zᵢ) ∇θ log p(zᵢ; θ)): REINFORCE, plus any direct dependence
/// of f on θ.
///
///     var stream = RandomStream(seed: 1)
///     let d = try Normal(loc: .parameter(1), scale: .parameter(1))
///     let (z, m) = try ScoreFunction.draw(d, [10_000], using: &stream)
///     let loss = try (z * z).multiplying(m).mean()    // value ≈ E[z²] = 2; ∂/∂loc ≈ 2·loc = 2
public enum ScoreFunction {
    /// `sampleShape` draws (no pathwise gradient) and their weights, of shape `sampleShape`.
    public static func draw(_ distribution: any Distribution, _ sampleShape: [Int],
                            using stream: inout RandomStream) throws -> (samples: Tensor, weights: Tensor) {
        let z = try distribution.sample(sampleShape, using: &stream)
        return (z, try weights(logProb: distribution.logProb(z), sampleRank: sampleShape.count))
    }

    /// exp(ℓ − stopgrad ℓ) per draw, with ℓ = `logProb` summed over the axes after the first
    /// `sampleRank` (the batch and event axes).
    public static func weights(logProb: Tensor, sampleRank: Int) throws -> Tensor {
        var logProbability = logProb
        while logProbability.rank > sampleRank { logProbability = try logProbability.sum(axis: -1) }
        return exp(try logProbability.subtracting(logProbability.detached))
    }
}
