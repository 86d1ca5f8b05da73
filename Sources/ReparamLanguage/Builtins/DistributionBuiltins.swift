import Reparam

/// One constructor per family: `normal(0, 1)`, `gamma(2, rate: 3)`.
///
/// Each argument that does not depend on a parameter (a literal, a constant)
/// becomes a parameter of its own; a computed argument keeps its graph.
extension BuiltinRegistry {
    mutating func addDistributions() {
        for family in Family.all {
            add(Builtin(name: family.name, signature: family.signature, summary: family.summary,
                        example: family.example) { arguments, _ in
                try construct(family, arguments)
            })
        }
        addFromCDF()
        addComposites()
    }
}

/// The distribution value of `family` from a call's arguments, positional
/// and named (or, with `positional: false`, named only: the caller checked them).
func construct(_ family: Family, _ arguments: Arguments, positional: Bool = true) throws -> Value {
    if positional { try arguments.expectOnly(positional: family.parameters.count, named: family.parameters.map(\.name)) }
    let sources = try family.parameters.enumerated().map { position, spec in
        try source(for: arguments.item(positional ? position : nil, spec.name), spec, of: family, arguments)
    }
    return try validated(DistributionValue(family: family, sources: sources), arguments, positional: positional)
}

/// One parameter's source: a new parameter for a value that depends on none
/// (or for the default), the computed tensor otherwise.
func source(for item: Arguments.Item?, _ spec: Family.ParameterSpec, of family: Family,
            _ arguments: Arguments, fallback: Tensor? = nil) throws -> DistributionValue.Source {
    if let item {
        let (tensor, provenance) = try Arguments.tensor(of: item, callee: family.name, name: spec.name)
        guard provenance.parameters.isEmpty else { return .computed(tensor, provenance, item.expression) }
        return .parameter(Parameter(name: "\(family.name).\(spec.name)", value: tensor, constraint: spec.constraint))
    }
    guard let value = fallback ?? spec.fallback.map({ Tensor($0) }) else {
        throw Diagnostic("\(family.name) needs '\(spec.name)', e.g. \(family.example)", at: arguments.range)
    }
    return .parameter(Parameter(name: "\(family.name).\(spec.name)", value: value, constraint: spec.constraint))
}

/// `value` once the engine accepts its parameters; a broken rule points at its argument.
func validated(_ value: DistributionValue, _ arguments: Arguments, positional: Bool = true) throws -> Value {
    let family = value.family
    do {
        _ = try value.instance()
    } catch let ReparamError.invalidParameter(_, parameter, shown, rule) {
        // Point at the argument that broke the rule when it was written out.
        let position = family.parameters.firstIndex { $0.name == parameter }
        let range = position.flatMap { arguments.item(positional ? $0 : nil, parameter)?.range } ?? arguments.range
        throw Diagnostic("\(family.name) needs \(parameter) to be \(rule), got \(shown)", at: range)
    }
    return .distribution(value)
}
