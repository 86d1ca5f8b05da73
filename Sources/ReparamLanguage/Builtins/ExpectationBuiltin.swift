import Reparam

/// `expectation(d, f)`: E[f(z)] under d computed exactly, differentiable in d's parameters, so
/// `grad expectation(d, f)` is the exact gradient every estimator is judged against:
///
///     discrete, finite support     Σₖ P(k; θ) f(k)                 (enumeration)
///     relaxed_bernoulli            ∫₀¹ f(F⁻¹(u; θ)) du              (graded Gauss–Legendre)
///
///     let b = bernoulli(logits: 0.4)
///     grad expectation(b, k => (k - 0.45)^2)     // σ′(0.4)·(0.3025 − 0.2025) = 0.0240
///
/// `f` receives every support point at once (a tensor) and must give one value per point.
extension BuiltinRegistry {
    mutating func addExpectation() {
        add(Builtin(name: "expectation", signature: "expectation(d, f)",
                    summary: "E[f(z)] under d exactly (a finite discrete support by enumeration, relaxed_bernoulli by quadrature); grad of it is the exact gradient",
                    example: "expectation(binomial(10, 0.3), k => k^2)") { arguments, interpreter in
            try arguments.expectOnly(positional: 2, named: ["d", "f"])
            guard let item = arguments.item(0, "d"), case let .distribution(distribution) = item.value else {
                throw Diagnostic("expectation takes a distribution first, e.g. expectation(bernoulli(0.3), k => k)", at: arguments.range)
            }
            guard let fItem = arguments.item(1, "f"), case let .function(function) = fItem.value else {
                throw Diagnostic("expectation takes a function of the value second, e.g. k => (k - 0.45)^2",
                                 at: arguments.item(1, "f")?.range ?? arguments.range)
            }
            let instance = try distribution.instance()
            var used = distribution.provenance
            let f: (Tensor) throws -> Tensor = { points in
                let result = try interpreter.apply(function, Arguments(callee: "f", items: [Arguments.Item(label: nil, value: .tensor(points, .none),
                                                                                                           range: fItem.range)],
                                                                       range: fItem.range))
                guard case let .tensor(values, provenance) = result else {
                    throw Diagnostic("expectation: f must give numbers, one per point; it gave \(result.kindDescription)", at: fItem.range)
                }
                used = used.union(provenance)
                return values
            }
            let value: Tensor
            if let discrete = instance as? any DiscreteDistribution {
                value = try Enumeration.expectation(of: f, under: discrete)
            } else if let relaxed = instance as? RelaxedBernoulli {
                value = try relaxed.expectation(of: f)
            } else {
                throw Diagnostic("expectation is exact for a discrete family with a finite support (by enumeration) and for relaxed_bernoulli "
                                 + "(by quadrature); for \(distribution.family.constructor) estimate it as mean(f(d.sample(n)))", at: item.range)
            }
            return .tensor(value, used)
        })
    }
}
