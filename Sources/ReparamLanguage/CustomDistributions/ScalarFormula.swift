import Foundation
import Reparam

/// A lambda body compiled to a formula of a few scalar variables that can be
/// evaluated on any `RealScalar`, so that `Dual` inputs give exact derivatives
/// (the engine's `CustomDistribution` takes its density and ∂F/∂θ that way).
///
///     // x => 1 - exp(-(x/2)^k)   with variables [x, k]
///     let F = try ScalarFormula(body, variables: ["x", "k"]) { _ in nil }
///     F.evaluate(2.0, [1.5])                     // 1 − e⁻¹
///
/// Supported: numbers, the variables, captured numbers, + − * / ^,
/// exp log log1p expm1 sqrt sin cos atan tanh erf erfc abs, and the special functions the engine
/// differentiates exactly in every argument (scipy's names and argument orders):
///
///     gammainc(a, x) = P(a, x)   gammaincc(a, x) = Q(a, x)   betainc(a, b, x) = I_x(a, b)
///     ndtr(x) = Φ(x)   log_ndtr(x) = log Φ(x)   lgamma(x)   digamma(x)
///     besseli0(x)   besseli1(x)   student_t_cdf(df, t)
///
/// so `from_cdf((x, a, b) => gammaincc(a, b / x), low: 0, a: 3, b: 2)` is the InverseGamma(3, 2)
/// with the built-in family's gradients.
struct ScalarFormula: Sendable {
    indirect enum Node: Sendable {
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
        case call(Primitive, [Node])
    }

    enum Primitive: String, CaseIterable, Sendable {
        case exp, log, log1p, expm1, sqrt, sin, cos, atan, tanh, erf, erfc, abs
        case gammainc, gammaincc, betainc, ndtr, logNdtr = "log_ndtr", lgamma, digamma, besseli0, besseli1
        case studentTCDF = "student_t_cdf"

        /// How many arguments the function takes.
        var arity: Int {
            switch self {
            case .gammainc, .gammaincc, .studentTCDF: 2
            case .betainc: 3
            default: 1
            }
        }

        /// `gammainc(a, x)`, as help and messages show it.
        var signature: String {
            switch self {
            case .gammainc, .gammaincc: "\(rawValue)(a, x)"
            case .betainc: "betainc(a, b, x)"
            case .studentTCDF: "student_t_cdf(df, t)"
            default: "\(rawValue)(x)"
            }
        }
    }

    let root: Node

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
                case .matrixProduct:
                    throw Diagnostic("a CDF formula works on numbers; the matrix product '@' has no place in it", at: expression.range)
                default:
                    throw Diagnostic("a CDF formula must be smooth; comparisons ('\(op.rawValue)') are not allowed", at: expression.range)
                }
            case let .call(callee, arguments):
                guard case let .identifier(name) = callee.kind, let primitive = Primitive(rawValue: name) else {
                    throw Diagnostic("a CDF formula can call " + Primitive.allCases.map(\.rawValue).joined(separator: ", ")
                                     + "; not \(Interpreter.describe(callee))", at: callee.range)
                }
                guard arguments.count == primitive.arity, arguments.allSatisfy({ $0.label == nil }) else {
                    let count = primitive.arity == 1 ? "one argument" : "\(primitive.arity) arguments"
                    throw Diagnostic("\(name) takes \(count) here: \(primitive.signature)", at: expression.range)
                }
                return .call(primitive, try arguments.map { try build($0.value) })
            default:
                throw Diagnostic("a CDF formula is arithmetic on numbers and its parameters; this part is not", at: expression.range)
            }
        }
        root = try build(body)
    }

    /// The formula at variables (x, θ₁, θ₂, …) = (`x`, `θ[0]`, `θ[1]`, …).
    func evaluate<T: RealScalar>(_ x: T, _ θ: [T]) -> T {
        ScalarFormula.evaluate(root, x, θ)
    }

    private static func evaluate<T: RealScalar>(_ node: Node, _ z: T, _ θ: [T]) -> T {
        func evaluate(_ node: Node) -> T { ScalarFormula.evaluate(node, z, θ) }
        switch node {
        case let .constant(c): return T(c)
        case let .variable(i): return i == 0 ? z : θ[i - 1]
        case let .negate(u): return -evaluate(u)
        case let .add(u, v): return evaluate(u) + evaluate(v)
        case let .subtract(u, v): return evaluate(u) - evaluate(v)
        case let .multiply(u, v): return evaluate(u) * evaluate(v)
        case let .divide(u, v): return evaluate(u) / evaluate(v)
        case let .powerConstant(u, c): return Reparam.pow(evaluate(u), c)
        case let .power(u, v): return Reparam.pow(evaluate(u), evaluate(v))
        case let .call(f, arguments):
            let values = arguments.map(evaluate)
            let a = values[0]
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
            case .gammainc: return regularizedGammaP(a, values[1])
            case .gammaincc: return regularizedGammaQ(a, values[1])
            case .betainc: return regularizedBeta(values[2], a, values[1])
            case .ndtr: return standardNormalCDF(a)
            case .logNdtr: return standardNormalLogCDF(a)
            case .lgamma: return logGamma(a)
            case .digamma: return Reparam.digamma(a)
            case .besseli0: return besselI0(a)
            case .besseli1: return besselI1(a)
            case .studentTCDF: return studentTCDF(values[1], df: a)
            }
        }
    }
}
