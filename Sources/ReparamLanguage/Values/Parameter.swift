import Reparam

/// A leaf of the tape that `grad` reports and `fit`/`minimize` move: a number
/// or vector bound by `let`, or a literal passed to a constructor.
///
/// Named by where it lives: `let a = 2` makes `a`; `let d = gamma(2, 3)`
/// makes `d.concentration` and `d.rate`. A literal inside an unbound
/// expression is named after its constructor (`gamma.rate`) until it is bound.
public final class Parameter {
    public internal(set) var name: String
    /// The current leaf tensor (replaced, never mutated, when the value changes).
    public internal(set) var value: Tensor
    /// Where the value may live; optimizers step in the matching unconstrained space.
    public let constraint: Constraint
    /// Creation order, for stable listings.
    let serial: Int
    /// Whether a `let` has given it its final name.
    var isBound = false

    nonisolated(unsafe) private static var counter = 0

    init(name: String, value: Tensor, constraint: Constraint) {
        self.name = name
        self.value = Tensor.parameter(value.detached)
        self.constraint = constraint
        Parameter.counter += 1
        self.serial = Parameter.counter
    }

    /// Replaces the value by a fresh leaf holding `newValue`.
    func assign(_ newValue: Tensor) {
        value = Tensor.parameter(newValue.detached)
    }

    /// Puts back a leaf taken earlier, so graphs recorded with it stay valid.
    func restore(_ leaf: Tensor) {
        value = leaf
    }
}

/// The parameters a value depends on, and the non-differentiable draws that
/// cut it off from others (so `grad` can explain a missing gradient).
public struct Provenance {
    private(set) var parameters: [Parameter] = []
    /// Descriptions such as `d.sample(…)` of draws that carry no gradient.
    private(set) var detachedDraws: [String] = []
    /// Score-function weights of draws made under `grad … using score`, not yet
    /// applied; see `ScoreWeight`.
    var scoreWeights: [ScoreWeight] = []

    static var none: Provenance { Provenance() }

    init(parameters: [Parameter] = [], detachedDraws: [String] = []) {
        for parameter in parameters { insert(parameter) }
        self.detachedDraws = detachedDraws
    }

    mutating func insert(_ parameter: Parameter) {
        guard !parameters.contains(where: { $0 === parameter }) else { return }
        let position = parameters.firstIndex(where: { $0.serial > parameter.serial }) ?? parameters.count
        parameters.insert(parameter, at: position)
    }

    func union(_ other: Provenance) -> Provenance {
        var result = self
        for parameter in other.parameters { result.insert(parameter) }
        for draw in other.detachedDraws where !result.detachedDraws.contains(draw) {
            result.detachedDraws.append(draw)
        }
        for weight in other.scoreWeights where !result.scoreWeights.contains(where: { $0.magic.isSameNode(as: weight.magic) }) {
            result.scoreWeights.append(weight)
        }
        return result
    }

    func noting(detachedDraw: String) -> Provenance {
        var result = self
        if !result.detachedDraws.contains(detachedDraw) { result.detachedDraws.append(detachedDraw) }
        return result
    }
}

/// The weights of draws made under `grad … using score`, waiting for the sum or mean that
/// averages them: the engine's `ScoreFunction` weights (m = exp(ℓ − stopgrad ℓ) per draw,
/// value 1, gradient ∇ log p), carried with the draws through the expression.
public struct ScoreWeight {
    /// The sample shape: `[n]` for n draws, `[]` for one.
    let magic: Tensor
}

extension Provenance {
    /// Applies the weights whose sample shape leads the shape of `x`, whose
    /// draws a sum or mean is about to average.
    func weighting(_ x: Tensor) throws -> (Tensor, Provenance) {
        var x = x
        var remaining = self
        remaining.scoreWeights = []
        for weight in scoreWeights {
            let draws = weight.magic.shape
            if !draws.isEmpty, x.rank >= draws.count, Array(x.shape.prefix(draws.count)) == draws {
                let aligned = try weight.magic.reshaped(draws + [Int](repeating: 1, count: x.rank - draws.count))
                x = try x.multiplying(aligned)
            } else {
                remaining.scoreWeights.append(weight)
            }
        }
        return (x, remaining)
    }
}
