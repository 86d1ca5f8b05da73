import Reparam

/// The bijections `transform(d, by)` pushes a distribution through, and `transform` itself:
///
///     affine(loc, scale)          y = loc + scale·x                log|y′| = log|scale|      (scale ≠ 0)
///     power(k)                    y = xᵏ on x > 0                  log|y′| = log|k| + (k−1) log x   (k ≠ 0)
///     exp sigmoid softplus tanh   the math functions, as values   (exp: log|y′| = x, …)
///     compose(f, g, …)            f∘g∘…: the last applies first
///
/// A negative scale or exponent makes the map decrease; the transform's cdf and icdf follow
/// (F_Y(y) = 1 − F_X(f⁻¹(y))).
///
///     let d = transform(normal(0, 1), compose(exp, affine(0, 2)))   // lognormal(0, 2)
extension BuiltinRegistry {
    mutating func addBijections() {
        let maps: [(kind: Bijection.Kind, signature: String, summary: String, example: String)] = [
            (.affine, "affine(loc, scale)",
             "the bijection y = loc + scale·x (scale ≠ 0) for transform(d, by)\n"
                + "log|dy/dx| = log|scale|; a negative scale reverses order: cdf_Y(y) = 1 − cdf_X((y − loc)/scale).\n"
                + "Also a function: affine(1, 2)(3) is 7",
             "transform(beta(2, 5), affine(10, -4))"),
            (.power, "power(k)",
             "the bijection y = xᵏ on x > 0 (k ≠ 0) for transform(d, by)\n"
                + "log|dy/dx| = log|k| + (k − 1) log x; a negative k reverses order.\n"
                + "exponential(1) through power(1/c), then affine(0, λ), is weibull(λ, c)",
             "transform(exponential(1), compose(affine(0, 2), power(0.5)))"),
        ]
        for map in maps {
            add(Builtin(name: map.kind.rawValue, signature: map.signature, summary: map.summary, example: map.example) { arguments, _ in
                try bijection(map.kind, arguments)
            })
        }
        add(Builtin(name: "compose", signature: "compose(f, g, …)",
                    summary: "the bijection f∘g∘…: g applies first, then f\n"
                        + "from affine, power, exp, sigmoid, softplus, tanh and other compositions; log|dy/dx| adds up along the chain",
                    example: "transform(normal(0, 1), compose(exp, affine(1, 0.5)))") { arguments, _ in
            try arguments.expectOnly(positional: .max, named: [])
            guard arguments.positional.count >= 2 else {
                throw Diagnostic("compose needs two or more bijections, e.g. compose(exp, affine(0, 2)) (affine first, then exp)", at: arguments.range)
            }
            // compose(f, g): g applies first.
            let parts = try arguments.positional.reversed().map { try BijectionValue.of($0, callee: "compose") }
            let composed = BijectionValue(parts.flatMap(\.steps))
            do { _ = try composed.instance() } catch let error as ReparamError { throw Diagnostic(error.languageMessage, at: arguments.range) }
            return .function(Function(body: .bijection(composed)))
        })
    }
}

/// `affine(loc, scale)` or `power(k)`: each argument a parameter of its own when it depends on
/// none (named `affine.loc` until bound), its graph kept otherwise; the rule checked here, the
/// caret under the argument that breaks it.
private func bijection(_ kind: Bijection.Kind, _ arguments: Arguments) throws -> Value {
    let names = kind.parameterNames
    try arguments.expectOnly(positional: names.count, named: names)
    var sources: [DistributionValue.Source] = []
    for (position, name) in names.enumerated() {
        guard let item = arguments.item(position, name) else {
            throw Diagnostic("\(kind.rawValue) needs '\(name)', e.g. \(kind == .affine ? "affine(0, 2)" : "power(0.5)")", at: arguments.range)
        }
        let (tensor, provenance) = try Arguments.tensor(of: item, callee: kind.rawValue, name: name)
        sources.append(provenance.parameters.isEmpty
                       ? .parameter(Parameter(name: "\(kind.rawValue).\(name)", value: tensor, constraint: .real))
                       : .computed(tensor, provenance, item.expression))
    }
    do {
        try Bijection(kind, parameters: sources.map(\.tensor)).validate()
    } catch let ReparamError.invalidParameter(_, parameter, shown, rule) {
        let position = names.firstIndex(of: parameter)
        throw Diagnostic("\(kind.rawValue) needs \(parameter) to be \(rule), got \(shown)",
                         at: arguments.item(position, parameter)?.range ?? arguments.range)
    }
    return .function(Function(body: .bijection(BijectionValue([.init(kind: kind, sources: sources)]))))
}

/// `transform(d, by)`: the distribution of by(z) for z from d, its parameters those of by's maps
/// (`affine_loc`, …) beside d's own (`t.components[0].loc`).
func constructTransform(_ family: Family, _ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
    try arguments.expectOnly(positional: 2, named: ["by"])
    guard let first = arguments.positional.first, case let .distribution(base) = first.value else {
        throw Diagnostic("transform needs a distribution first, then a bijection, e.g. \(family.example)"
                         + (arguments.positional.first.map { "; this is \($0.value.kindDescription)" } ?? ""),
                         at: arguments.positional.first?.range ?? arguments.range)
    }
    guard let byItem = arguments.item(1, "by") else {
        throw Diagnostic("transform needs a bijection after the distribution (exp, sigmoid, softplus, tanh, affine(loc, scale), "
                         + "power(k), compose(f, g)), e.g. \(family.example)", at: arguments.range)
    }
    // A base it cannot take (a Dirichlet, a Poisson) points at the base.
    _ = try interpreter.engine(first.range) { try TransformedDistribution.checkedBase(base.instance()) }
    let by = try BijectionValue.of(byItem, callee: "transform")
    let value = DistributionValue(family: family, parameters: by.parameterSpecs, sources: by.sources, components: [base], bijections: by.kinds)
    // The rule a map breaks on this base (power of a Normal) points at the map.
    do { _ = try value.instance() } catch let error as ReparamError { throw Diagnostic(error.languageMessage, at: byItem.range) }
    return .distribution(value)
}
