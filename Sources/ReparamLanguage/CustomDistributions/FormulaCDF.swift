import Reparam

/// A `from_cdf` lambda as the engine's CDF: F(z; θ) = the lambda's body at (z, θ₁, θ₂, …).
///
/// The engine evaluates it on `Double` for values and on dual numbers for the
/// density ∂F/∂z and the derivatives ∂F/∂θ that the implicit rule needs, so
/// the interpreted formula is differentiated exactly, like a Swift closure.
///
///     // (x, k) => 1 - exp(-(x/2)^k)
///     try CustomDistribution(name: "FromCDF", cdf: FormulaCDF(formula: F), parameters: [("k", k)], support: .positive)
struct FormulaCDF: CumulativeDistributionFunction {
    let formula: ScalarFormula

    func callAsFunction<T: RealScalar>(_ z: T, _ parameters: [T]) -> T { formula.evaluate(z, parameters) }
}
