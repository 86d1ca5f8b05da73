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

    /// Which map, without its parameters: what the language's `affine`, `exp`, … name, and what a
    /// family declaration receives (`Family.Inputs.bijections`) beside the parameter tensors.
    public enum Kind: String, Sendable, CaseIterable {
        case affine, exp, sigmoid, softplus, tanh, power

        /// The map's own parameters, in order: `["loc", "scale"]`, `["exponent"]`, none.
        public var parameterNames: [String] {
            switch self {
            case .affine: ["loc", "scale"]
            case .power: ["exponent"]
            default: []
            }
        }
    }

    /// The map of `kind` with its parameters in `parameterNames` order.
    ///
    ///     try Bijection(.affine, parameters: [Tensor(1), Tensor(2)])   // y = 1 + 2x
    public init(_ kind: Kind, parameters: [Tensor]) throws {
        guard parameters.count == kind.parameterNames.count else {
            throw ReparamError.invalidArgument("\(kind.rawValue) takes \(kind.parameterNames.count) parameters (\(kind.parameterNames.joined(separator: ", "))), got \(parameters.count)")
        }
        switch kind {
        case .affine: self = .affine(loc: parameters[0], scale: parameters[1])
        case .exp: self = .exp
        case .sigmoid: self = .sigmoid
        case .softplus: self = .softplus
        case .tanh: self = .tanh
        case .power: self = .power(parameters[0])
        }
    }

    /// The maps of `kinds`, taking their parameters from `parameters` in order (all of them).
    public static func assemble(_ kinds: [Kind], parameters: [Tensor]) throws -> [Bijection] {
        let needed = kinds.reduce(0) { $0 + $1.parameterNames.count }
        guard needed == parameters.count else {
            throw ReparamError.invalidArgument("transform: the maps \(kinds.map(\.rawValue)) take \(needed) parameters, got \(parameters.count)")
        }
        var rest = parameters[...]
        return try kinds.map { kind in
            let mine = Array(rest.prefix(kind.parameterNames.count))
            rest = rest.dropFirst(kind.parameterNames.count)
            return try Bijection(kind, parameters: mine)
        }
    }

    /// The names the parameters of a chain of maps go by: `affine_loc`, `affine_scale`,
    /// `power_exponent`; a kind used again is numbered (`affine2_loc`).
    public static func parameterNames(_ kinds: [Kind]) -> [String] {
        var seen: [Kind: Int] = [:]
        return kinds.flatMap { kind -> [String] in
            seen[kind, default: 0] += 1
            let prefix = kind.rawValue + (seen[kind, default: 1] > 1 ? "\(seen[kind, default: 1])" : "")
            return kind.parameterNames.map { "\(prefix)_\($0)" }
        }
    }

    public var kind: Kind {
        switch self {
        case .affine: .affine
        case .exp: .exp
        case .sigmoid: .sigmoid
        case .softplus: .softplus
        case .tanh: .tanh
        case .power: .power
        }
    }

    /// The map's name as messages and help show it.
    public var name: String { kind.rawValue }

    /// The map's own parameters (tensors gradients may flow to), in order.
    var parameters: [(name: String, value: Tensor)] {
        switch self {
        case let .affine(loc, scale): [("loc", loc), ("scale", scale)]
        case let .power(k): [("exponent", k)]
        default: []
        }
    }

    /// Checks the parameters: a finite loc, a nonzero finite scale, a nonzero finite exponent.
    public func validate() throws {
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

    /// Whether the map decreases at one point, from its parameters θ (scale or exponent below 0).
    func decreases<T: RealScalar>(_ θ: ArraySlice<T>) -> Bool {
        switch self {
        case .affine: θ[θ.startIndex + 1].value < 0
        case .power: θ[θ.startIndex].value < 0
        default: false
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

    /// y = f(x) at one point with the map's parameters θ, for carrying support ends (±∞ included)
    /// through the map.
    func forward(_ x: Double, _ θ: ArraySlice<Double>) -> Double {
        switch self {
        case .affine: return θ[θ.startIndex] + θ[θ.startIndex + 1] * x
        case .exp: return Foundation.exp(x)
        case .sigmoid: return 1 / (1 + Foundation.exp(-x))
        case .softplus: return x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
        case .tanh: return Foundation.tanh(x)
        case .power: return Foundation.pow(x, θ[θ.startIndex])
        }
    }

    /// The least value the map accepts: 0 for a power (x > 0), −∞ for the others.
    var domainLowerEnd: Double { kind == .power ? 0 : -.infinity }

    /// Where f is defined, as the rule a message states.
    var domainRule: String {
        switch self {
        case .power: "x > 0 (xᵏ of a negative number is not a bijection)"
        default: "every real x"
        }
    }
}
