import Reparam

/// A bijection in the language, the `by` of `transform(d, by)`: `exp`, `sigmoid`, `softplus`, `tanh`
/// (the math functions themselves), `affine(loc, scale)`, `power(k)`, and compositions
/// `compose(f, g, …)` = f∘g∘… (the last applies first, as in mathematics).
///
/// The maps are held in the order they apply, each with its parameters' sources: a literal
/// becomes a parameter (`affine.loc`, renamed `b.loc` by `let b = affine(0, 2)`), a computed
/// argument keeps its graph, so `grad` reaches a map's parameters as it reaches a family's.
/// A bijection is also a function: `affine(1, 2)(3)` is 7.
///
///     let b = compose(exp, affine(0, 2))   // y = e^{2x}
///     transform(normal(0, 1), b)           // LogNormal(0, 2)
final class BijectionValue {
    /// One map and the sources of its parameters (`Bijection.Kind.parameterNames` order).
    struct Step {
        let kind: Bijection.Kind
        let sources: [DistributionValue.Source]
    }

    /// The maps in the order they apply to x.
    let steps: [Step]

    init(_ steps: [Step]) { self.steps = steps }

    /// The maps the math functions of the same names stand for.
    static let plainKinds: [Bijection.Kind] = [.exp, .sigmoid, .softplus, .tanh]

    var kinds: [Bijection.Kind] { steps.map(\.kind) }
    var sources: [DistributionValue.Source] { steps.flatMap(\.sources) }

    var provenance: Provenance { sources.reduce(Provenance.none) { $0.union($1.provenance) } }

    /// The same maps with their computed parameters evaluated again (after `fit` moved what they depend on).
    func recomputed(by interpreter: Interpreter) throws -> BijectionValue? {
        guard sources.contains(where: \.isRecomputable) else { return nil }
        return BijectionValue(try steps.map { Step(kind: $0.kind, sources: try $0.sources.map { try $0.recomputed(by: interpreter) }) })
    }

    /// The engine's maps at the current parameter values (each checked).
    func instance() throws -> [Bijection] {
        let maps = try Bijection.assemble(kinds, parameters: sources.map(\.tensor))
        for map in maps { try map.validate() }
        return maps
    }

    /// y = f(x), differentiable in x and the maps' parameters.
    func apply(_ x: Tensor) throws -> Tensor {
        try TransformedDistribution.push(x, through: instance())
    }

    /// The declared parameters a transform by this bijection has: `affine_loc`, `affine_scale`, ….
    var parameterSpecs: [Family.Parameter] {
        Bijection.parameterNames(kinds).map { name in
            Family.Parameter(name, .real, meaning: name.hasSuffix("scale") ? "the affine map's scale (nonzero; negative reverses)"
                             : name.hasSuffix("loc") ? "the affine map's shift" : "the power's exponent k (nonzero; negative reverses)")
        }
    }

    /// `let b = …`: the parameters its literals made are named `b.loc`, `b.scale` (one map) or
    /// `b.affine_loc`, … (a composition).
    func adopt(name: String) {
        let names = steps.count == 1 ? steps[0].kind.parameterNames : Bijection.parameterNames(kinds)
        for (label, source) in zip(names, sources) {
            if case let .parameter(parameter) = source, !parameter.isBound {
                parameter.name = "\(name).\(label)"
                parameter.isBound = true
            }
        }
    }

    /// `compose(exp, affine(0, 2))`, as it would be typed back.
    func summary(format: ValueFormat) -> String {
        BijectionValue.summary(kinds, sources.map(\.tensor), format: format)
    }

    /// The maps `kinds` with parameter values `tensors`, as typed: `exp`, `affine(0, 2)`, `compose(exp, affine(0, 2))`.
    static func summary(_ kinds: [Bijection.Kind], _ tensors: [Tensor], format: ValueFormat) -> String {
        var rest = tensors[...]
        let written = kinds.map { kind -> String in
            let mine = rest.prefix(kind.parameterNames.count).map { format.tensor($0).replacingOccurrences(of: "\n", with: " ") }
            rest = rest.dropFirst(kind.parameterNames.count)
            return mine.isEmpty ? kind.rawValue : "\(kind.rawValue)(\(mine.joined(separator: ", ")))"
        }
        return written.count == 1 ? written[0] : "compose(" + written.reversed().joined(separator: ", ") + ")"
    }

    /// The bijection an argument names: a bijection value, or one of the math functions exp,
    /// sigmoid, softplus, tanh; anything else is an error saying what would do.
    static func of(_ item: Arguments.Item, callee: String) throws -> BijectionValue {
        let choices = "exp, sigmoid, softplus, tanh, affine(loc, scale), power(k) or compose(f, g)"
        guard case let .function(function) = item.value else {
            throw Diagnostic("\(callee) needs a bijection (\(choices)); got \(item.value.kindDescription)", at: item.range)
        }
        switch function.body {
        case let .bijection(bijection): return bijection
        case let .builtin(builtin):
            if let kind = Bijection.Kind(rawValue: builtin.name), plainKinds.contains(kind) { return BijectionValue([Step(kind: kind, sources: [])]) }
            throw Diagnostic("\(callee) needs a bijection (\(choices)); \(builtin.name) is not one"
                             + (["abs", "sin", "cos", "tan"].contains(builtin.name) ? " (it is not one-to-one)" : ""), at: item.range)
        case .lambda:
            throw Diagnostic("\(callee) needs a bijection (\(choices)); a lambda's inverse and Jacobian are unknown to it", at: item.range)
        }
    }
}
