import Foundation

/// First-order optimizers over a list of tensors (the unconstrained values).
///
///     var adam = Adam(learningRate: 0.05)
///     for _ in 0..<1000 {
///         let g = try gradients(of: loss(u), withRespectTo: [u])
///         u = adam.step([u], gradients: g)[0]
///     }
public protocol Optimizer {
    /// The next values of `parameters` (returned as new leaves of the tape).
    mutating func step(_ parameters: [Tensor], gradients: [Tensor]) -> [Tensor]
}

/// Plain gradient descent with optional momentum: v ← μv + g, θ ← θ − ηv.
public struct SGD: Optimizer {
    public var learningRate: Double
    public var momentum: Double
    private var velocity: [[Double]] = []

    public init(learningRate: Double = 0.01, momentum: Double = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public mutating func step(_ parameters: [Tensor], gradients: [Tensor]) -> [Tensor] {
        if velocity.count != parameters.count { velocity = parameters.map { [Double](repeating: 0, count: $0.count) } }
        return parameters.indices.map { k in
            for i in velocity[k].indices { velocity[k][i] = momentum * velocity[k][i] + gradients[k].scalars[i] }
            return Tensor.parameter(Tensor(unchecked: parameters[k].shape, zip(parameters[k].scalars, velocity[k]).map { $0 - learningRate * $1 }))
        }
    }
}

/// Adam (Kingma & Ba 2015): bias-corrected moment estimates m, v of the gradient,
/// θ ← θ − η m̂ / (√v̂ + ε).
public struct Adam: Optimizer {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    private var m: [[Double]] = []
    private var v: [[Double]] = []
    private var t = 0

    public init(learningRate: Double = 0.01, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public mutating func step(_ parameters: [Tensor], gradients: [Tensor]) -> [Tensor] {
        if m.count != parameters.count {
            m = parameters.map { [Double](repeating: 0, count: $0.count) }
            v = m
            t = 0
        }
        t += 1
        let c1 = 1 - Foundation.pow(beta1, Double(t)), c2 = 1 - Foundation.pow(beta2, Double(t))
        return parameters.indices.map { k in
            var next = parameters[k].scalars
            for i in next.indices {
                let g = gradients[k].scalars[i]
                guard g.isFinite else { continue }  // a non-finite gradient skips the step for that element
                m[k][i] = beta1 * m[k][i] + (1 - beta1) * g
                v[k][i] = beta2 * v[k][i] + (1 - beta2) * g * g
                next[i] -= learningRate * (m[k][i] / c1) / ((v[k][i] / c2).squareRoot() + epsilon)
            }
            return Tensor.parameter(Tensor(unchecked: parameters[k].shape, next))
        }
    }
}
