import Reparam

/// `from_cdf(F, low:, high:, θ: value, …)`: a distribution from its CDF.
///
/// F is a lambda whose first parameter is the point x and whose others are
/// the distribution's parameters, each given by a named argument and each a
/// parameter of its own (`d.k`). Numbers the formula mentions by name are
/// read when the distribution is made. The engine's `CustomDistribution`
/// does the rest: inversion, density ∂F/∂x, implicit gradients, checks.
///
///     let w = from_cdf((x, k) => 1 - exp(-(x/2)^k), k: 1.5, low: 0)
///     grad mean(w.rsample(1000))
extension BuiltinRegistry {
    mutating func addFromCDF() {
        add(Builtin(name: "from_cdf", signature: "from_cdf(F, low: -inf, high: inf, θ₁: value, …)",
                    summary: "the distribution with CDF F(x, θ…) on (low, high); sampled by inversion, implicit gradients, density ∂F/∂x",
                    example: "from_cdf((x, k) => 1 - exp(-(x/2)^k), k: 1.5, low: 0)") { arguments, interpreter in
            let (function, functionRange) = try arguments.function(0, "F")
            guard case let .lambda(names, body, captured) = function.body, let variable = names.first else {
                throw Diagnostic("from_cdf needs a lambda whose first parameter is x, e.g. x => 1 - exp(-x)", at: functionRange)
            }
            let parameterNames = Array(names.dropFirst())
            try arguments.expectOnly(positional: 1, named: ["F", "low", "high"] + parameterNames)
            let low = try arguments.optionalTensor(nil, "low")?.0.scalar ?? -.infinity
            let high = try arguments.optionalTensor(nil, "high")?.0.scalar ?? .infinity
            guard low < high, !low.isNaN, !high.isNaN else {
                throw Diagnostic("from_cdf needs low < high, got low \(NumberFormat.short(low)) and high \(NumberFormat.short(high))", at: arguments.range)
            }
            let formula = try ScalarFormula(body, variables: [variable] + parameterNames) { name in
                let value = captured[name] ?? interpreter.binding(name)?.value
                if case let .tensor(tensor, _)? = value, let number = tensor.scalar { return number }
                return Interpreter.constants[name]
            }
            let support = Support.between(low, high)
            let family = Family(name: "from_cdf", parameters: parameterNames.map { .init(name: $0, constraint: .identity, fallback: nil) },
                                summary: "a distribution given by its CDF", example: "from_cdf(x => 1 - exp(-x), low: 0)") { values in
                let distribution = try CustomDistribution(name: "FromCDF", cdf: FormulaCDF(formula: formula),
                                                          parameters: Array(zip(parameterNames, values)), support: support)
                // A lambda that is not a CDF is rejected where it is written, not at its first draw.
                try distribution.validate()
                return distribution
            }
            return try construct(family, arguments, positional: false)
        })
    }
}

extension Support {
    /// The support (low, high) by its engine name: the real line, the positive half-line, (0, 1) or an interval.
    static func between(_ low: Double, _ high: Double) -> Support {
        switch (low, high) {
        case (-.infinity, .infinity): .real
        case (0, .infinity): .positive
        case (0, 1): .unitInterval
        default: .interval(low, high)
        }
    }
}
