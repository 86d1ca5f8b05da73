import Foundation

/// Monte-Carlo estimators of ∇θ E_{z~p(z;θ)}[f(z)].
///
/// * pathwise: (1/n) Σᵢ ∇θ f(z(εᵢ; θ)) — differentiate through the samples
///   (explicitly or implicitly, as the family does);
/// * score function (REINFORCE): (1/n) Σᵢ f(zᵢ) ∇θ log p(zᵢ; θ);
/// * measure-valued: c(θ)·(mean f(z⁺) − mean f(z⁻));
/// * REBAR (Bernoulli, Categorical): the score function with the Concrete relaxation as control variate
///   (f sees a Categorical's indices, its relaxation as the soft index: `Rebar.onIndices`);
/// * straight-through (Categorical): exact one-hot draws y whose gradient is taken as if ∂y/∂π = I
///   (`OneHotCategoricalStraightThrough`); f sees the index Σ k·yₖ. Biased unless f is linear.
///
/// The kind of a `GradientEstimator`, which adds baselines and control variates.
///
/// `f` maps a tensor of samples (shape `[n] + batch + event`) to per-sample
/// values (shape `[n]` or `[n] + batch`); the estimate is of E[mean f].
///
///     var stream = RandomStream(seed: 1)
///     let d = try Normal(loc: .parameter(1), scale: .parameter(1))
///     let g = try Estimator.score.gradients(of: { $0 * $0 }, under: d, samples: 10_000, using: &stream)
public enum Estimator: String, CaseIterable, Sendable {
    /// Through the samples, by the family's own reparameterization.
    case pathwise
    /// Through the samples, by the implicit rule through the CDF.
    case implicit
    /// Through the samples, by the explicit formula z = g(ε; θ).
    case explicit
    /// The score-function (REINFORCE) estimator.
    case score
    /// The measure-valued derivative (weak derivative), see `MeasureValuedDerivative`.
    case measureValued = "mvd"
    /// REBAR for a Bernoulli or Categorical variable (temperature ½, scale 1), see `Rebar`.
    case rebar
    /// Straight-through for a Categorical variable (biased), see `OneHotCategoricalStraightThrough`.
    case straightThrough = "straight_through"

    /// A scalar whose gradient with respect to the distribution's parameters is this estimator's estimate.
    public func surrogate(of f: (Tensor) throws -> Tensor, under distribution: any Distribution,
                          samples n: Int, using stream: inout RandomStream) throws -> Tensor {
        switch self {
        case .pathwise: return try f(distribution.rsample([n], using: &stream)).mean()
        case .implicit: return try f(distribution.rsample([n], using: &stream, via: .implicit)).mean()
        case .explicit: return try f(distribution.rsample([n], using: &stream, via: .explicit)).mean()
        case .score:
            // mean of f·m (m the score-function weights, one per value of f) has the value E[f]
            // and the gradient (1/n) Σ f ∇log p.
            let z = try distribution.sample([n], using: &stream)
            let values = try f(z)
            return try values.multiplying(ScoreFunction.weights(logProb: distribution.logProb(z), sampleRank: values.rank)).mean()
        case .measureValued:
            throw ReparamError.invalidArgument("the measure-valued derivative has no surrogate; use GradientEstimator(.measureValued).gradients")
        case .rebar:
            guard let discrete = distribution as? any DiscreteDistribution else {
                throw ReparamError.invalidArgument("REBAR estimates gradients for Bernoulli and Categorical variables; \(distribution.name) is not discrete "
                                                   + "(use pathwise)")
            }
            // f sees the family's own values: a Categorical's indices (its rows through `Rebar.onIndices`).
            if let categorical = discrete as? Categorical {
                return try withoutActuallyEscaping(f) { f in
                    try Rebar.surrogate(of: Rebar.onIndices(f, categories: categorical.categoryCount), under: discrete, samples: n, using: &stream)
                }
            }
            return try Rebar.surrogate(of: f, under: discrete, samples: n, using: &stream)
        case .straightThrough:
            guard let categorical = distribution as? Categorical else {
                throw ReparamError.invalidArgument("straight-through estimates gradients for a Categorical variable; \(distribution.name) is not one "
                                                   + "(one_hot_categorical_straight_through draws its one-hot vectors directly)")
            }
            let y = try OneHotCategoricalStraightThrough(categorical).rsample([n], using: &stream)
            return try withoutActuallyEscaping(f) { f in try Rebar.onIndices(f, categories: categorical.categoryCount)(y).mean() }
        }
    }

    /// The estimate of ∇θ E[f(z)] for each of the distribution's parameters (in `parameters` order).
    public func gradients(of f: (Tensor) throws -> Tensor, under distribution: any Distribution,
                          samples n: Int, using stream: inout RandomStream) throws -> [Tensor] {
        if self == .measureValued {
            return try GradientEstimator(self).gradients(of: f, under: distribution, samples: n, using: &stream)
        }
        let loss = try surrogate(of: f, under: distribution, samples: n, using: &stream)
        return try Reparam.gradients(of: loss, withRespectTo: distribution.parameters.map(\.value))
    }

    /// `repetitions` independent estimates of each gradient element, one spread per element.
    public func spread(of f: (Tensor) throws -> Tensor, under distribution: any Distribution, samples n: Int,
                       repetitions: Int, using stream: inout RandomStream) throws -> [GradientSpread] {
        try GradientEstimator(self).spread(of: f, under: distribution, samples: n, repetitions: repetitions, using: &stream)
    }
}
