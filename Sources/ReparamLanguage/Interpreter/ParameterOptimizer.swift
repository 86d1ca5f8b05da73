import Reparam

/// The engine's Adam or SGD stepping the unconstrained values u of some
/// parameters, θ = T(u) with T from each parameter's `Constraint`,
/// so a step never leaves the support.
///
/// ∂L/∂u is the vector–Jacobian product of ∂L/∂θ through T, taken on the
/// tape. The rate decays linearly from η to η/10 over the run, so noisy
/// gradients settle:  η_t = η (1 − 0.9 t/(T−1)).
struct ParameterOptimizer {
    private enum Rule { case adam(Adam), sgd(SGD) }
    private var rule: Rule
    private let learningRate: Double
    private let steps: Int
    private var step = 0
    private var free: [Tensor]
    private let parameters: [Parameter]

    init(kind: OptimizerKind, learningRate: Double, steps: Int, parameters: [Parameter]) {
        switch kind {
        case .adam: rule = .adam(Adam(learningRate: learningRate))
        case .sgd: rule = .sgd(SGD(learningRate: learningRate))
        }
        self.learningRate = learningRate
        self.steps = steps
        self.parameters = parameters
        free = parameters.map { Tensor.parameter($0.constraint.unconstrained($0.value)) }
    }

    /// One step given ∂L/∂θ for each parameter; assigns the new values.
    mutating func update(gradients: [Tensor]) throws {
        let rate = learningRate * (1 - 0.9 * Double(step) / Double(max(steps - 1, 1)))
        step += 1
        var freeGradients: [Tensor] = []
        for (k, parameter) in parameters.enumerated() {
            let θ = try parameter.constraint.constrained(free[k])
            freeGradients.append(try Reparam.gradients(of: θ, seed: gradients[k], withRespectTo: [free[k]])[0])
        }
        switch rule {
        case var .adam(adam):
            adam.learningRate = rate
            free = adam.step(free, gradients: freeGradients)
            rule = .adam(adam)
        case var .sgd(sgd):
            sgd.learningRate = rate
            free = sgd.step(free, gradients: freeGradients)
            rule = .sgd(sgd)
        }
        for (k, parameter) in parameters.enumerated() {
            parameter.assign(try parameter.constraint.constrained(free[k]))
        }
    }
}
