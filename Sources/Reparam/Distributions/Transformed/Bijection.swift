import Foundation

/// An increasing or decreasing smooth map y = f(x) with a smooth inverse, for building
/// distributions from parts: if X has density p_X, then Y = f(X) has
///
///     log p_Y(y) = log p_X(f⁻¹(y)) − log|f′(f⁻¹(y))|
///
/// Parameters (an affine map's loc and scale, a power's exponent) are tensors, so gradients flow
/// to them as well as through the base distribution's samples.
///
///     let b = Bijection.affine(loc: .parameter(1), scale: Tensor(2))   // y = 1 + 2x
public enum Bijection: Sendable {
    /// y = loc + scale·x (scale ≠ 0; decreasing for negative scale).
    case affine(loc: Tensor, scale: Tensor)
    /// y = eˣ, from the real line onto (0, ∞).
    case exp
    /// y = 1/(1 + e⁻ˣ), onto (0, 1).
    case sigmoid
    /// y = log(1 + eˣ), onto (0, ∞).
    case softplus
    /// y = tanh x, onto (−1, 1).
    case tanh
    /// y = xᵏ on x > 0 (k ≠ 0; decreasing for negative k).
    case power(Tensor)

    /// The map's name as messages and help show it.
    public var name: String {
        switch self {
        case .affine: "affine"
        case .exp: "exp"
        case .sigmoid: "sigmoid"
        case .softplus: "softplus"
        case .tanh: "tanh"
        case .power: "power"
        }
    }

    /// The map's own parameters (tensors gradients may flow to), in order.
    var parameters: [(name: String, value: Tensor)] {
        switch self {
        case let .affine(loc, scale): [("loc", loc), ("scale", scale)]
        case let .power(k): [("exponent", k)]
        default: []
        }
    }

    /// Checks the parameters: a finite loc, a nonzero finite scale, a nonzero finite exponent.
    func validate() throws {
        func check(_ what: String, _ t: Tensor, _ rule: String, _ admits: (Double) -> Bool) throws {
            if let bad = t.scalars.firstIndex(where: { !admits($0) }) {
                throw ReparamError.invalidParameter(distribution: "transform by \(name)", parameter: what,
                                                    value: Validation.format(t.scalars[bad]) + (t.count > 1 ? " at index \(bad)" : ""), rule: rule)
            }
        }
        switch self {
        case let .affine(loc, scale):
            try check("loc", loc, "a finite real number") { $0.isFinite }
            try check("scale", scale, "a nonzero finite number") { $0.isFinite && $0 != 0 }
        case let .power(k):
            try check("exponent", k, "a nonzero finite number") { $0.isFinite && $0 != 0 }
        default: break
        }
    }

    /// Whether y grows with x, per element of the map's parameters (one value when it has none).
    var increasing: [Bool] {
        switch self {
        case let .affine(_, scale): scale.scalars.map { $0 > 0 }
        case let .power(k): k.scalars.map { $0 > 0 }
        default: [true]
        }
    }

    /// y = f(x) on tensors (differentiable in x and the map's parameters).
    func forward(_ x: Tensor) throws -> Tensor {
        switch self {
        case let .affine(loc, scale): try loc.adding(scale.multiplying(x))
        case .exp: Reparam.exp(x)
        case .sigmoid: Reparam.sigmoid(x)
        case .softplus: Reparam.softplus(x)
        case .tanh: Reparam.tanh(x)
        case let .power(k): try x.raised(to: k)
        }
    }

    /// x = f⁻¹(y) on tensors.
    func inverse(_ y: Tensor) throws -> Tensor {
        switch self {
        case let .affine(loc, scale): try y.subtracting(loc).dividing(by: scale)
        case .exp: Reparam.log(y)
        case .sigmoid: Reparam.log(y) - Reparam.log1p(-y)
        // log(eʸ − 1) = y + log(1 − e⁻ʸ), finite for large y.
        case .softplus: y + Reparam.log(-Reparam.expm1(-y))
        case .tanh: 0.5 * (Reparam.log1p(y) - Reparam.log1p(-y))
        case let .power(k): try y.raised(to: 1 / k)
        }
    }

    /// log|f′(x)| given x and y = f(x), on tensors.
    func logAbsDerivative(_ x: Tensor, _ y: Tensor) throws -> Tensor {
        switch self {
        case let .affine(_, scale): Reparam.log(Reparam.abs(scale))
        case .exp: x
        // σ′ = σ(1−σ): log σ(x) + log σ(−x) = −softplus(−x) − softplus(x).
        case .sigmoid: -Reparam.softplus(-x) - Reparam.softplus(x)
        // softplus′ = σ(x): log σ(x) = −softplus(−x).
        case .softplus: -Reparam.softplus(-x)
        // 1 − tanh²x = 4/(eˣ + e⁻ˣ)²: log = 2(log 2 − x − softplus(−2x)).
        case .tanh: 2 * (Foundation.log(2.0) - x - Reparam.softplus(-2 * x))
        // log|k xᵏ⁻¹| = log|k| + (k−1) log x.
        case let .power(k): try Reparam.log(Reparam.abs(k)).adding((k - 1).multiplying(Reparam.log(x)))
        }
    }

    /// f⁻¹(y) at one point, generic so the implicit route can differentiate it; θ holds the map's parameters.
    func inverse<T: RealScalar>(_ y: T, _ θ: ArraySlice<T>) -> T {
        switch self {
        case .affine: (y - θ[θ.startIndex]) / θ[θ.startIndex + 1]
        case .exp: Reparam.log(y)
        case .sigmoid: Reparam.log(y) - Reparam.log1p(-y)
        case .softplus: y + Reparam.log(-Reparam.expm1(-y))
        case .tanh: T(0.5) * (Reparam.log1p(y) - Reparam.log1p(-y))
        case .power: Reparam.exp(Reparam.log(y) / θ[θ.startIndex])
        }
    }

    /// log|f′(x)| at one point.
    func logAbsDerivative(_ x: Double, _ θ: ArraySlice<Double>) -> Double {
        func softplus(_ v: Double) -> Double { v > 0 ? v + Foundation.log1p(Foundation.exp(-v)) : Foundation.log1p(Foundation.exp(v)) }
        switch self {
        case .affine: return Foundation.log(Swift.abs(θ[θ.startIndex + 1]))
        case .exp: return x
        case .sigmoid: return -softplus(-x) - softplus(x)
        case .softplus: return -softplus(-x)
        case .tanh: return 2 * (Foundation.log(2.0) - x - softplus(-2 * x))
        case .power:
            let k = θ[θ.startIndex]
            return Foundation.log(Swift.abs(k)) + (k - 1) * Foundation.log(x)
        }
    }

    /// The support of f(X) for X supported on `support` (nil where the map does not apply there).
    func image(of support: Support) -> Support? {
        switch (self, support) {
        case (.exp, .real), (.softplus, .real): .positive
        case (.sigmoid, .real): .unitInterval
        case (.tanh, .real): .interval(-1, 1)
        case (.power, .positive): .positive
        case let (.power(k), .unitInterval): k.scalars.allSatisfy { $0 > 0 } ? .unitInterval : k.scalars.allSatisfy { $0 < 0 } ? .interval(1, .infinity) : nil
        case let (.affine(loc, scale), s):
            if loc.count == 1, scale.count == 1, let a = loc.scalar, let b = scale.scalar {
                switch s {
                case .real: .real
                case .positive: b > 0 ? .interval(a, .infinity) : .interval(-.infinity, a)
                case .unitInterval: .interval(Swift.min(a, a + b), Swift.max(a, a + b))
                case let .interval(l, h): .interval(Swift.min(a + b * l, a + b * h), Swift.max(a + b * l, a + b * h))
                default: nil
                }
            } else {
                s == .real ? .real : nil
            }
        default: nil
        }
    }

    /// Where f is defined, as the rule a message states.
    var domainRule: String {
        switch self {
        case .power: "positive values"
        default: "real values"
        }
    }
}
