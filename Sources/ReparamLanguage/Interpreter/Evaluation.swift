import Reparam

/// Expressions to values: literals, names, vectors, operators.
extension Interpreter {
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
        case let .index(base, components):
            if case let .member(owner, "components") = base.kind {
                return try component(of: owner, components, at: expression.range, locals: locals)
            }
            return try index(evaluate(base, locals: locals), components, at: expression.range, locals: locals)
        case let .lambda(parameters, body):
            return .function(Function(body: .lambda(parameters: parameters, body: body, captured: locals),
                                      source: text(expression.range)))
        case .range:
            throw Diagnostic("a range a..b only appears in 'plot … for x in a..b'", at: expression.range)
        }
    }

    fileprivate func lookup(_ name: String, at range: SourceRange, locals: [String: Value]) throws -> Value {
        if let value = locals[name] { return value }
        if let binding = bindings[name] {
            if let parameter = binding.parameter {
                return .tensor(parameter.value, Provenance(parameters: [parameter]))
            }
            if refreshed != nil {
                if let value = refreshed?[name] { return value }
                if let value = try recomputed(binding) {
                    refreshed?[name] = value
                    return value
                }
            }
            return binding.value
        }
        if let builtin = builtins[name] { return .function(Function(body: .builtin(builtin))) }
        if let constant = Interpreter.constants[name] { return .number(constant) }
        let candidates = Array(locals.keys) + knownNames
        throw Diagnostic("unknown name '\(name)'" + Suggestions.hint(for: name, among: candidates), at: range)
    }

    fileprivate func array(_ elements: [Expression], at range: SourceRange, locals: [String: Value]) throws -> Value {
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

    fileprivate func binary(_ op: BinaryOperator, _ left: Value, _ right: Value,
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
                case .matrixProduct: return try MatrixBuiltins.product(a, b)
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

    fileprivate func isNumeric(_ value: Value) -> Bool {
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
            throw Diagnostic(error.languageMessage, at: range)
        }
    }
}
