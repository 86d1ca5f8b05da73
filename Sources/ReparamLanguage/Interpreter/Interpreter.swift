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
    }

    private(set) var bindings: [String: Binding] = [:]
    /// Binding names in the order they were first defined.
    private(set) var order: [String] = []
    let builtins: [String: Builtin]
    static let constants: [String: Double] = ["pi": Double.pi, "e": M_E, "inf": Double.infinity, "nan": Double.nan]

    /// How `rsample` differentiates during the current evaluation.
    var estimator: GradientEstimator = .pathwise
    /// When set, bindings computed from parameters are recomputed (once per
    /// evaluation, memoized here) instead of reusing their stored value.
    var refreshed: [String: Value]?

    var seed: UInt64
    /// The line being evaluated, so values can quote the source they came from.
    var source = ""
    /// Lambda calls in progress, bounded so runaway recursion is an error, not a crash.
    private var callDepth = 0
    static let maximumCallDepth = 64
    var stream: RandomStream

    init(seed: UInt64) {
        self.seed = seed
        self.stream = RandomStream(seed: seed)
        var registry = BuiltinRegistry()
        registry.addMath()
        registry.addDistributions()
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
            let parameter = Parameter(name: name, value: tensor, constraint: .identity)
            parameter.isBound = true
            value = .tensor(parameter.value, Provenance(parameters: [parameter]))
            bindings[name] = Binding(value: value, expression: nil)
        case let .distribution(distribution):
            distribution.adopt(name: name)
            bindings[name] = Binding(value: value, expression: nil)
        default:
            let recomputable = !value.provenance.parameters.isEmpty
            bindings[name] = Binding(value: value, expression: recomputable ? expression : nil)
        }
        if !order.contains(name) { order.append(name) }
        return value
    }

    /// Recomputes the bindings derived from parameters (after `fit` moved
    /// them), keeping the old value of any that no longer evaluates.
    func recomputeBindings() {
        refreshed = [:]
        defer { refreshed = nil }
        for name in order {
            guard let binding = bindings[name], let expression = binding.expression,
                  let value = try? evaluate(expression) else { continue }
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

    // MARK: Evaluation

    func evaluate(_ expression: Expression, locals: [String: Value] = [:]) throws -> Value {
        switch expression.kind {
        case let .number(value): return .number(value)
        case let .string(value): return .string(value)
        case let .boolean(value): return .boolean(value)
        case let .identifier(name): return try lookup(name, at: expression.range, locals: locals)
        case let .array(elements): return try array(elements, at: expression.range, locals: locals)
        case let .unary(op, operand):
            let value = try evaluate(operand, locals: locals)
            guard case let .tensor(tensor, provenance) = value else {
                throw Diagnostic("'\(op.rawValue)' needs a number or tensor, got \(value.kindDescription)", at: operand.range)
            }
            return .tensor(op == .negate ? -tensor : tensor, provenance)
        case let .binary(op, left, right):
            return try binary(op, evaluate(left, locals: locals), evaluate(right, locals: locals),
                              left: left.range, right: right.range)
        case let .call(callee, arguments): return try call(callee, arguments, at: expression.range, locals: locals)
        case let .member(base, name): return try member(evaluate(base, locals: locals), name, base: base, at: expression.range)
        case let .index(base, components): return try index(evaluate(base, locals: locals), components, at: expression.range, locals: locals)
        case let .lambda(parameters, body):
            return .function(Function(body: .lambda(parameters: parameters, body: body, captured: locals),
                                      source: text(expression.range)))
        case .range:
            throw Diagnostic("a range a..b only appears in 'plot … for x in a..b'", at: expression.range)
        }
    }

    private func lookup(_ name: String, at range: SourceRange, locals: [String: Value]) throws -> Value {
        if let value = locals[name] { return value }
        if let binding = bindings[name] {
            if refreshed != nil, let expression = binding.expression {
                if let value = refreshed?[name] { return value }
                let value = try evaluate(expression)
                refreshed?[name] = value
                return value
            }
            return binding.value
        }
        if let builtin = builtins[name] { return .function(Function(body: .builtin(builtin))) }
        if let constant = Interpreter.constants[name] { return .number(constant) }
        let candidates = Array(locals.keys) + knownNames
        throw Diagnostic("unknown name '\(name)'" + Suggestions.hint(for: name, among: candidates), at: range)
    }

    private func array(_ elements: [Expression], at range: SourceRange, locals: [String: Value]) throws -> Value {
        var tensors: [Tensor] = []
        var provenance = Provenance.none
        for element in elements {
            let value = try evaluate(element, locals: locals)
            guard case let .tensor(tensor, elementProvenance) = value else {
                throw Diagnostic("a vector holds numbers, got \(value.kindDescription)", at: element.range)
            }
            if let first = tensors.first, first.shape != tensor.shape {
                throw Diagnostic("every row of a matrix needs the same shape: this one is \(tensor.shape), the first was \(first.shape)",
                                 at: element.range)
            }
            tensors.append(tensor)
            provenance = provenance.union(elementProvenance)
        }
        guard !tensors.isEmpty else { return .tensor(Tensor([Double]()), .none) }
        if tensors.allSatisfy({ $0.rank == 0 && !$0.requiresGradient }) {
            return .tensor(Tensor(tensors.map { $0.scalars[0] }), provenance)
        }
        return .tensor(try engine(range) { try Reparam.stack(tensors) }, provenance)
    }

    private func binary(_ op: BinaryOperator, _ left: Value, _ right: Value,
                        left leftRange: SourceRange, right rightRange: SourceRange) throws -> Value {
        let range = leftRange.union(rightRange)
        switch (left, right) {
        case let (.tensor(a, pa), .tensor(b, pb)):
            let provenance = pa.union(pb)
            let result: Tensor = try engine(range) {
                switch op {
                case .add: return try a.adding(b)
                case .subtract: return try a.subtracting(b)
                case .multiply: return try a.multiplying(b)
                case .divide: return try a.dividing(by: b)
                case .power: return try a.raised(to: b)
                case .equal: return try a.compared(.equal, b)
                case .notEqual: return try a.compared(.notEqual, b)
                case .less: return try a.compared(.less, b)
                case .lessEqual: return try a.compared(.lessOrEqual, b)
                case .greater: return try a.compared(.greater, b)
                case .greaterEqual: return try a.compared(.greaterOrEqual, b)
                }
            }
            if op.isComparison, result.rank == 0 { return .boolean(result.scalars[0] != 0) }
            return .tensor(result, op.isComparison ? .none : provenance)
        case let (.boolean(a), .boolean(b)) where op == .equal || op == .notEqual:
            return .boolean((a == b) == (op == .equal))
        case let (.string(a), .string(b)) where op == .equal || op == .notEqual:
            return .boolean((a == b) == (op == .equal))
        default:
            let culprit = isNumeric(left) ? (right, rightRange) : (left, leftRange)
            throw Diagnostic("'\(op.rawValue)' needs numbers or tensors on both sides, got \(culprit.0.kindDescription)"
                             + Interpreter.advice(for: culprit.0), at: culprit.1)
        }
    }

    private func isNumeric(_ value: Value) -> Bool {
        if case .tensor = value { return true }
        return false
    }

    /// What to write instead when a value is used where a number was expected.
    static func advice(for value: Value) -> String {
        switch value {
        case .distribution: return "; draw from it with .rsample(n), or use .mean"
        case .function: return "; call it, e.g. f(1)"
        default: return ""
        }
    }

    /// Runs an engine call, turning its errors into diagnostics at `range`.
    func engine<Result>(_ range: SourceRange, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as ReparamError {
            throw Diagnostic(error.description, at: range)
        }
    }

    // MARK: Calls

    private func call(_ callee: Expression, _ arguments: [Argument], at range: SourceRange,
                      locals: [String: Value]) throws -> Value {
        let items = try arguments.map { argument in
            Arguments.Item(label: argument.label, value: try evaluate(argument.value, locals: locals), range: argument.range)
        }
        if case let .member(baseExpression, name) = callee.kind {
            let base = try evaluate(baseExpression, locals: locals)
            return try method(name, on: base, base: baseExpression, items: items, at: range)
        }
        let function = try evaluate(callee, locals: locals)
        guard case let .function(function) = function else {
            throw Diagnostic("\(Interpreter.describe(callee)) is \(function.kindDescription), not a function", at: callee.range)
        }
        return try apply(function, Arguments(callee: Interpreter.describe(callee), items: items, range: range))
    }

    /// Calls a function value with evaluated arguments.
    func apply(_ function: Function, _ arguments: Arguments) throws -> Value {
        switch function.body {
        case let .builtin(builtin):
            return try engine(arguments.range) { try builtin.call(arguments, self) }
        case let .lambda(parameters, body, captured):
            try arguments.expectOnly(positional: parameters.count, named: parameters)
            callDepth += 1
            defer { callDepth -= 1 }
            guard callDepth <= Interpreter.maximumCallDepth else {
                throw Diagnostic("functions call each other more than \(Interpreter.maximumCallDepth) levels deep; "
                                 + "a function that calls itself never ends here", at: arguments.range)
            }
            var locals = captured
            for (position, parameter) in parameters.enumerated() {
                locals[parameter] = try arguments.required(position, parameter).value
            }
            return try evaluate(body, locals: locals)
        }
    }

    private func method(_ name: String, on base: Value, base baseExpression: Expression,
                        items: [Arguments.Item], at range: SourceRange) throws -> Value {
        let owner = Interpreter.describe(baseExpression)
        switch base {
        case let .distribution(distribution):
            let arguments = Arguments(callee: "\(owner).\(name)", items: items, range: range)
            return try engine(range) { try distribution.method(name, arguments, owner: owner, interpreter: self) }
        case .tensor:
            guard let builtin = builtins[name] else {
                throw Diagnostic("a tensor has no method '\(name)'"
                                 + Suggestions.hint(for: name, among: Array(builtins.keys)), at: range)
            }
            let selfItem = Arguments.Item(label: nil, value: base, range: baseExpression.range)
            return try apply(Function(body: .builtin(builtin)),
                             Arguments(callee: name, items: [selfItem] + items, range: range))
        default:
            throw Diagnostic("\(owner) is \(base.kindDescription) and has no method '\(name)'", at: range)
        }
    }

    private func member(_ base: Value, _ name: String, base baseExpression: Expression, at range: SourceRange) throws -> Value {
        let owner = Interpreter.describe(baseExpression)
        switch base {
        case let .distribution(distribution):
            return try engine(range) { try distribution.property(name, owner: owner, at: range, interpreter: self) }
        case let .tensor(tensor, _):
            if name == "shape" { return .tensor(Tensor(tensor.shape.map(Double.init)), .none) }
            if name == "size" { return .number(Double(tensor.count)) }
            if let builtin = builtins[name] {
                return try apply(Function(body: .builtin(builtin)),
                                 Arguments(callee: name, items: [Arguments.Item(label: nil, value: base, range: baseExpression.range)],
                                           range: range))
            }
            throw Diagnostic("a tensor has no property '\(name)'"
                             + Suggestions.hint(for: name, among: ["shape", "size"] + builtins.keys), at: range)
        default:
            throw Diagnostic("\(owner) is \(base.kindDescription) and has no property '\(name)'", at: range)
        }
    }

    // MARK: Indexing

    private func index(_ base: Value, _ components: [IndexComponent], at range: SourceRange,
                       locals: [String: Value]) throws -> Value {
        guard case .tensor(var tensor, let provenance) = base else {
            throw Diagnostic("only tensors can be indexed; this is \(base.kindDescription)", at: range)
        }
        guard components.count <= tensor.rank else {
            throw Diagnostic("\(components.count) indices for a tensor of rank \(tensor.rank) (shape \(tensor.shape))", at: range)
        }
        var axis = 0
        for component in components {
            switch component {
            case let .single(expression):
                let position = try integer(expression, what: "an index", locals: locals)
                tensor = try engine(expression.range) { try tensor.select(axis: axis, position) }
            case let .slice(start, end, step, sliceRange):
                let length = tensor.shape[axis]
                let stride = try step.map { try integer($0, what: "a slice step", locals: locals) } ?? 1
                guard stride >= 1 else { throw Diagnostic("a slice step must be at least 1, got \(stride)", at: sliceRange) }
                func bound(_ expression: Expression?, _ fallback: Int) throws -> Int {
                    guard let expression else { return fallback }
                    let value = try integer(expression, what: "a slice bound", locals: locals)
                    return Swift.min(Swift.max(value < 0 ? value + length : value, 0), length)
                }
                let lower = try bound(start, 0)
                let upper = Swift.max(try bound(end, length), lower)
                let current = tensor
                if stride == 1 {
                    tensor = try engine(sliceRange) { try current.slice(axis: axis, lower..<upper) }
                } else {
                    let picked = try engine(sliceRange) {
                        try Swift.stride(from: lower, to: upper, by: stride).map { try current.slice(axis: axis, $0..<($0 + 1)) }
                    }
                    tensor = picked.isEmpty ? try engine(sliceRange) { try current.slice(axis: axis, lower..<lower) }
                        : try engine(sliceRange) { try concatenate(picked, axis: axis) }
                }
                axis += 1
            }
        }
        return .tensor(tensor, provenance)
    }

    private func integer(_ expression: Expression, what: String, locals: [String: Value]) throws -> Int {
        let value = try evaluate(expression, locals: locals)
        guard case let .tensor(tensor, _) = value, let number = tensor.scalar, number.isFinite,
              number.rounded() == number, abs(number) < 1e12 else {
            throw Diagnostic("\(what) must be a whole number, got \(Arguments.describe(value))", at: expression.range)
        }
        return Int(number)
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
