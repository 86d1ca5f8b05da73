import Foundation

/// The per-sample variance of the pathwise and score-function estimators by quadrature over the
/// quantile function: with gₖ(z) one draw's estimate for parameter θₖ,
///
///     pathwise: gₖ(z) = f′(z) ∂z/∂θₖ,      score: gₖ(z) = f(z) ∂ log p(z; θ)/∂θₖ,
///     Var[gₖ] = Σⱼ wⱼ gₖ(zⱼ)² − (Σⱼ wⱼ gₖ(zⱼ))²,   zⱼ = F⁻¹(uⱼ; θ)
///
/// (tanh–sinh nodes, `QuantileQuadrature`). An estimate from n independent draws has variance
/// Var[gₖ]/n: the exact curve beside `gradvar … for n in …`'s Monte-Carlo points.
///
///     // N(θ, 1), f = (x − k)², a = θ − k: pathwise 4, score 15 + 14a² + a⁴ (Mohamed et al. 2020, §3)
///     try ExactVariance.perSample(of: f, under: normal, estimator: .score)   // [variance for loc, for scale]
public enum ExactVariance {
    public static func perSample(of f: (Tensor) throws -> Tensor, under distribution: any Distribution,
                                 estimator: Estimator) throws -> [Double] {
        guard distribution.batchShape.isEmpty, distribution.eventShape.isEmpty, distribution.reparameterization != .none else {
            throw ReparamError.invalidArgument("the exact variance by quadrature needs one univariate distribution with a quantile function")
        }
        guard [.pathwise, .implicit, .explicit, .score].contains(estimator) else {
            throw ReparamError.invalidArgument("the exact variance by quadrature covers the pathwise and score-function estimators, not \(estimator.rawValue)")
        }
        return try converged(distribution) { step in
            let (u, w) = QuantileQuadrature.rule(step: step)
            let perNode: [[Double]]
            if estimator == .score {
                let z = try distribution.icdf(Tensor(u)).detached
                let values = try f(z).detached.scalars
                perNode = try ScoreBaseline.perSampleScores(distribution, at: z).map { s in zip(values, s).map { $0 * $1 } }
            } else {
                let (expanded, leaves) = try PerElementCopy.make(distribution, count: u.count)
                let total = try f(expanded.icdf(Tensor(u))).sum()
                perNode = try Reparam.gradients(of: total, withRespectTo: leaves).map(\.scalars)
            }
            return perNode.map { variance(w, $0) }
        }
    }

    /// `estimate` at steps 1/32 and 1/64 of the tanh–sinh rule, agreeing to 1e-8 (NaN where both are NaN).
    static func converged(_ distribution: any Distribution, _ estimate: (_ step: Double) throws -> [Double]) throws -> [Double] {
        let coarse = try estimate(1.0 / 32), fine = try estimate(1.0 / 64)
        guard zip(coarse, fine).allSatisfy({ ($0.isNaN && $1.isNaN) || ($0.isFinite && $1.isFinite && abs($0 - $1) <= 1e-8 * max(1, abs($1))) }) else {
            throw ReparamError.invalidArgument("the quadrature for the estimator's variance under \(distribution.name) did not converge "
                                               + "(a heavy tail, or f not smooth where the quantile reaches)")
        }
        return fine
    }
}
