import Reparam

/// Everything an expression can evaluate to.
///
/// Numbers are rank-0 tensors; vectors and matrices are tensors of rank 1
/// and 2. A tensor carries the parameters it was computed from, so `grad`
/// knows what to report.
public enum Value {
    case tensor(Tensor, Provenance)
    case boolean(Bool)
    case string(String)
    case distribution(DistributionValue)
    case function(Function)

    static func number(_ value: Double) -> Value { .tensor(Tensor(value), .none) }

    /// What the value is, for messages: "a number", "a vector of 3", "a distribution".
    var kindDescription: String {
        switch self {
        case let .tensor(tensor, _):
            switch tensor.rank {
            case 0: return "a number"
            case 1: return "a vector of \(tensor.shape[0])"
            case 2: return "a \(tensor.shape[0])×\(tensor.shape[1]) matrix"
            default: return "a tensor of shape \(tensor.shape)"
            }
        case .boolean: return "a boolean"
        case .string: return "a string"
        case let .distribution(distribution): return "a distribution (\(distribution.family.constructor))"
        case let .function(function):
            if case .bijection = function.body { return "a bijection" }
            return "a function"
        }
    }

    var provenance: Provenance {
        switch self {
        case let .tensor(_, provenance): return provenance
        case let .distribution(distribution): return distribution.provenance
        case let .function(function):
            if case let .bijection(bijection) = function.body { return bijection.provenance }
            return .none
        default: return .none
        }
    }
}

/// A callable value: a built-in or a lambda with the variables it captured.
public struct Function {
    enum Body {
        case builtin(Builtin)
        case lambda(parameters: [String], body: Expression, captured: [String: Value])
        /// A bijection for `transform(d, by)`, callable as y = f(x) (`BijectionValue`).
        case bijection(BijectionValue)
    }

    let body: Body
    /// The lambda as it was typed (`x => x^2`); empty for built-ins.
    var source = ""

    var name: String {
        switch body {
        case let .builtin(builtin): return builtin.name
        case .lambda: return "lambda"
        case .bijection: return "bijection"
        }
    }
}
