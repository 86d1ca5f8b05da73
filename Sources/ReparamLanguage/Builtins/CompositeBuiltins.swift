import Reparam

/// Distributions made of other distributions:
///
///     mixture(normal(-2, 1), gamma(2, 1), weights: [0.3, 0.7])   // p = Σₖ πₖ pₖ, π = w/Σw
///     mixture(normal(-2, 1), normal(2, 1), logits: [0, 1])       // π = softmax(l)
///     factorized(normal(0, 1), beta(2, 3))                        // p(z) = Π_d p_d(z_d)
///     diagonal_mixture(normal([[-2, 0], [2, 1]], 0.5))           // p(z) = Σₖ πₖ Π_d pₖd(z_d), K = D = 2
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
            let (spec, usesLogits) = try Arguments.mixingWeights(of: arguments)
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
            let weights = try source(for: arguments.named[spec.name], spec, of: family, arguments,
                                     fallback: Arguments.uniformWeights(components.count, logits: usesLogits))
            return try validated(DistributionValue(family: family, sources: [weights], components: components), arguments)
        })
        add(Builtin(name: "diagonal_mixture", signature: "diagonal_mixture(d, weights: uniform | logits: l)",
                    summary: "a mixture of K factorized components over D coordinates, d with parameters of shape [K, D]; implicit gradients by Graves' sequential transform",
                    example: "diagonal_mixture(normal([[-2, 0], [2, 1]], 0.5), weights: [0.3, 0.7])") { arguments, interpreter in
            let components = try Arguments.components(of: arguments)
            guard components.count == 1 else {
                throw Diagnostic("diagonal_mixture takes one distribution whose parameters have shape [K, D] (component k, coordinate d), "
                                 + "e.g. diagonal_mixture(normal([[-2, 0], [2, 1]], 0.5))", at: arguments.positional[1].range)
            }
            try arguments.expectOnly(positional: 1, named: ["weights", "logits"])
            let (spec, usesLogits) = try Arguments.mixingWeights(of: arguments)
            let shape = try interpreter.engine(arguments.positional[0].range) { try components[0].instance().batchShape }
            guard shape.count == 2 else {
                throw Diagnostic("diagonal_mixture needs a distribution with parameters of shape [K, D] (component k, coordinate d); "
                                 + "this one has batch shape \(shape)", at: arguments.positional[0].range)
            }
            let family = Family(name: "diagonal_mixture", parameters: [spec], summary: "",
                                example: "diagonal_mixture(normal([[-2, 0], [2, 1]], 0.5))",
                                build: { _ in throw ReparamError.invalidArgument("a diagonal mixture needs its components") },
                                compose: { tensors, distributions in
                guard let component = distributions[0] as? any UnivariateCDFFamily else {
                    throw ReparamError.invalidArgument("diagonal_mixture components must be univariate with a CDF; \(distributions[0].name) is not")
                }
                return try DiagonalMixture(components: component, weights: usesLogits ? .logits(tensors[0]) : .probabilities(tensors[0]))
            })
            let weights = try source(for: arguments.named[spec.name], spec, of: family, arguments,
                                     fallback: Arguments.uniformWeights(shape[0], logits: usesLogits))
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
    /// A mixture's `weights:` (kept on the simplex while fitting) or `logits:`, and which of the two was given.
    static func mixingWeights(of arguments: Arguments) throws -> (spec: Family.ParameterSpec, usesLogits: Bool) {
        if let logits = arguments.named["logits"], arguments.named["weights"] != nil {
            throw Diagnostic("\(arguments.callee) takes weights: or logits:, not both", at: logits.range)
        }
        let usesLogits = arguments.named["logits"] != nil
        return (Family.ParameterSpec(name: usesLogits ? "logits" : "weights", constraint: usesLogits ? .identity : .simplex, fallback: nil),
                usesLogits)
    }

    /// Equal weights for `count` components: 1/count each, or logits 0.
    static func uniformWeights(_ count: Int, logits: Bool) -> Tensor {
        Tensor([Double](repeating: logits ? 0 : 1 / Double(count), count: count))
    }

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
