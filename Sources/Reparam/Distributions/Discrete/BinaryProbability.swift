import Foundation

/// A success probability given as `probs` p or as `logits` l = log(p/(1 − p)), with the forms of
/// log p and log(1 − p) that stay exact at either end (Bernoulli, Binomial, Geometric share it):
///
///     given p:   log p = log p,            log(1 − p) = log1p(−p)
///     given l:   log p = −softplus(−l),    log(1 − p) = −softplus(l)
///
/// Gradients flow to whichever tensor the user gave.
///
///     let p = try BinaryProbability(Family.Inputs(parameters: [("logits", Tensor(40))]), family: "Bernoulli")
///     p.logComplement   // −softplus(40) = −40: 1 − p = 4e-18, which 1 − σ(40) would round to 0
struct BinaryProbability: Sendable {
    /// The tensor as given (gradients flow to it).
    let tensor: Tensor
    let isLogits: Bool

    /// The parameter's name as the user gave it: `probs` or `logits`.
    var name: String { isLogits ? "logits" : "probs" }

    /// From the family's inputs, which hold `probs` or `logits` (the language lets only one through).
    init(_ inputs: Family.Inputs, family: String) throws {
        if let logits = inputs["logits"] {
            try Constraint.real.check(family, "logits", logits)
            tensor = logits
            isLogits = true
        } else if let probs = inputs["probs"] {
            try Constraint.unitInterval.check(family, "probs", probs)
            tensor = probs
            isLogits = false
        } else {
            throw ReparamError.invalidArgument("\(family) needs probs or logits")
        }
    }

    /// The `logits` declaration every binary-probability family lists after its own `probs`.
    static let logitsParameter = Family.Parameter("logits", .real, meaning: "l = log(p/(1 − p)), any real number",
                                                  alternativeTo: "probs")

    /// p.
    var probs: Tensor { isLogits ? sigmoid(tensor) : tensor }
    /// 1 − p, formed directly (σ(−l) for logits).
    var complement: Tensor { isLogits ? sigmoid(-tensor) : 1 - tensor }
    /// log(p/(1 − p)).
    var logits: Tensor { isLogits ? tensor : log(tensor) - log1p(-tensor) }
    /// log p.
    var logProbability: Tensor { isLogits ? -softplus(-tensor) : log(tensor) }
    /// log(1 − p).
    var logComplement: Tensor { isLogits ? -softplus(tensor) : log1p(-tensor) }

    /// p as numbers, spread over `shape` (for samplers).
    func probabilities(spreadTo shape: [Int]) -> [Double] {
        Kernels.expand(isLogits ? sigmoid(tensor.detached) : tensor.detached, to: shape)
    }
}
