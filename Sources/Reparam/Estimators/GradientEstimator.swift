import Foundation

/// One way to estimate ∇θ E_{z~p(z;θ)}[f(z)], as an engine value: a kind (pathwise, score,
/// measure-valued) with its variance-reduction options. Given a distribution, its parameters
/// and f, it returns the estimate for each parameter; `spread` repeats it.
///
///     var stream = RandomStream(seed: 1)
///     let d = try Normal(loc: .parameter(1), scale: .parameter(1))
///     let loo = GradientEstimator(.score, baseline: .leaveOneOut)
///     let g = try loo.gradients(of: { $0 * $0 }, under: d, samples: 100, using: &stream)   // ≈ [2μ, 2σ] = [2, 2]
///
/// * `pathwise`, `implicit`, `explicit`: (1/n) Σᵢ ∇θ f(z(εᵢ; θ));
/// * `score`: (1/n) Σᵢ (f(zᵢ) − bᵢ) ∇θ log p(zᵢ; θ), with a baseline bᵢ independent of zᵢ
///   (`ScoreBaseline`), so the estimate stays unbiased;
/// * `mvd`: the measure-valued derivative c(θ)·(mean f(z⁺) − mean f(z⁻)), z± from the two parts
///   of the weak derivative ∂θ p = c(θ)(p⁺ − p⁻) (`MeasureValuedDerivative`), coupled or not;
/// * `deltaControlVariate` (score and pathwise): subtract the second-order Taylor expansion h of f
///   about E[z] and add back ∇θ E[h], known in closed form (`DeltaControlVariate`).
///
/// Baselines, the control variate and the measure-valued derivative work on univariate
/// distributions without batch axes (one θ vector, f mapping n draws to n values).
public struct GradientEstimator: Sendable, Hashable, CustomStringConvertible {
    public var kind: Estimator
    public var baseline: ScoreBaseline?
    public var deltaControlVariate: Bool
    /// Measure-valued derivatives only: the two parts drawn from common random numbers.
    public var coupled: Bool

    public init(_ kind: Estimator, baseline: ScoreBaseline? = nil, deltaControlVariate: Bool = false, coupled: Bool = true) {
        self.kind = kind
        self.baseline = baseline
        self.deltaControlVariate = deltaControlVariate
        self.coupled = coupled
    }

    /// `score`, `score+loo`, `pathwise+delta`, `mvd`, `mvd-uncoupled`.
    public var description: String {
        var name = kind.rawValue
        if let baseline { name += "+" + baseline.rawValue }
        if deltaControlVariate { name += "+delta" }
        if kind == .measureValued, !coupled { name += "-uncoupled" }
        return name
    }

    /// Whether theory says the estimator's mean is the exact gradient.
    public var isUnbiased: Bool { kind != .straightThrough }

    /// The estimate of ∇θ E[f(z)] for each of the distribution's parameters (in `parameters` order).
    /// `state` carries what persists between calls (the moving-average baseline).
    public func gradients(of f: (Tensor) throws -> Tensor, under distribution: any Distribution, samples n: Int,
                          state: inout EstimatorState, using stream: inout RandomStream) throws -> [Tensor] {
        try validate(distribution, samples: n)
        switch kind {
        case .measureValued:
            return try MeasureValuedDerivative.gradients(of: f, under: distribution, samples: n, coupled: coupled, using: &stream)
        case .score where baseline != nil || deltaControlVariate:
            let control = try deltaControlVariate ? DeltaControlVariate(f, around: distribution) : nil
            return try ScoreBaseline.gradients(of: f, under: distribution, samples: n, baseline: baseline,
                                               control: control, state: &state, using: &stream)
        case .pathwise where deltaControlVariate, .implicit where deltaControlVariate, .explicit where deltaControlVariate:
            let control = try DeltaControlVariate(f, around: distribution)
            let loss = try kind.surrogate(of: { z in try f(z).subtracting(control.h(z)) }, under: distribution, samples: n, using: &stream)
                .adding(control.expectation(under: distribution))
            return try Reparam.gradients(of: loss, withRespectTo: distribution.parameters.map(\.value))
        default:
            return try kind.gradients(of: f, under: distribution, samples: n, using: &stream)
        }
    }

    /// The estimate without state to carry (a moving-average baseline starts from a pilot batch).
    public func gradients(of f: (Tensor) throws -> Tensor, under distribution: any Distribution, samples n: Int,
                          using stream: inout RandomStream) throws -> [Tensor] {
        var state = EstimatorState()
        return try gradients(of: f, under: distribution, samples: n, state: &state, using: &stream)
    }

    /// `repetitions` independent estimates of each gradient element, one spread per element
    /// (`loc`, `concentration[1]`, … in parameter order).
    public func spread(of f: (Tensor) throws -> Tensor, under distribution: any Distribution, samples n: Int,
                       repetitions: Int, using stream: inout RandomStream) throws -> [GradientSpread] {
        guard repetitions >= 2 else { throw ReparamError.invalidArgument("gradient spread needs at least 2 repetitions, got \(repetitions)") }
        var state = EstimatorState()
        var draws: [[Double]] = []
        for _ in 0..<repetitions {
            draws.append(try gradients(of: f, under: distribution, samples: n, state: &state, using: &stream).flatMap(\.scalars))
        }
        return GradientEstimator.elementNames(distribution).enumerated().map { j, name in
            GradientSpread(parameter: name, estimator: description, values: draws.map { $0[j] })
        }
    }

    /// `loc`, `scale` for scalar parameters; `concentration[0]`, `concentration[1]`, … for vectors.
    public static func elementNames(_ distribution: any Distribution) -> [String] {
        distribution.parameters.flatMap { parameter in
            parameter.value.rank == 0 ? [parameter.name] : (0..<parameter.value.count).map { "\(parameter.name)[\($0)]" }
        }
    }

    private func validate(_ distribution: any Distribution, samples n: Int) throws {
        guard n >= 1 else { throw ReparamError.invalidArgument("an estimate needs at least 1 sample, got \(n)") }
        if baseline != nil, kind != .score {
            throw ReparamError.invalidArgument("a baseline belongs to the score-function estimator, not \(kind.rawValue)")
        }
        if deltaControlVariate, kind == .measureValued {
            throw ReparamError.invalidArgument("the delta-method control variate works with score and pathwise estimators, not mvd")
        }
        if baseline == .leaveOneOut, n < 2 {
            throw ReparamError.invalidArgument("a leave-one-out baseline needs at least 2 samples, got \(n)")
        }
        let needsScalar = baseline != nil || deltaControlVariate || kind == .measureValued
        if needsScalar, !(distribution.batchShape.isEmpty && distribution.eventShape.isEmpty) {
            throw ReparamError.invalidArgument("\(description) works on one univariate distribution; \(distribution.name) has batch shape "
                                               + "\(distribution.batchShape) and event shape \(distribution.eventShape)")
        }
    }
}

/// What an estimator carries from one estimate to the next: the moving average of f for
/// `baseline: mean`.
public struct EstimatorState: Sendable {
    public var movingAverage: Double?
    public init() {}
}
