import Foundation

/// How the weights of a mixture are given.
///
///     .probabilities(Tensor([0.2, 0.8]))   // π = w / Σw (any nonnegative w with a positive sum)
///     .logits(Tensor([0, 1.5]))            // π = softmax(l)
public enum MixingWeights {
    case probabilities(Tensor)
    case logits(Tensor)
}

/// The mixing weights of a mixture, normalized, with the conversion of the
/// implicit gradient to whichever form the user gave.
///
/// Gradients are written for raw weights w (π = w/Σw). With posterior weights
/// πₖ⁽ᵈ⁾ = wₖqₖ/Σⱼ wⱼqⱼ (qₖ = 1 for a univariate mixture, see `DiagonalMixture`)
/// and ρₖ = qₖ/Σⱼ wⱼqⱼ = πₖ⁽ᵈ⁾/wₖ, a transformed value u = Σₖ πₖ⁽ᵈ⁾Fₖ moves as
///
///     ∂u/∂wₖ = ρₖ (Fₖ − u)                                 probabilities given
///     ∂u/∂lₖ = πₖ⁽ᵈ⁾ (Fₖ − u) = wₖ·∂u/∂wₖ with w = softmax(l)   logits given
///
/// so both forms come from one accumulated B = Σ λ ρₖ (Fₖ − u).
struct MixtureWeights {
    /// The tensor the user gave (gradients flow to it).
    let tensor: Tensor
    let isLogits: Bool
    /// w: the probabilities as given, or softmax(logits).
    let raw: [Double]
    /// log w (−∞ for a zero weight).
    let logRaw: [Double]
    /// log π, normalized.
    let logProbabilities: [Double]

    var count: Int { raw.count }
    var name: String { isLogits ? "logits" : "weights" }

    init(_ weights: MixingWeights, family: String) throws {
        switch weights {
        case let .probabilities(w):
            guard w.rank == 1, w.count > 0 else { throw ReparamError.shape("\(family): weights must be a vector with one entry per component, got shape \(w.shape)") }
            if let bad = w.scalars.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
                throw ReparamError.invalidParameter(distribution: family, parameter: "weights", value: "\(w.scalars[bad]) at index \(bad)", rule: "nonnegative and finite")
            }
            let total = w.scalars.reduce(0, +)
            guard total > 0 else { throw ReparamError.invalidParameter(distribution: family, parameter: "weights", value: "all zero", rule: "of positive sum") }
            tensor = w; isLogits = false; raw = w.scalars
            logRaw = raw.map { Foundation.log($0) }
            logProbabilities = raw.map { Foundation.log($0 / total) }
        case let .logits(l):
            guard l.rank == 1, l.count > 0 else { throw ReparamError.shape("\(family): logits must be a vector with one entry per component, got shape \(l.shape)") }
            try Validation.check(family, "logits", l, .real)
            let peak = l.scalars.max() ?? 0
            let logTotal = peak + Foundation.log(l.scalars.reduce(0) { $0 + Foundation.exp($1 - peak) })
            tensor = l; isLogits = true
            logProbabilities = l.scalars.map { $0 - logTotal }
            logRaw = logProbabilities
            raw = logProbabilities.map { Foundation.exp($0) }
        }
    }

    /// π as a differentiable tensor (shape [K]).
    var probabilities: Tensor {
        // The tensor is a vector (checked by the initializer), so the softmax cannot fail.
        isLogits ? ((try? tensor.softmax(axis: 0)) ?? Tensor(repeating: .nan, shape: tensor.shape)) : tensor / tensor.sum()
    }

    /// ∂L/∂(given tensor) from B with ∂L/∂wₖ = −Bₖ (B = Σ λ ρₖ (Fₖ − u) over samples and dimensions).
    func gradient(fromB b: [Double]) -> Tensor {
        Tensor(unchecked: [count], isLogits ? (0..<count).map { -raw[$0] * b[$0] } : b.map { -$0 })
    }
}
