import Reparam

/// A function the language provides, with the help text `?name` shows.
struct Builtin {
    let name: String
    /// `gamma(concentration, rate)`
    let signature: String
    let summary: String
    /// A line that runs as typed.
    let example: String
    let call: (Arguments, Interpreter) throws -> Value
}

/// Builds builtins one line each:
///
///     registry.unary("exp", "eˣ", Reparam.exp)
struct BuiltinRegistry {
    private(set) var functions: [String: Builtin] = [:]

    mutating func add(_ builtin: Builtin) { functions[builtin.name] = builtin }

    /// An elementwise function of one tensor.
    mutating func unary(_ name: String, _ summary: String, _ body: @escaping (Tensor) throws -> Tensor) {
        add(Builtin(name: name, signature: "\(name)(x)", summary: summary, example: "\(name)([0.5, 1, 2])") { arguments, _ in
            try arguments.expectOnly(positional: 1, named: ["x"])
            let (x, provenance) = try arguments.tensor(0, "x")
            return .tensor(try body(x), provenance)
        })
    }

    /// A broadcasting function of two tensors.
    mutating func binary(_ name: String, _ parameters: (String, String), _ summary: String,
                         example: String, _ body: @escaping (Tensor, Tensor) throws -> Tensor) {
        add(Builtin(name: name, signature: "\(name)(\(parameters.0), \(parameters.1))", summary: summary,
                    example: example) { arguments, _ in
            try arguments.expectOnly(positional: 2, named: [parameters.0, parameters.1])
            let (a, pa) = try arguments.tensor(0, parameters.0)
            let (b, pb) = try arguments.tensor(1, parameters.1)
            return .tensor(try body(a, b), pa.union(pb))
        })
    }

    /// A reduction over every element, or along `axis:` when given. Linear
    /// reductions (sum, mean) apply pending score-function weights first.
    mutating func reduction(_ name: String, _ summary: String, linear: Bool = false,
                            all: @escaping (Tensor) throws -> Tensor,
                            axis: @escaping (Tensor, Int) throws -> Tensor) {
        add(Builtin(name: name, signature: "\(name)(x, axis: none)", summary: summary,
                    example: "\(name)([[1, 2], [3, 4]], axis: 0)") { arguments, _ in
            try arguments.expectOnly(positional: 2, named: ["x", "axis"])
            var (x, provenance) = try arguments.tensor(0, "x")
            let along = try arguments.optionalInteger(1, "axis")
            if linear, along == nil || along == 0 { (x, provenance) = try provenance.weighting(x) }
            guard let along else {
                guard x.count > 0 else { throw Diagnostic("\(name) of an empty tensor", at: arguments.range) }
                return .tensor(try all(x), provenance)
            }
            return .tensor(try axis(x, along), provenance)
        })
    }
}
