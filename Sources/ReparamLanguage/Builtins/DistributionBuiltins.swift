import Reparam

/// One constructor per engine family (`Family.all`): `normal(0, 1)`, `gamma(2, rate: 3)`,
/// `mixture(normal(-2, 1), gamma(2, 1), weights: [0.3, 0.7])`, `from_cdf(x => 1 - exp(-x), low: 0)`.
///
/// The constructor's name, signature, help text, parameters, constraints and defaults are the
/// engine declaration's; how the arguments are read follows its composition:
///
///     parameters                  positional or named, in declaration order
///     components / componentGrid  distributions positionally, then the named parameters
///     cumulativeDistributionFunction   a lambda F(x, θ…), low:, high:, and each θ named
///
/// Each argument that does not depend on a parameter (a literal, a constant) becomes a parameter
/// of its own; a computed argument keeps its graph. Components written inline get their
/// parameters named after the whole: `let m = mixture(…)` makes `m.components[0].loc`.
extension BuiltinRegistry {
    mutating func addDistributions() {
        for family in Family.all {
            add(Builtin(name: family.constructor, signature: family.signature, summary: family.summary,
                        example: family.example) { arguments, interpreter in
                try construct(family, arguments, interpreter)
            })
        }
    }
}

/// The distribution value of `family` from a call's arguments.
func construct(_ family: Family, _ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
    switch family.composition {
    case .parameters:
        // Positions count the parameters written by default (`binomial(10, 0.3)`); an alternative
        // (`logits:`) is named and takes the place of the one it replaces.
        let positional = family.parameters.filter { $0.alternativeTo == nil }
        try arguments.expectOnly(positional: positional.count, named: family.parameters.map(\.name) + family.flags.map(\.name))
        let used = try parametersInUse(family, arguments)
        for spec in used where spec.alternativeTo != nil {
            if let replaced = positional.firstIndex(where: { $0.name == spec.alternativeTo }), replaced < arguments.positional.count {
                throw Diagnostic("\(family.constructor) takes \(spec.alternativeTo ?? ""): or \(spec.name):, not both "
                                 + "(the argument in position \(replaced + 1) is \(spec.alternativeTo ?? ""))", at: arguments.positional[replaced].range)
            }
        }
        let sources = try used.map { spec in
            try source(for: arguments.item(positional.firstIndex { $0.name == spec.name }, spec.name), spec, of: family, arguments)
        }
        return try validated(DistributionValue(family: family, parameters: used, sources: sources, flags: try flags(of: family, arguments)), arguments)
    case .components, .component, .componentGrid:
        let components = try Arguments.components(of: arguments)
        if family.composition == .componentGrid, components.count != 1 {
            throw Diagnostic("\(family.constructor) takes one distribution whose parameters have shape [K, D] (component k, coordinate d), "
                             + "e.g. \(family.example)", at: arguments.positional[1].range)
        }
        if family.composition == .component, components.count != 1 {
            throw Diagnostic("\(family.constructor) takes one distribution, e.g. \(family.example)",
                             at: arguments.positional[min(1, arguments.positional.count - 1)].range)
        }
        try arguments.expectOnly(positional: components.count, named: family.parameters.map(\.name))
        let instances = try components.indices.map { k in
            try interpreter.engine(arguments.positional[k].range) { try components[k].instance() }
        }
        if family.composition == .componentGrid, instances[0].batchShape.count != 2 {
            throw Diagnostic("\(family.constructor) needs a distribution with parameters of shape [K, D] (component k, coordinate d); "
                             + "this one has batch shape \(instances[0].batchShape)", at: arguments.positional[0].range)
        }
        let used = try parametersInUse(family, arguments)
        let sources = try used.map { spec in
            try source(for: arguments.named[spec.name], spec, of: family, arguments,
                       fallback: family.defaultValue(of: spec, components: instances))
        }
        return try validated(DistributionValue(family: family, parameters: used, sources: sources, components: components), arguments)
    case .componentAndBijection:
        return try constructTransform(family, arguments, interpreter)
    case .cumulativeDistributionFunction:
        let definition = try CDFDefinition(arguments, interpreter)
        let sources = try definition.parameters.map { spec in
            try source(for: arguments.item(nil, spec.name), spec, of: family, arguments)
        }
        return try validated(DistributionValue(family: family, parameters: definition.parameters, sources: sources,
                                               cumulativeDistributionFunction: definition.function, support: definition.support),
                             arguments, positional: false)
    }
}

/// The family's flags turned on by the call (`hard: true`); each must be given as true or false.
func flags(of family: Family, _ arguments: Arguments) throws -> Set<String> {
    var on: Set<String> = []
    for flag in family.flags {
        guard let item = arguments.named[flag.name] else { continue }
        guard case let .boolean(value) = item.value else {
            throw Diagnostic("\(family.constructor) takes \(flag.name): true or \(flag.name): false; this is \(item.value.kindDescription)", at: item.range)
        }
        if value { on.insert(flag.name) }
    }
    return on
}

/// The declared parameters a call uses: a parameter given instead of another (`logits:` for
/// `weights:`) replaces it; giving both is an error.
func parametersInUse(_ family: Family, _ arguments: Arguments) throws -> [Family.Parameter] {
    // Two alternatives of one parameter (precision: and scale_tril: for covariance) named together.
    for spec in family.parameters where spec.alternativeTo == nil {
        let alternatives = family.parameters.filter { $0.alternativeTo == spec.name }.map(\.name)
        let named = alternatives.filter { arguments.named[$0] != nil }
        if named.count > 1, let second = arguments.named[named[1]] {
            let choices = ([spec.name] + alternatives).map { $0 + ":" }
            throw Diagnostic("\(family.constructor) takes one of \(choices.joined(separator: ", ")), not \(named.joined(separator: " and "))", at: second.range)
        }
    }
    for spec in family.parameters {
        if let alternative = spec.alternativeTo, let given = arguments.named[spec.name], arguments.named[alternative] != nil {
            throw Diagnostic("\(family.constructor) takes \(alternative): or \(spec.name):, not both", at: given.range)
        }
    }
    return family.parameters.filter { spec in
        if spec.alternativeTo != nil { return arguments.named[spec.name] != nil }
        return !family.parameters.contains { $0.alternativeTo == spec.name && arguments.named[$0.name] != nil }
    }
}

/// One parameter's source: a new parameter for a value that depends on none (or for the
/// default), the computed tensor otherwise — also for a value on the tape without a named
/// parameter (a draw passed to a log-joint, `z => poisson(z).log_prob(data)`), whose gradient
/// must flow through.
func source(for item: Arguments.Item?, _ spec: Family.Parameter, of family: Family,
            _ arguments: Arguments, fallback: Tensor? = nil) throws -> DistributionValue.Source {
    if let item {
        let (tensor, provenance) = try Arguments.tensor(of: item, callee: family.constructor, name: spec.name)
        guard provenance.parameters.isEmpty, !tensor.requiresGradient else { return .computed(tensor, provenance, item.expression) }
        return .parameter(Parameter(name: "\(family.constructor).\(spec.name)", value: tensor, constraint: spec.constraint))
    }
    let defaultValue: Tensor? = fallback ?? {
        if case let .value(x)? = spec.defaultValue { return Tensor(x) }
        return nil
    }()
    guard let value = defaultValue else {
        throw Diagnostic("\(family.constructor) needs '\(spec.name)', e.g. \(family.example)", at: arguments.range)
    }
    return .parameter(Parameter(name: "\(family.constructor).\(spec.name)", value: value, constraint: spec.constraint))
}

/// `value` once the engine accepts its parameters; a broken rule points at its argument.
func validated(_ value: DistributionValue, _ arguments: Arguments, positional: Bool = true) throws -> Value {
    do {
        _ = try value.instance()
    } catch let ReparamError.invalidParameter(_, parameter, shown, rule) {
        // Point at the argument that broke the rule when it was written out.
        let position = value.parameters.firstIndex { $0.name == parameter }
        let range = position.flatMap { arguments.item(positional ? $0 : nil, parameter)?.range } ?? arguments.range
        throw Diagnostic("\(value.family.constructor) needs \(parameter) to be \(rule), got \(shown)", at: range)
    }
    return .distribution(value)
}

extension Arguments {
    /// The positional arguments of a mixture or product, each a distribution.
    static func components(of arguments: Arguments) throws -> [DistributionValue] {
        guard !arguments.positional.isEmpty else {
            throw Diagnostic("\(arguments.callee) needs distributions to combine, e.g. \(arguments.callee)(normal(-2, 1), normal(2, 1))",
                             at: arguments.range)
        }
        return try arguments.positional.map { item in
            guard case let .distribution(distribution) = item.value else {
                throw Diagnostic("\(arguments.callee) combines distributions; this is \(item.value.kindDescription)", at: item.range)
            }
            return distribution
        }
    }
}
