import Reparam

/// `?gamma` for a family, and its JSON description, both read from the engine's declaration.
///
///     gamma(concentration, rate: 1)
///     Gamma(concentration α, rate β), mean α/β; implicit: dz/dα = −(∂P(α, βz)/∂α)/p(z)
///     formula:     p(z) = βᵅ zᵅ⁻¹ e^(−βz) / Γ(α) on z > 0
///     support:     positive numbers
///     event shape: [] (univariate)
///     rsample:     implicit
///     parameters:  concentration  positive  shape α > 0 (α < 1 piles mass at 0)
///                  rate           positive  inverse scale β > 0; the mean is α/β (default 1)
///     methods:     sample rsample log_prob cdf icdf entropy
///     example:     let d = gamma(2, rate: 3)
enum FamilyHelp {
    static func text(_ family: Family) -> String {
        let width = family.parameters.map(\.name.count).max() ?? 0
        let constraintWidth = family.parameters.map(\.constraint.description.count).max() ?? 0
        let parameterLines = family.parameters.map { p in
            p.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + p.constraint.description.padding(toLength: constraintWidth, withPad: " ", startingAt: 0) + "  " + p.meaning
                + defaultNote(p)
        }
        var lines = [family.signature, family.summary,
                     "formula:     " + family.formula,
                     "support:     " + family.support.description,
                     "event shape: " + family.eventShape.description,
                     "rsample:     " + family.route.description]
        if family.composition == .componentAndBijection {
            lines.append("maps:        affine(loc, scale) power(k) exp sigmoid softplus tanh compose(f, g)")
            lines.append("moments:     exact through affine maps and exp of a normal, else by quadrature")
        }
        if family.composition == .cumulativeDistributionFunction {
            lines.append("parameters:  the names after x in F, each given by name (real)")
        } else if !parameterLines.isEmpty {
            lines.append("parameters:  " + parameterLines[0])
            lines += parameterLines.dropFirst().map { "             " + $0 }
        }
        for (index, flag) in family.flags.enumerated() {
            lines.append((index == 0 ? "flags:       " : "             ") + "\(flag.name): true  " + flag.meaning)
        }
        lines.append("methods:     " + DistributionValue.methods(of: family).joined(separator: " "))
        lines.append("example:     let d = " + family.example)
        return lines.joined(separator: "\n")
    }

    private static func defaultNote(_ parameter: Family.Parameter) -> String {
        switch parameter.defaultValue {
        case let .value(x)?: " (default \(NumberFormat.short(x)))"
        case .equalWeights?: " (default: equal)"
        case nil: parameter.alternativeTo.map { " (instead of \($0))" } ?? ""
        }
    }

    /// The declaration as JSON: constructor, name, parameters (name, constraint, default, meaning),
    /// support, event shape, route, methods, summary, formula, example.
    static func json(_ family: Family) -> JSON {
        .object([
            ("constructor", .string(family.constructor)), ("name", .string(family.name)),
            ("parameters", .array(family.parameters.map { p in
                .object([("name", .string(p.name)), ("constraint", .string(p.constraint.description)),
                         ("default", defaultJSON(p)), ("meaning", .string(p.meaning))]
                        + (p.alternativeTo.map { [("instead_of", JSON.string($0))] } ?? []))
            })),
            ("flags", .array(family.flags.map { .object([("name", .string($0.name)), ("meaning", .string($0.meaning))]) })),
            ("support", .string(family.support.description)), ("event_shape", .string(family.eventShape.description)),
            ("rsample", .string(family.route.description)),
            ("methods", .array(DistributionValue.methods(of: family).map { .string($0) })),
            ("summary", .string(family.summary)), ("formula", .string(family.formula)), ("example", .string(family.example)),
        ])
    }

    private static func defaultJSON(_ parameter: Family.Parameter) -> JSON {
        switch parameter.defaultValue {
        case let .value(x)?: .number(x)
        case .equalWeights?: .string("equal")
        case nil: .null
        }
    }
}
