/// An expression node and the source it came from.
///
///     // `gamma(2, rate: 3)`
///     Expression(.call(callee: Expression(.identifier("gamma"), …),
///                      arguments: [Argument(label: nil, …), Argument(label: "rate", …)]), …)
public struct Expression: Equatable, Sendable {
    public indirect enum Kind: Equatable, Sendable {
        case number(Double)
        case string(String)
        case boolean(Bool)
        case identifier(String)
        /// `[a, b, c]`; nested arrays make matrices.
        case array([Expression])
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        case call(callee: Expression, arguments: [Argument])
        /// `base.name`: a property, or the callee of a method call.
        case member(Expression, name: String)
        case index(Expression, [IndexComponent])
        /// `x => body`, `(z, k) => body`.
        case lambda(parameters: [String], body: Expression)
        /// `a..b`, used by `plot … for x in a..b`.
        case range(Expression, Expression)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+"
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^", matrixProduct = "@"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}

/// One argument of a call: positional (`label == nil`) or named (`rate: 3`).
public struct Argument: Equatable, Sendable {
    public var label: String?
    public var value: Expression
    /// Covers the label too, when there is one.
    public var range: SourceRange

    public init(label: String?, value: Expression, range: SourceRange) {
        self.label = label
        self.value = value
        self.range = range
    }
}

/// One position inside `x[…]`: a single index or a `start:end:step` slice
/// whose parts may each be left out (`:` alone is the whole axis).
public enum IndexComponent: Equatable, Sendable {
    case single(Expression)
    case slice(start: Expression?, end: Expression?, step: Expression?, range: SourceRange)
}
