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
    }
}

func construct(_ family: Family, _ arguments: Arguments) throws -> Value {
    try arguments.expectOnly(positional: family.parameters.count, named: family.parameters.map(\.name))
    var sources: [DistributionValue.Source] = []
    for (position, spec) in family.parameters.enumerated() {
        if let item = arguments.item(position, spec.name) {
            let (tensor, provenance) = try Arguments.tensor(of: item, callee: family.name, name: spec.name)
            if provenance.parameters.isEmpty {
                sources.append(.parameter(Parameter(name: "\(family.name).\(spec.name)", value: tensor, constraint: spec.constraint)))
            } else {
                sources.append(.computed(tensor, provenance))
            }
        } else if let fallback = spec.fallback {
            sources.append(.parameter(Parameter(name: "\(family.name).\(spec.name)", value: Tensor(fallback), constraint: spec.constraint)))
        } else {
            throw Diagnostic("\(family.name) needs '\(spec.name)', e.g. \(family.example)", at: arguments.range)
        }
    }
    let value = DistributionValue(family: family, sources: sources)
    do {
        _ = try value.instance()
    } catch let ReparamError.invalidParameter(_, parameter, shown, rule) {
        // Point at the argument that broke the rule when it was written out.
        let position = family.parameters.firstIndex { $0.name == parameter }
        let range = position.flatMap { arguments.item($0, parameter)?.range } ?? arguments.range
        throw Diagnostic("\(family.name) needs \(parameter) to be \(rule), got \(shown)", at: range)
    }
    return .distribution(value)
}
