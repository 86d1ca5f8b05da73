import Reparam

/// Distributions made of other distributions:
///
///     mixture(normal(-2, 1), gamma(2, 1), weights: [0.3, 0.7])   // p = Σₖ πₖ pₖ, π = w/Σw
///     mixture(normal(-2, 1), normal(2, 1), logits: [0, 1])       // π = softmax(l)
///     factorized(normal(0, 1), beta(2, 3))                        // p(z) = Π_d p_d(z_d)
///
/// Components written inline get their parameters named after the whole:
/// `let m = mixture(…)` makes `m.components[0].loc`; the weights are `m.weights`
/// (kept on the simplex while fitting) or `m.logits`.
extension BuiltinRegistry {
    mutating func addComposites() {
        add(Builtin(name: "mixture", signature: "mixture(d₁, d₂, …, weights: uniform | logits: l)",
                    summary: "a finite mixture of univariate distributions; implicit gradients through Σₖ πₖ Fₖ reach the weights too",
                    example: "mixture(normal(-2, 1), normal(2, 0.5), weights: [0.3, 0.7])") { arguments, _ in
            let components = try Arguments.components(of: arguments)
            try arguments.expectOnly(positional: components.count, named: ["weights", "logits"])
            if let logits = arguments.named["logits"], arguments.named["weights"] != nil {
                throw Diagnostic("mixture takes weights: or logits:, not both", at: logits.range)
            }
            let usesLogits = arguments.named["logits"] != nil
            let spec = Family.ParameterSpec(name: usesLogits ? "logits" : "weights", constraint: usesLogits ? .identity : .simplex,
                                            fallback: nil)
            let family = Family(name: "mixture", parameters: [spec], summary: "", example: "mixture(normal(-2, 1), normal(2, 1))",
                                build: { _ in throw ReparamError.invalidArgument("a mixture needs its components") },
                                compose: { tensors, distributions in
                let univariate = try distributions.map { distribution -> any UnivariateCDFFamily in
                    guard let component = distribution as? any UnivariateCDFFamily else {
                        throw ReparamError.invalidArgument("mixture components must be univariate with a CDF; \(distribution.name) is not")
                    }
                    return component
                }
                return try Mixture(components: univariate, weights: usesLogits ? .logits(tensors[0]) : .probabilities(tensors[0]))
            })
            let uniform = Tensor([Double](repeating: usesLogits ? 0 : 1 / Double(components.count), count: components.count))
            let weights = try source(for: arguments.named[spec.name], spec, of: family, arguments, fallback: uniform)
            return try validated(DistributionValue(family: family, sources: [weights], components: components), arguments)
        })
        add(Builtin(name: "factorized", signature: "factorized(d₁, d₂, …)",
                    summary: "independent univariate distributions, one per coordinate: p(z) = Π_d p_d(z_d); each keeps its own gradient route",
                    example: "factorized(normal(0, 1), gamma(2, 1))") { arguments, _ in
            let components = try Arguments.components(of: arguments)
            try arguments.expectOnly(positional: components.count, named: [])
            let family = Family(name: "factorized", parameters: [], summary: "", example: "factorized(normal(0, 1), gamma(2, 1))",
                                build: { _ in throw ReparamError.invalidArgument("a factorized distribution needs its factors") },
                                compose: { _, distributions in try Factorized(distributions) })
            return try validated(DistributionValue(family: family, sources: [], components: components), arguments)
        })
    }
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
