import Reparam

/// `posterior(logjoint)`: the posterior known through its log-joint, the target of a variational
/// fit. The value is the log-joint itself (a function of one z, log p(x, z) up to a constant),
/// checked to take one argument:
///
///     let data = [3, 5, 2, 4, 6]
///     let lj = z => sum(poisson(z).log_prob(data)) + gamma(2, 1).log_prob(z)
///     let q = gamma(1, 1)
///     fit q to posterior(lj) using stl, score     // ELBO and KL to the exact Gamma(22, 6), two estimators
///
/// `fit` recognises the exact posterior when the log-joint, evaluated over q's support, is a
/// Normal, Gamma or Beta log-density in z up to a constant (the conjugate models), and then shows
/// the KL divergence to it (`ConjugatePosterior`).
extension BuiltinRegistry {
    static let posteriorExample = "let data = [3, 5, 2, 4, 6] · let lj = z => sum(poisson(z).log_prob(data)) + gamma(2, 1).log_prob(z) · "
        + "let q = gamma(1, 1) · fit q to posterior(lj) using stl, score steps 200 samples 16"

    static let posteriorDetails = """
        logjoint(z) is log p(x, z) for one value z (a number); fit calls it on each draw, or on all draws at once when that
        gives the same numbers. The exact posterior is known when the log-joint, evaluated over q's support, is in z a
        Normal (c1 z + c2 z^2), Gamma (c1 log z + c2 z) or Beta (c1 log z + c2 log(1 - z)) log-density up to a constant,
        as for a Normal mean under a Normal prior, a Poisson rate under a Gamma prior, a Bernoulli probability under a
        Beta prior, with q of that family: fit then shows it, log p(x), and KL(q || posterior) at every step.
        """

    mutating func addPosterior() {
        add(Builtin(name: "posterior", signature: "posterior(logjoint)",
                    summary: "the posterior p(z | x) ∝ exp(logjoint(z)) as the target of fit (variational inference); logjoint is z => log p(x, z)\n"
                        + BuiltinRegistry.posteriorDetails,
                    example: BuiltinRegistry.posteriorExample) { arguments, interpreter in
            try arguments.expectOnly(positional: 1, named: ["logjoint"])
            let item = try arguments.required(0, "logjoint")
            return .function(try Session.logJoint(item.value, described: interpreter.text(item.range), at: item.range))
        })
    }
}

extension Session {
    /// `value` as a log-joint: a lambda of one variable; a diagnostic naming what is wrong otherwise.
    static func logJoint(_ value: Value, described: String, at range: SourceRange) throws -> Function {
        let advice = "write the log-joint as a function of one z, e.g. z => sum(poisson(z).log_prob(data)) + gamma(2, 1).log_prob(z)"
        guard case let .function(function) = value else {
            throw Diagnostic("posterior needs a log-joint z => log p(x, z), but \(described) is \(value.kindDescription); \(advice)", at: range)
        }
        guard case let .lambda(parameters, _, _) = function.body else {
            throw Diagnostic("posterior needs a log-joint written as a lambda, but \(described) is the built-in \(function.name); \(advice)", at: range)
        }
        guard parameters.count == 1 else {
            throw Diagnostic("the log-joint takes one variable z, but \(described) takes \(parameters.count) (\(parameters.joined(separator: ", "))); "
                             + advice, at: range)
        }
        return function
    }
}
