import Foundation
import Reparam

/// A lambda body compiled to a formula of a few scalar variables that can be
/// evaluated on any `RealScalar` (so `Dual` inputs give exact derivatives)
/// and differentiated symbolically.
///
///     // x => 1 - exp(-(x/2)^k)   with variables [x, k]
///     let F = try ScalarFormula(body, variables: ["x", "k"], constants: [:])
///     F.evaluate([2.0, 1.5])                     // 1 − e⁻¹
///     F.derivative(withRespectTo: 0)             // the density formula
///
/// Supported: numbers, the variables, captured numbers, + − * / ^ and
/// exp log log1p expm1 sqrt sin cos atan tanh erf erfc abs.
struct ScalarFormula {
    indirect enum Node {
        case constant(Double)
        case variable(Int)
        case negate(Node)
        case add(Node, Node)
        case subtract(Node, Node)
        case multiply(Node, Node)
        case divide(Node, Node)
        /// uᶜ for a constant c.
        case powerConstant(Node, Double)
        /// uᵛ = exp(v log u).
        case power(Node, Node)
        case call(Primitive, Node)
    }

    enum Primitive: String, CaseIterable {
        case exp, log, log1p, expm1, sqrt, sin, cos, atan, tanh, erf, erfc, abs
    }

    let root: Node
    let variableCount: Int

    private init(root: Node, variableCount: Int) {
        self.root = root
        self.variableCount = variableCount
    }

    /// Compiles `body`; names outside `variables` must be numbers in `constants`.
    init(_ body: Expression, variables: [String], constants: (String) -> Double?) throws {
        func build(_ expression: Expression) throws -> Node {
            switch expression.kind {
            case let .number(value): return .constant(value)
            case let .identifier(name):
                if let index = variables.firstIndex(of: name) { return .variable(index) }
                if let value = constants(name) { return .constant(value) }
                throw Diagnostic("a CDF formula can use its parameters (\(variables.joined(separator: ", "))) and numbers; '\(name)' is neither",
                                 at: expression.range)
            case let .unary(op, operand):
                let node = try build(operand)
                return op == .negate ? .negate(node) : node
            case let .binary(op, left, right):
                let (a, b) = (try build(left), try build(right))
                switch op {
                case .add: return .add(a, b)
                case .subtract: return .subtract(a, b)
                case .multiply: return .multiply(a, b)
                case .divide: return .divide(a, b)
                case .power:
                    if case let .constant(c) = b { return .powerConstant(a, c) }
                    return .power(a, b)
                default:
                    throw Diagnostic("a CDF formula must be smooth; comparisons ('\(op.rawValue)') are not allowed", at: expression.range)
                }
            case let .call(callee, arguments):
                guard case let .identifier(name) = callee.kind, let primitive = Primitive(rawValue: name) else {
                    throw Diagnostic("a CDF formula can call " + Primitive.allCases.map(\.rawValue).joined(separator: ", ")
                                     + "; not \(Interpreter.describe(callee))", at: callee.range)
                }
                guard arguments.count == 1, arguments[0].label == nil else {
                    throw Diagnostic("\(name) takes one argument here", at: expression.range)
                }
                return .call(primitive, try build(arguments[0].value))
            default:
                throw Diagnostic("a CDF formula is arithmetic on numbers and its parameters; this part is not", at: expression.range)
            }
        }
        self.init(root: try build(body), variableCount: variables.count)
    }

    func evaluate<T: RealScalar>(_ arguments: [T]) -> T {
        ScalarFormula.evaluate(root, arguments)
    }

    private static func evaluate<T: RealScalar>(_ node: Node, _ x: [T]) -> T {
        switch node {
        case let .constant(c): return T(c)
        case let .variable(i): return x[i]
        case let .negate(u): return -evaluate(u, x)
        case let .add(u, v): return evaluate(u, x) + evaluate(v, x)
        case let .subtract(u, v): return evaluate(u, x) - evaluate(v, x)
        case let .multiply(u, v): return evaluate(u, x) * evaluate(v, x)
        case let .divide(u, v): return evaluate(u, x) / evaluate(v, x)
        case let .powerConstant(u, c): return Reparam.pow(evaluate(u, x), c)
        case let .power(u, v): return Reparam.pow(evaluate(u, x), evaluate(v, x))
        case let .call(f, u):
            let a = evaluate(u, x)
            switch f {
            case .exp: return Reparam.exp(a)
            case .log: return Reparam.log(a)
            case .log1p: return Reparam.log1p(a)
            case .expm1: return Reparam.expm1(a)
            case .sqrt: return Reparam.sqrt(a)
            case .sin: return Reparam.sin(a)
            case .cos: return Reparam.cos(a)
            case .atan: return Reparam.atan(a)
            case .tanh: return Reparam.tanh(a)
            case .erf: return Reparam.erf(a)
            case .erfc: return Reparam.erfc(a)
            case .abs: return Reparam.abs(a)
            }
        }
    }

    /// ∂/∂x_index, by the rules of calculus, with zeros and ones folded away.
    func derivative(withRespectTo index: Int) -> ScalarFormula {
        ScalarFormula(root: ScalarFormula.derivative(root, index), variableCount: variableCount)
    }

    private static func derivative(_ node: Node, _ k: Int) -> Node {
        switch node {
        case .constant: return .constant(0)
        case let .variable(i): return .constant(i == k ? 1 : 0)
        case let .negate(u): return negate(derivative(u, k))
        case let .add(u, v): return add(derivative(u, k), derivative(v, k))
        case let .subtract(u, v): return subtract(derivative(u, k), derivative(v, k))
        case let .multiply(u, v): return add(multiply(derivative(u, k), v), multiply(u, derivative(v, k)))
        case let .divide(u, v):
            // (u/v)' = u'/v − u v'/v²
            return subtract(divide(derivative(u, k), v), divide(multiply(u, derivative(v, k)), .powerConstant(v, 2)))
        case let .powerConstant(u, c):
            return multiply(multiply(.constant(c), c == 1 ? .constant(1) : .powerConstant(u, c - 1)), derivative(u, k))
        case let .power(u, v):
            // (uᵛ)' = uᵛ (v' log u + v u'/u)
            return multiply(node, add(multiply(derivative(v, k), .call(.log, u)), divide(multiply(v, derivative(u, k)), u)))
        case let .call(f, u):
            let inner = derivative(u, k)
            let outer: Node
            switch f {
            case .exp: outer = node
            case .log: outer = divide(.constant(1), u)
            case .log1p: outer = divide(.constant(1), add(.constant(1), u))
            case .expm1: outer = .call(.exp, u)
            case .sqrt: outer = divide(.constant(0.5), node)
            case .sin: outer = .call(.cos, u)
            case .cos: outer = negate(.call(.sin, u))
            case .atan: outer = divide(.constant(1), add(.constant(1), .powerConstant(u, 2)))
            case .tanh: outer = subtract(.constant(1), .powerConstant(node, 2))
            case .erf: outer = multiply(.constant(2 / Double.pi.squareRoot()), .call(.exp, negate(.powerConstant(u, 2))))
            case .erfc: outer = multiply(.constant(-2 / Double.pi.squareRoot()), .call(.exp, negate(.powerConstant(u, 2))))
            case .abs: outer = divide(u, node)
            }
            return multiply(outer, inner)
        }
    }

    // Constructors that fold the zeros and ones the rules produce.
    private static func isConstant(_ node: Node, _ value: Double) -> Bool {
        if case let .constant(c) = node { return c == value }
        return false
    }
    private static func negate(_ u: Node) -> Node {
        if case let .constant(c) = u { return .constant(-c) }
        return .negate(u)
    }
    private static func add(_ u: Node, _ v: Node) -> Node {
        if isConstant(u, 0) { return v }
        if isConstant(v, 0) { return u }
        return .add(u, v)
    }
    private static func subtract(_ u: Node, _ v: Node) -> Node {
        if isConstant(v, 0) { return u }
        if isConstant(u, 0) { return negate(v) }
        return .subtract(u, v)
    }
    private static func multiply(_ u: Node, _ v: Node) -> Node {
        if isConstant(u, 0) || isConstant(v, 0) { return .constant(0) }
        if isConstant(u, 1) { return v }
        if isConstant(v, 1) { return u }
        return .multiply(u, v)
    }
    private static func divide(_ u: Node, _ v: Node) -> Node {
        if isConstant(u, 0) { return .constant(0) }
        if isConstant(v, 1) { return u }
        return .divide(u, v)
    }
}
