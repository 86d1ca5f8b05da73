import Reparam

/// The arguments of `from_cdf(F, low:, high:, θ: value, …)`, read into what the engine's
/// `from_cdf` family builds from: the CDF, its support and its parameters.
///
/// F is a lambda whose first parameter is the point x and whose others are the distribution's
/// parameters, each given by a named argument and each a parameter of its own (`d.k`). Numbers
/// the formula mentions by name are read when the distribution is made.
///
///     let w = from_cdf((x, k) => 1 - exp(-(x/2)^k), k: 1.5, low: 0)
///     grad mean(w.rsample(1000))
struct CDFDefinition {
    let function: any CumulativeDistributionFunction
    let support: Support
    /// One real parameter per name after x.
    let parameters: [Family.Parameter]

    init(_ arguments: Arguments, _ interpreter: Interpreter) throws {
        let (lambda, functionRange) = try arguments.function(0, "F")
        guard case let .lambda(names, body, captured) = lambda.body, let variable = names.first else {
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
        function = FormulaCDF(formula: formula)
        support = Support.between(low, high)
        parameters = parameterNames.map { Family.Parameter($0, .real, meaning: "a parameter of F") }
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
