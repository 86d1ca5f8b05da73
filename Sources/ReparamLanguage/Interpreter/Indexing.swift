import Reparam

/// `x[i]`, `x[a:b:s]`, `x[:, j]`: indexing and slicing with negative indices counted from the end.
extension Interpreter {
    func index(_ base: Value, _ components: [IndexComponent], at range: SourceRange,
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

    fileprivate func integer(_ expression: Expression, what: String, locals: [String: Value]) throws -> Int {
        let value = try evaluate(expression, locals: locals)
        guard case let .tensor(tensor, _) = value, let number = tensor.scalar, number.isFinite,
              number.rounded() == number, abs(number) < 1e12 else {
            throw Diagnostic("\(what) must be a whole number, got \(Arguments.describe(value))", at: expression.range)
        }
        return Int(number)
    }

    /// `m.components[k]`: one distribution of a mixture or product.
    func component(of owner: Expression, _ components: [IndexComponent], at range: SourceRange,
                   locals: [String: Value]) throws -> Value {
        let value = try evaluate(owner, locals: locals)
        guard case let .distribution(distribution) = value, !distribution.components.isEmpty else {
            throw Diagnostic("\(Interpreter.describe(owner)) has no components; only mixture(…) and factorized(…) do", at: range)
        }
        guard components.count == 1, case let .single(position) = components[0] else {
            throw Diagnostic("pick one component, e.g. \(Interpreter.describe(owner)).components[0]", at: range)
        }
        let k = try integer(position, what: "a component index", locals: locals)
        let count = distribution.components.count
        guard (-count..<count).contains(k) else {
            throw Diagnostic("component \(k) is out of range: \(Interpreter.describe(owner)) has \(count)", at: position.range)
        }
        return .distribution(distribution.components[k < 0 ? k + count : k])
    }
}
