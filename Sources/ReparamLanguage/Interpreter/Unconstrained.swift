import Foundation
import Reparam

/// The maps between a constrained parameter θ and the free vector u an
/// optimizer moves, and the chain rule that carries ∂L/∂θ to ∂L/∂u:
///
///     real          θ = u                 ∂L/∂u = g
///     positive      θ = exp u             ∂L/∂u = g·θ
///     unitInterval  θ = σ(u)              ∂L/∂u = g·θ(1 − θ)
///     simplex       θ = softmax(u)        ∂L/∂u = θ ⊙ (g − ⟨g, θ⟩)
///
/// so a step never leaves the support.
extension ParameterConstraint {
    func unconstrained(_ θ: [Double]) -> [Double] {
        switch self {
        case .real: return θ
        case .positive, .simplex: return θ.map { Foundation.log($0) }
        case .unitInterval: return θ.map { Foundation.log($0 / (1 - $0)) }
        }
    }

    func constrained(_ u: [Double]) -> [Double] {
        switch self {
        case .real: return u
        case .positive: return u.map { Foundation.exp($0) }
        case .unitInterval: return u.map { 1 / (1 + Foundation.exp(-$0)) }
        case .simplex:
            let peak = u.max() ?? 0
            let weights = u.map { Foundation.exp($0 - peak) }
            let total = weights.reduce(0, +)
            return weights.map { $0 / total }
        }
    }

    func unconstrainedGradient(_ g: [Double], at θ: [Double]) -> [Double] {
        switch self {
        case .real: return g
        case .positive: return zip(g, θ).map { $0 * $1 }
        case .unitInterval: return zip(g, θ).map { $0 * $1 * (1 - $1) }
        case .simplex:
            let inner = zip(g, θ).reduce(0) { $0 + $1.0 * $1.1 }
            return zip(g, θ).map { $1 * ($0 - inner) }
        }
    }
}

/// Adam or plain gradient descent on the unconstrained values of some parameters.
///
/// Adam (Kingma & Ba): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// u ← u − η_t m̂ / (√v̂ + ε), with bias-corrected m̂, v̂. The rate decays
/// linearly from η to η/10 over the run, so noisy gradients settle.
struct Optimizer {
    let kind: OptimizerKind
    let learningRate: Double
    let steps: Int
    private var free: [[Double]]
    private var first: [[Double]]
    private var second: [[Double]]
    private var step = 0
    private let parameters: [Parameter]

    init(kind: OptimizerKind, learningRate: Double, steps: Int, parameters: [Parameter]) {
        self.kind = kind
        self.learningRate = learningRate
        self.steps = steps
        self.parameters = parameters
        free = parameters.map { $0.constraint.unconstrained($0.value.scalars) }
        first = free.map { [Double](repeating: 0, count: $0.count) }
        second = first
    }

    /// One step given ∂L/∂θ for each parameter; assigns the new values.
    mutating func update(gradients: [Tensor]) throws {
        step += 1
        let rate = learningRate * (1 - 0.9 * Double(step - 1) / Double(max(steps - 1, 1)))
        let (β1, β2, ε) = (0.9, 0.999, 1e-8)
        for (k, parameter) in parameters.enumerated() {
            let θ = parameter.value.scalars
            let g = parameter.constraint.unconstrainedGradient(gradients[k].scalars, at: θ)
            for i in free[k].indices {
                switch kind {
                case .sgd:
                    free[k][i] -= rate * g[i]
                case .adam:
                    first[k][i] = β1 * first[k][i] + (1 - β1) * g[i]
                    second[k][i] = β2 * second[k][i] + (1 - β2) * g[i] * g[i]
                    let m = first[k][i] / (1 - Foundation.pow(β1, Double(step)))
                    let v = second[k][i] / (1 - Foundation.pow(β2, Double(step)))
                    free[k][i] -= rate * m / (v.squareRoot() + ε)
                }
            }
            parameter.assign(try Tensor(shape: parameter.value.shape, scalars: parameter.constraint.constrained(free[k])))
        }
    }
}
