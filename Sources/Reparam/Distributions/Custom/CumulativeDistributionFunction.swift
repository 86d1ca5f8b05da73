/// A user's cumulative distribution function F(z; θ), written once over any `RealScalar`.
///
/// The engine evaluates it on `Double` for values, on dual numbers for the
/// density p = ∂F/∂z and the parameter derivatives ∂F/∂θ, so a protocol (not a
/// closure) lets one definition serve every scalar type; an interpreted
/// function can conform as well as Swift code. It need not be cheap: sampling
/// calls it a few times per sample. Return NaN for a value it cannot compute
/// (the engine reports where).
///
///     struct WeibullCDF: CumulativeDistributionFunction {   // θ = (scale λ, shape k)
///         func callAsFunction<T: RealScalar>(_ z: T, _ θ: [T]) -> T { 1 - exp(-pow(z / θ[0], θ[1])) }
///     }
///     let d = try CustomDistribution(name: "Weibull", cdf: WeibullCDF(),
///                                    parameters: [("scale", .parameter(1.5)), ("shape", .parameter(2))], support: .positive)
public protocol CumulativeDistributionFunction: Sendable {
    /// F(z; θ) with θ in the order of the distribution's parameters.
    func callAsFunction<T: RealScalar>(_ z: T, _ parameters: [T]) -> T
}
