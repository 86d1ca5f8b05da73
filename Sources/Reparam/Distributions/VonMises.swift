import Foundation

/// VonMises(loc μ, concentration κ) on the circle [−π, π): p(z) = e^{κ cos(z − μ)} / (2π I₀(κ)).
///
/// Samples by Best–Fisher rejection; gradients are implicit: with x = z − μ wrapped into
/// [−π, π), dz/dμ = 1 and dz/dκ = −(∂F/∂κ)(x; κ)/p(x; κ), F the CDF of the centred law
/// (`vonMisesImplicitDerivatives`, exact to ~1e-12 relative over κ ∈ [1e-3, 1e4]).
/// `cdf` and `icdf` measure angles from the antipode μ − π: cdf(z) = F(wrap(z − μ)),
/// icdf(u) = wrap(μ + F⁻¹(u)). `mean` is the circular mean μ; `variance` is the variance of the
/// angle around μ, E[wrap(z − μ)²] on [−π, π) (π²/3 for κ → 0, ≈ 1/κ for large κ), and
/// `circularVariance` the circular variance 1 − I₁(κ)/I₀(κ) = 1 − E[cos(z − μ)] in [0, 1].
///
///     var stream = RandomStream(seed: 3)
///     let d = try VonMises(loc: .parameter(0.5), concentration: .parameter(4))
///     let z = try d.rsample(10_000, using: &stream)
///     let g = try gradients(of: cos(z - 0.5).mean(), withRespectTo: [d.concentration])  // ≈ A'(4)
public struct VonMises: UnivariateCDFFamily {
    public let loc: Tensor
    public let concentration: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("concentration", concentration)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .circle }
    public var reparameterization: Reparameterization { .implicit }

    /// - Throws: `ReparamError.invalidParameter` unless loc is finite and concentration positive
    ///   and finite; `ReparamError.shape` when they do not broadcast.
    public static let family = Family(
        constructor: "von_mises", name: "VonMises",
        parameters: [.init("loc", .real, default: 0, meaning: "the mean direction μ (an angle)"),
                     .init("concentration", .positive, meaning: "κ > 0; large κ is close to Normal(μ, 1/√κ)")],
        support: .fixed(.circle), route: .implicit,
        summary: "von Mises(loc μ, concentration κ) on angles [−π, π); Best–Fisher rejection, implicit gradient in κ; "
            + "d.variance is the variance of the angle around loc, d.circular_variance is 1 − I₁(κ)/I₀(κ)",
        formula: "p(z) = e^(κ cos(z − μ)) / (2π I₀(κ))", example: "von_mises(0.5, 4)") { inputs in
        try VonMises(loc: inputs[0], concentration: inputs[1])
    }

    public init(loc: Tensor, concentration: Tensor) throws {
        batchShape = try Self.family.checked([loc, concentration])
        self.loc = loc
        self.concentration = concentration
    }

    /// Best–Fisher angles x, then z = wrap(μ + x); gradients dz/dμ = 1, dz/dκ implicit at x.
    ///
    /// A batch that shares one κ takes the shared-κ route (Bessel-ratio series built once).
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let count = Shape.count(shape)
        let kappas = Kernels.expand(concentration, to: batchShape)
        let centred = kappas.withUnsafeBufferPointer { k in stream.collect(count) { $0.fillVonMises($1, concentration: k) } }
        // Split across cores like the draws; one location (the common case) is neither expanded nor indexed.
        let values: [Double]
        if loc.scalars.count == 1 {
            values = Kernels.map(centred) { [location = loc.scalars[0]] x in wrapAngle(location + x) }
        } else {
            let locs = Kernels.expand(loc, to: batchShape), batch = locs.count
            values = Kernels.generate(count) { i in wrapAngle(locs[i % batch] + centred[i]) }
        }
        let samples = Tensor(unchecked: shape, values)
        return ImplicitGradient.attach(samples, to: [loc, concentration]) { k in
            guard k == 1 else { return [Double](repeating: 1, count: count) }
            return Kernels.make(count) { out in
                centred.withUnsafeBufferPointer { x in
                    kappas.withUnsafeBufferPointer { kappa in
                        if kappa.count == 1 {
                            vonMisesImplicitDerivativesUnchecked(concentration: kappa[0], samples: x, into: out)
                        } else {
                            vonMisesImplicitDerivativesUnchecked(concentrations: kappa, samples: x, into: out)
                        }
                    }
                }
            }
        }
    }

    /// κ cos(z − μ) − log 2π − log I₀(κ), differentiable in z, μ and κ.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let shifted = try value.subtracting(loc)
        return try concentration.multiplying(cos(shifted)).subtracting(logBesselI0(concentration) + Foundation.log(2 * Double.pi))
    }

    /// F(wrap(z − μ); κ); ∂/∂z = p, ∂/∂μ = −p, ∂/∂κ by a dual κ.
    public func computeCDF(_ value: Tensor) throws -> Tensor {
        try recordElementwise([value, loc, concentration], name) { a, d in
            let x = wrapAngle(a[0] - a[1])
            let f = vonMisesCDF(Dual(x), concentration: Dual(a[2], derivative: 1))
            let density = vonMisesDensity(x, concentration: a[2])
            d[0] = density
            d[1] = -density
            d[2] = f.derivative
            return f.value
        }
    }

    /// wrap(μ + F⁻¹(u; κ)); ∂/∂u = 1/p, ∂/∂μ = 1, ∂/∂κ = dx/dκ (implicit).
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        try recordElementwise([probability, loc, concentration], name) { a, d in
            let x = inverseVonMisesCDFUnchecked(a[0], a[2])
            d[0] = 1 / vonMisesDensity(x, concentration: a[2])
            d[1] = 1
            d[2] = vonMisesImplicitDerivativeUnchecked(a[2], x)
            return wrapAngle(a[1] + x)
        }
    }

    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        let shifted = z - θ[0]
        let turns = ((shifted.value + Double.pi) / (2 * Double.pi)).rounded(.down)
        return vonMisesCDF(shifted - T(2 * Double.pi * turns), concentration: θ[1])
    }

    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        Foundation.log(vonMisesDensity(wrapAngle(z - θ[0]), concentration: θ[1]))
    }

    /// The circular mean μ.
    public var mean: Tensor { batched(loc) }
    /// The variance of the angle around μ, E[x²] for x = wrap(z − μ) ∈ [−π, π)
    /// (`vonMisesAngleVariance`); differentiable in κ.
    public var variance: Tensor {
        batched(concentration.unary({ vonMisesAngleVariance(concentration: $0) }) { kappa, _ in
            vonMisesAngleVariance(concentration: Dual(kappa, derivative: 1)).derivative
        })
    }
    /// The circular variance 1 − I₁(κ)/I₀(κ) = 1 − E[cos(z − μ)], in [0, 1]: the spread on the circle
    /// (1 − the length of the mean resultant), about half the angle's variance for large κ.
    public var circularVariance: Tensor { batched(besselRatioComplement(concentration)) }
    /// log(2π I₀(κ)) − κ I₁(κ)/I₀(κ) = log(2π e^{−κ}I₀(κ)) + κ(1 − I₁/I₀), the second form free of cancellation.
    public func computeEntropy() -> Tensor {
        batched(log(scaledBesselI0Tensor(concentration)) + Foundation.log(2 * Double.pi) + concentration * besselRatioComplement(concentration))
    }
}

/// The angle x + 2πk in [−π, π).
@inlinable
func wrapAngle(_ x: Double) -> Double {
    if x >= -Double.pi && x < Double.pi { return x }
    let wrapped = x - 2 * Double.pi * ((x + Double.pi) / (2 * Double.pi)).rounded(.down)
    return wrapped >= Double.pi ? wrapped - 2 * Double.pi : (wrapped < -Double.pi ? -Double.pi : wrapped)
}
