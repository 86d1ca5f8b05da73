import Foundation

extension ExactVariance {
    /// The per-sample variance of any `GradientEstimator` quadrature can give, per parameter:
    ///
    /// * pathwise and score without options: `perSample(of:under:estimator:)`;
    /// * score with a baseline: its limit as n grows, where the baseline is the constant it
    ///   estimates, b = E[f] (`mean`, `loo`) or bₖ = E[f sₖ²]/E[sₖ²] (`optimal`):
    ///   Var[(f − bₖ) sₖ] = Σⱼ wⱼ ((fⱼ − bₖ) sₖⱼ)² − (Σⱼ wⱼ (fⱼ − bₖ) sₖⱼ)²;
    /// * mvd, for a parameter whose parts are each one uniform through a quantile
    ///   (`MeasureValuedDerivative.quantileParts`: Normal's loc, Gamma's concentration, Weibull's
    ///   concentration), per pair: c²·Var[f(z⁺(u)) − f(z⁻(u))] coupled, c²·(Var f(z⁺) + Var f(z⁻))
    ///   uncoupled; NaN for a parameter without such parts.
    ///
    /// An estimate from n draws has about this variance divided by n.
    ///
    ///     // N(θ, 1), f = (x − k)², a = θ − k: mvd (8/π)(2 − π/2)a², below pathwise's 4 (Mohamed et al. 2020, Fig. 2)
    ///     try ExactVariance.perSample(of: f, under: normal, estimator: GradientEstimator(.measureValued))
    public static func perSample(of f: (Tensor) throws -> Tensor, under distribution: any Distribution,
                                 estimator: GradientEstimator) throws -> [Double] {
        guard distribution.batchShape.isEmpty, distribution.eventShape.isEmpty, distribution.reparameterization != .none else {
            throw ReparamError.invalidArgument("the exact variance by quadrature needs one univariate distribution with a quantile function")
        }
        guard !estimator.deltaControlVariate else {
            throw ReparamError.invalidArgument("the exact variance by quadrature does not cover the delta-method control variate")
        }
        if estimator.kind == .measureValued { return try converged(distribution) { try measureValued(f, distribution, coupled: estimator.coupled, step: $0) } }
        guard let baseline = estimator.baseline else { return try perSample(of: f, under: distribution, estimator: estimator.kind) }
        return try converged(distribution) { step in
            let (u, w) = QuantileQuadrature.rule(step: step)
            let z = try distribution.icdf(Tensor(u)).detached
            let values = try f(z).detached.scalars
            return try ScoreBaseline.perSampleScores(distribution, at: z).map { s in
                let b = baseline == .optimal
                    ? weightedSum(w, zip(values, s).map { $0 * $1 * $1 }) / weightedSum(w, s.map { $0 * $0 })
                    : weightedSum(w, values)
                return variance(w, zip(values, s).map { ($0 - b) * $1 })
            }
        }
    }

    private static func measureValued(_ f: (Tensor) throws -> Tensor, _ distribution: any Distribution, coupled: Bool, step: Double) throws -> [Double] {
        let (nodes, weights) = QuantileQuadrature.rule(step: step)
        return try distribution.parameters.flatMap { parameter -> [Double] in
            guard parameter.value.rank == 0, let parts = MeasureValuedDerivative.quantileParts(distribution, parameter: parameter.name) else {
                return [Double](repeating: .nan, count: max(parameter.value.count, 1))
            }
            // The rule on each stretch of u between jumps of a quantile (it needs a smooth integrand).
            let ends = [0] + parts.jumps + [1]
            var u: [Double] = [], w: [Double] = []
            for (a, b) in zip(ends, ends.dropFirst()) {
                u += nodes.map { a + (b - a) * $0 }
                w += weights.map { (b - a) * $0 }
            }
            let plus = try f(Tensor(u.map(parts.plus))).detached.scalars, minus = try f(Tensor(u.map(parts.minus))).detached.scalars
            let c2 = parts.scale * parts.scale
            return [coupled ? c2 * variance(w, zip(plus, minus).map { $0 - $1 }) : c2 * (variance(w, plus) + variance(w, minus))]
        }
    }

    /// Σⱼ wⱼ gⱼ.
    static func weightedSum(_ w: [Double], _ g: [Double]) -> Double { zip(w, g).map { $0 * $1 }.reduce(0, +) }
    /// Σⱼ wⱼ gⱼ² − (Σⱼ wⱼ gⱼ)².
    static func variance(_ w: [Double], _ g: [Double]) -> Double {
        let mean = weightedSum(w, g)
        return weightedSum(w, g.map { $0 * $0 }) - mean * mean
    }
}
