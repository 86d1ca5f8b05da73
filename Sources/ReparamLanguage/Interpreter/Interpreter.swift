import Foundation
import Reparam

/// Evaluates expressions against the session's bindings.
///
/// Holds the `let` bindings, the parameters they own, the random stream and
/// the estimator that `rsample` follows while a `grad` statement runs.
final class Interpreter {
    /// A `let` binding: its value and, for values computed from parameters,
    /// the expression that recomputes them with fresh samples (used by
    /// `minimize`, `fit` and `gradvar`, which re-evaluate at every step).
    struct Binding {
        var value: Value
        var expression: Expression?
        /// Set when the binding is itself a parameter (`let a = 2`): its value is
        /// the parameter's current one, which fit and sweep move.
        var parameter: Parameter?
    }

    private(set) var bindings: [String: Binding] = [:]
    /// Binding names in the order they were first defined.
    private(set) var order: [String] = []
    let builtins: [String: Builtin]
    static let constants: [String: Double] = ["pi": Double.pi, "e": M_E, "inf": Double.infinity, "nan": Double.nan]

    /// How `rsample` differentiates during the current evaluation.
    var estimator: Estimator = .pathwise
    /// When set, bindings computed from parameters are recomputed (once per
    /// evaluation, memoized here) instead of reusing their stored value.
    var refreshed: [String: Value]?
    /// Whether pathwise draws of univariate families are made by inversion,
    /// z = F⁻¹(u; θ) (gradcheck: the same u at θ ± h makes the finite
    /// difference differentiate exactly what the implicit gradient does).
    var drawsByInversion = false
    /// While set, constructors called inline reuse the parameters their
    /// literals made at the previous evaluation (see `PinnedLiterals`).
    var pinnedLiterals: PinnedLiterals?

    var seed: UInt64
    /// The line being evaluated, so values can quote the source they came from.
    var source = ""
    /// Lambda calls in progress, bounded so runaway recursion is an error, not a crash.
    var callDepth = 0
    static let maximumCallDepth = 64
    var stream: RandomStream
    /// The session's Ctrl-C flag, read between the pieces of a large draw (`drawInPieces`).
    var interruption: InterruptFlag?
    /// Values per piece of a large draw: about a second of work for the slower families.
    var drawPieceValues = 10_000_000
    /// Least time between two progress reports of a large draw.
    var drawProgressSeconds = 2.0
    /// Called between the pieces of a large draw with the samples drawn so far and the total.
    var onDrawProgress: ((_ done: Int, _ total: Int) -> Void)?

    init(seed: UInt64) {
        self.seed = seed
        self.stream = RandomStream(seed: seed)
        var registry = BuiltinRegistry()
        registry.addMath()
        registry.addDistributions()
        registry.addBijections()
        registry.addExpectation()
        registry.addPosterior()
        self.builtins = registry.functions
    }

    func reseed(_ seed: UInt64) {
        self.seed = seed
        stream = RandomStream(seed: seed)
    }

    func reset() {
        bindings = [:]
        order = []
        reseed(seed)
    }

    /// Every name an identifier could refer to, for "did you mean" and completion.
    var knownNames: [String] {
        order + builtins.keys.sorted() + Interpreter.constants.keys.sorted()
    }

    func binding(_ name: String) -> Binding? { bindings[name] }

    /// `let name = expression`: parameters created by the expression take
    /// their final names (`d.loc`), and a plain number or vector becomes a
    /// parameter itself.
    func bind(_ name: String, to expression: Expression) throws -> Value {
        var value = try evaluate(expression)
        switch value {
        case let .tensor(tensor, provenance) where provenance.parameters.isEmpty && provenance.detachedDraws.isEmpty
            && Interpreter.isLiteral(expression):
            let parameter = Parameter(name: name, value: tensor, constraint: .real)
            parameter.isBound = true
            value = .tensor(parameter.value, Provenance(parameters: [parameter]))
            bindings[name] = Binding(value: value, expression: nil, parameter: parameter)
        case let .distribution(distribution):
            distribution.adopt(name: name)
            bindings[name] = Binding(value: value, expression: nil)
        case let .function(function):
            if case let .bijection(bijection) = function.body { bijection.adopt(name: name) }
            bindings[name] = Binding(value: value, expression: nil)
        default:
            let recomputable = !value.provenance.parameters.isEmpty
            bindings[name] = Binding(value: value, expression: recomputable ? expression : nil)
        }
        if !order.contains(name) { order.append(name) }
        return value
    }

    /// `ans`: the value of the last bare expression, as in Julia and IPython (`2 + 3` then `ans * 2`).
    /// A name of its own once the user binds it (`let ans = …` wins).
    func remember(answer value: Value) {
        guard !order.contains("ans") else { return }
        bindings["ans"] = Binding(value: value, expression: nil)
    }

    /// A binding's value computed again from the current parameters, or nil
    /// when it does not depend on any: a value bound from an expression is
    /// re-evaluated; a distribution re-evaluates its computed arguments and keeps
    /// its own parameters.
    func recomputed(_ binding: Binding) throws -> Value? {
        if let expression = binding.expression { return try evaluate(expression) }
        if case let .distribution(distribution) = binding.value, distribution.hasComputedSources {
            return .distribution(try distribution.recomputed(by: self))
        }
        if case let .function(function) = binding.value, case let .bijection(bijection) = function.body,
           let fresh = try bijection.recomputed(by: self) {
            return .function(Function(body: .bijection(fresh)))
        }
        return nil
    }

    /// Recomputes the bindings derived from parameters (after `fit` moved
    /// them), keeping the old value of any that no longer evaluates.
    func recomputeBindings() {
        refreshed = [:]
        defer { refreshed = nil }
        for name in order {
            guard let binding = bindings[name], let value = try? recomputed(binding) else { continue }
            refreshed?[name] = value
            bindings[name]?.value = value
        }
    }

    /// Whether an expression is a number or vector written out (`2`, `-1.5`,
    /// `[1, 2, 3]`): such values become parameters when bound or passed to a constructor.
    static func isLiteral(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .number: return true
        case let .unary(_, operand): return isLiteral(operand)
        case let .array(elements): return elements.allSatisfy(isLiteral)
        default: return false
        }
    }

    /// Every parameter reachable from the bindings, in creation order.
    var parameters: [Parameter] {
        var provenance = Provenance.none
        for name in order { if let binding = bindings[name] { provenance = provenance.union(binding.value.provenance) } }
        return provenance.parameters
    }

    /// The text of the current line that `range` covers.
    func text(_ range: SourceRange) -> String {
        let characters = Array(source)
        let lower = min(max(range.column - 1, 0), characters.count)
        let upper = min(max(range.endColumn - 1, lower), characters.count)
        return String(characters[lower..<upper])
    }

    /// How an expression is named in messages: `d`, `d.rsample`, or `this expression`.
    static func describe(_ expression: Expression) -> String {
        switch expression.kind {
        case let .identifier(name): return name
        case let .member(base, name): return "\(describe(base)).\(name)"
        case let .call(callee, _): return "\(describe(callee))(…)"
        default: return "this expression"
        }
    }
}
