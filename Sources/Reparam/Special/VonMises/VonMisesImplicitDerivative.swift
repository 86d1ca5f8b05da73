import Foundation

/// dx/dκ of a von Mises(0, κ) sample x ∈ [−π, π], by the implicit rule:
/// dx/dκ = −(∂F/∂κ)(x; κ) / p(x; κ).
///
/// ∂F/∂κ and p come from the representation of F that is accurate where x lies (the Fourier
/// series, the Gaussian-moment expansion or the tail integral; see `vonMisesImplicitDerivativeUnchecked`),
/// each in a form where p's exponential cancels or never overflows, so κ = 1e4 stays finite.
///
///     try vonMisesImplicitDerivative(concentration: 2, sample: -0.5)   // 0.15552632465558…
///
/// - Throws: `ReparamError.invalidParameter` for a negative or non-finite κ,
///   `ReparamError.invalidArgument` for a sample outside [−π, π].
public func vonMisesImplicitDerivative(concentration kappa: Double, sample x: Double) throws -> Double {
    try validateVonMisesConcentration(kappa)
    guard x >= -Double.pi && x <= Double.pi else {
        throw ReparamError.invalidArgument("von Mises: a sample must lie in [-π, π] (location 0), got \(x)")
    }
    return vonMisesImplicitDerivativeUnchecked(kappa, x)
}

/// The implicit derivative without argument checks (callers have validated).
///
/// Tails (the region where `vonMisesCDF` integrates, plus wherever F or p would underflow)
/// use `vonMisesTailImplicitDerivative`, in which the density's exponential cancels; near the
/// mode of κ ≥ 50 the Gaussian-moment expansion is differentiated in plain doubles
/// (`vonMisesExpansionImplicitDerivative`); elsewhere the Fourier series of F and p, also in plain
/// doubles (`vonMisesFourierImplicitDerivative`). `logNormalizerSlope` is I₁(κ)/I₀(κ) − 1 (computed
/// here when nil, and only on the routes that need it).
@inlinable
func vonMisesImplicitDerivativeUnchecked(_ kappa: Double, _ x: Double,
                                         logNormalizerSlope: Double? = nil) -> Double {
    if x == 0 || Swift.abs(x) == Double.pi { return 0 }  // the mode and the antimode never move
    let halfSine = Foundation.sin(0.5 * x)
    let exponent = 2 * kappa * halfSine * halfSine
    let expansionRegion = kappa >= vonMisesExpansionLimit && halfSine * halfSine <= 0.5 && exponent <= 700
    if expansionRegion {
        let slope = logNormalizerSlope ?? -besselRatioComplement(kappa)
        // dx/dκ is odd in x; the expansion is written for x < 0.
        return x < 0 ? vonMisesExpansionImplicitDerivative(halfSine, kappa, logNormalizerSlope: slope)
            : -vonMisesExpansionImplicitDerivative(-halfSine, kappa, logNormalizerSlope: slope)
    }
    if exponent > 3 || Double.pi - Swift.abs(x) < 0.1 {
        let slope = logNormalizerSlope ?? -besselRatioComplement(kappa)
        // dx/dκ is odd in x; the tail integral is written for x < 0.
        return x < 0 ? vonMisesTailImplicitDerivative(x, kappa, logNormalizerSlope: slope)
            : -vonMisesTailImplicitDerivative(-x, kappa, logNormalizerSlope: slope)
    }
    return vonMisesFourierImplicitDerivative(x, kappa, halfSine: halfSine)
}

/// dx/dκ for −π < x < 0 from the tail integral of `vonMisesTailCDF`, finite even where F and p
/// underflow.
///
/// With F = e^{−2κy²} M(κ) / (2π e^{−κ}I₀) and p = e^{−2κy²} / (2π e^{−κ}I₀), the exponentials
/// cancel: dx/dκ = −(∂F/∂κ)/p = M (2y² + I₁/I₀ − 1) − ∂M/∂κ, every term ≥ 0 there, with
/// M = 2√V ∫ e^{−κV sin²φ} sin φ / √(2y² + V sin²φ) dφ and ∂M/∂κ the same with −V sin²φ inside.
@inlinable
func vonMisesTailImplicitDerivative(_ x: Double, _ kappa: Double, logNormalizerSlope: Double) -> Double {
    let halfSine = Foundation.sin(0.5 * x), halfCosine = Foundation.cos(0.5 * x)
    let squaredSine = halfSine * halfSine
    let v = 2 * halfCosine * halfCosine
    let kv = kappa * v
    let cut = 40.0
    let upper = kv <= cut ? Double.pi / 2 : Foundation.asin((cut / kv).squareRoot())
    var integral = 0.0, slope = 0.0
    let fullRange = kv <= cut
    for (index, (node, weight)) in gaussLegendre32.enumerated() {
        let s = fullRange ? vonMisesTailFullRangeSines[index] : Foundation.sin(0.5 * upper * (1 + node))
        let square = s * s
        let term = weight * s * Foundation.exp(-kv * square) / (2 * squaredSine + v * square).squareRoot()
        integral += term
        slope -= v * square * term
    }
    let scale = 2 * v.squareRoot() * 0.5 * upper
    return scale * (integral * (2 * squaredSine + logNormalizerSlope) - slope)
}

/// sin φ at the 32 Gauss–Legendre nodes φ = (π/4)(1 + node) of [0, π/2], the tail rule's range
/// wherever κV ≤ 40: computed once, the same numbers `vonMisesTailImplicitDerivative` would compute.
@usableFromInline let vonMisesTailFullRangeSines: [Double] = gaussLegendre32.map { Foundation.sin(0.5 * (Double.pi / 2) * (1 + $0.node)) }

/// The von Mises(0, κ) quantile: the x ∈ [−π, π] with F(x; κ) = p.
///
/// Safeguarded Newton on the lower half (F(−x) = 1 − F(x) gives the upper half exactly):
/// steps x ← x − (F(x) − p)/p(x), falling back to bisection whenever a step leaves the
/// bracket that the signs of F − p have established. The start is the normal
/// approximation 2 asin(Φ⁻¹(p)/(2√κ)) for κ ≥ 1, and the uniform 2πp − π below.
///
///     try inverseVonMisesCDF(p: 0.9, concentration: 10)   // 0.41371903020105…
///
/// - Throws: `ReparamError.invalidParameter` for a negative or non-finite κ,
///   `ReparamError.invalidArgument` for p outside [0, 1].
public func inverseVonMisesCDF(p: Double, concentration kappa: Double) throws -> Double {
    try validateVonMisesConcentration(kappa)
    guard p >= 0 && p <= 1 else {
        throw ReparamError.invalidArgument("von Mises: a probability must lie in [0, 1], got \(p)")
    }
    return inverseVonMisesCDFUnchecked(p, kappa)
}

@inlinable
func inverseVonMisesCDFUnchecked(_ p: Double, _ kappa: Double) -> Double {
    if p == 0.5 { return 0 }
    // 1 − p is exact for p ≥ 1/2, so the upper half mirrors without loss.
    if p > 0.5 { return -inverseVonMisesLowerCDF(1 - p, kappa) }
    return inverseVonMisesLowerCDF(p, kappa)
}

/// Solves F(x; κ) = p for p < 1/2, x ∈ [−π, 0).
@inlinable
func inverseVonMisesLowerCDF(_ p: Double, _ kappa: Double) -> Double {
    if p <= 0 { return -Double.pi }
    var low = -Double.pi, high = 0.0
    var x: Double
    if kappa >= 1 {
        let halfSine = standardNormalQuantile(p) / (2 * kappa.squareRoot())
        x = 2 * Foundation.asin(max(-1, halfSine))
    } else {
        x = 2 * Double.pi * p - Double.pi
    }
    if !(x > low && x < high) { x = 0.5 * (low + high) }
    let normalizer = 2 * Double.pi * scaledBesselI0(kappa)
    for _ in 0..<200 {
        let residual = vonMisesCDF(x, concentration: kappa) - p
        if residual == 0 { return x }
        if residual < 0 { low = x } else { high = x }
        let halfSine = Foundation.sin(0.5 * x)
        let density = Foundation.exp(-2 * kappa * halfSine * halfSine) / normalizer
        var next = x - residual / density
        if !(next > low && next < high) { next = 0.5 * (low + high) }
        if Swift.abs(next - x) <= 1e-16 * Swift.abs(x) || high - low <= 1e-16 * Swift.abs(x) {
            return next
        }
        x = next
    }
    return x
}

@usableFromInline
func validateVonMisesConcentration(_ kappa: Double) throws {
    guard kappa >= 0 && kappa.isFinite else {
        throw ReparamError.invalidParameter(distribution: "von Mises", parameter: "concentration",
                                            value: "\(kappa)", rule: "finite and non-negative")
    }
}

/// dx/dκ from the Gaussian-moment expansion of `vonMisesGaussianMomentCDF` (κ ≥ 50, y = sin(x/2) < 0),
/// the recurrence differentiated by hand: with a = 2|y|√κ, E = e^{−2κy²}, s = y²,
/// m₀' = −aE/(2κ), g_k' = g_k(−1/(2κ) − 2s), m_k' = (2k−1)/(4κ) m'_{k−1} − (2k−1)/(4κ²) m_{k−1} + g_k',
/// and dx/dκ = −(∂F/∂κ)/p = −[S' − S(1/(2κ) + I₁/I₀ − 1)] / (√κ E), S = Σ C(2k,k)/4^k m_k.
@inlinable
func vonMisesExpansionImplicitDerivative(_ halfSine: Double, _ kappa: Double, logNormalizerSlope: Double) -> Double {
    let squared = halfSine * halfSine
    let rootKappa = kappa.squareRoot()
    let a = -2 * halfSine * rootKappa
    let fourKappa = 4 * kappa
    let gaussian = Foundation.exp(-2 * kappa * squared)
    var moment = (2 * Double.pi).squareRoot() * 0.5 * complementaryErrorFunction(scaledBy: a)
    var slope = -a * gaussian / (2 * kappa)
    var boundary = a * gaussian / fourKappa
    let boundaryRate = -1 / (2 * kappa) - 2 * squared   // g_k'/g_k
    var coefficient = 1.0
    var sum = moment, sumSlope = slope
    var k = 1
    while k < 400 {
        let odd = Double(2 * k - 1)
        slope = odd / fourKappa * slope - odd / (fourKappa * kappa) * moment + boundary * boundaryRate
        moment = odd / fourKappa * moment + boundary
        coefficient *= odd / Double(2 * k)
        sum += coefficient * moment
        sumSlope += coefficient * slope
        if coefficient * moment <= 1e-17 * sum && Swift.abs(coefficient * slope) <= 1e-17 * Swift.abs(sumSlope) { break }
        boundary *= squared
        k += 1
    }
    return -(sumSlope - sum * (0.5 / kappa + logNormalizerSlope)) / (rootKappa * gaussian)
}
