import Foundation

/// A baseline for the score-function estimator: (1/n) Σᵢ (f(zᵢ) − bᵢ) sᵢ with sᵢ = ∇θ log p(zᵢ; θ).
/// Since E[sᵢ] = 0, any bᵢ independent of zᵢ leaves the estimate unbiased and, when it tracks f,
/// shrinks its variance.
///
/// * `mean`: an exponential moving average of f over earlier estimates (decay 0.9), started from a
///   pilot batch of n draws; independent of the current draws.
/// * `loo` (leave-one-out, as in RLOO): bᵢ = (1/(n − 1)) Σ_{j≠i} f(zⱼ).
/// * `optimal`: per parameter θₖ, the variance-minimising constant E[f sₖ²]/E[sₖ²], estimated from
///   the other draws (leave-one-out, so still unbiased): bₖᵢ = Σ_{j≠i} fⱼ sₖⱼ² / Σ_{j≠i} sₖⱼ².
///
///     GradientEstimator(.score, baseline: .leaveOneOut).gradients(of: { $0 * $0 }, under: normal, samples: 100, using: &stream)
public enum ScoreBaseline: String, CaseIterable, Sendable {
    case mean
    case leaveOneOut = "loo"
    case optimal

    /// Decay of the moving average: b ← decay·b + (1 − decay)·mean f.
    static let decay = 0.9

    /// The score-function estimate with `baseline` (or none) and the delta-method `control`
    /// variate (or none) for a univariate distribution without batch axes.
    static func gradients(of f: (Tensor) throws -> Tensor, under distribution: any Distribution, samples n: Int,
                          baseline: ScoreBaseline?, control: DeltaControlVariate?, state: inout EstimatorState,
                          using stream: inout RandomStream) throws -> [Tensor] {
        /// f, less the control variate's h, at detached draws.
        func residuals(_ z: Tensor) throws -> [Double] {
            let values = try f(z).detached
            guard values.shape == [n] else {
                throw ReparamError.shape("f must map \(n) draws to \(n) values, one per draw; it gave shape \(values.shape)")
            }
            guard let control else { return values.scalars }
            return zip(values.scalars, try control.h(z).scalars).map { $0 - $1 }
        }
        if baseline == .mean, state.movingAverage == nil {
            let pilot = try residuals(distribution.sample([n], using: &stream))
            state.movingAverage = pilot.reduce(0, +) / Double(n)
        }
        let z = try distribution.sample([n], using: &stream)
        let values = try residuals(z)
        let scores = try perSampleScores(distribution, at: z)
        let total = values.reduce(0, +)
        let corrections = try control.map { try Reparam.gradients(of: $0.expectation(under: distribution),
                                                                  withRespectTo: distribution.parameters.map(\.value)) }
        let correctionElements = corrections?.flatMap(\.scalars)
        var elements: [Double] = []
        for (k, s) in scores.enumerated() {
            let b: [Double]
            switch baseline {
            case nil: b = [Double](repeating: 0, count: n)
            case .mean: b = [Double](repeating: state.movingAverage ?? 0, count: n)
            case .leaveOneOut: b = values.map { (total - $0) / Double(n - 1) }
            case .optimal:
                let weighted = zip(values, s).map { $0 * $1 * $1 }.reduce(0, +)
                let squares = s.map { $0 * $0 }.reduce(0, +)
                b = (0..<n).map { i in
                    let rest = squares - s[i] * s[i]
                    return rest > 0 ? (weighted - values[i] * s[i] * s[i]) / rest : 0
                }
            }
            var estimate = (0..<n).map { i in (values[i] - b[i]) * s[i] }.reduce(0, +) / Double(n)
            if let correctionElements { estimate += correctionElements[k] }
            elements.append(estimate)
        }
        var rest = elements[...]
        let gradients = distribution.parameters.map { parameter -> Tensor in
            defer { rest = rest.dropFirst(parameter.value.count) }
            return Tensor(unchecked: parameter.value.shape, Array(rest.prefix(parameter.value.count)))
        }
        if baseline == .mean, let previous = state.movingAverage {
            state.movingAverage = decay * previous + (1 - decay) * total / Double(n)
        }
        return gradients
    }

    /// sₖᵢ = ∂ log p(zᵢ; θ)/∂θₖ for each gradient element k (the parameters' elements in order, a
    /// vector parameter's one by one) and draw i (`PerElementCopy`).
    static func perSampleScores(_ distribution: any Distribution, at z: Tensor) throws -> [[Double]] {
        let n = z.count
        let (expanded, leaves) = try PerElementCopy.make(distribution, count: n)
        let logProbability = try expanded.logProb(z.detached).sum()
        return try Reparam.gradients(of: logProbability, withRespectTo: leaves).flatMap { gradient -> [[Double]] in
            let width = gradient.count / n, scalars = gradient.scalars
            return (0..<width).map { j in (0..<n).map { scalars[$0 * width + j] } }
        }
    }
}
