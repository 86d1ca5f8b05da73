import Foundation

// The standard normal distribution function Φ, its logarithm and its inverse,
// each accurate to a few ulps in both tails.

/// Φ(z) = erfc(−z/√2)/2, the standard normal CDF (relative accuracy in the lower tail down to
/// the smallest doubles; Φ' = φ).
///
///     standardNormalCDF(-1.0)   // 0.15865525393145707
/// The argument −z/√2 is carried as a double-double: in the tail, erfc(a) moves by 2a² ulps per
/// ulp of a, so a rounded argument alone would cost 1e-13 at z = −37.
@inlinable
public func standardNormalCDF<T: RealScalar>(_ z: T) -> T {
    z.lift(value: 0.5 * complementaryErrorFunction(scaledBy: -z.value), derivative: standardNormalDensity(z.value))
}

/// φ(z) = e^{−z²/2}/√(2π) with z² carried exactly (a rounded z² would cost z²ε/2 relative).
@usableFromInline
func standardNormalDensity(_ z: Double) -> Double {
    let square = z * z, squareLow = Foundation.fma(z, z, -square)
    return Foundation.exp(-0.5 * square) * (1 - 0.5 * squareLow) / (2 * Double.pi).squareRoot()
}

/// erfc(c/√2) with c/√2 formed to about twice double precision.
@usableFromInline
func complementaryErrorFunction(scaledBy c: Double) -> Double {
    // erfc(±∞) = 0, 2 (the double-double split below would form ∞ − ∞).
    if c.isInfinite { return c > 0 ? 0 : 2 }
    // 1/√2 = inverseRootTwo + inverseRootTwoLow to 106 bits.
    let inverseRootTwo = 0.7071067811865476, inverseRootTwoLow = -4.833646656726457e-17
    let high = c * inverseRootTwo
    let low = Foundation.fma(c, inverseRootTwo, -high) + c * inverseRootTwoLow
    // erfc(a + δ) = erfc(a) − δ (2/√π) e^{−a²} + O(δ²).
    return Foundation.erfc(high) - low * (2 / Double.pi.squareRoot()) * Foundation.exp(-high * high)
}

/// log φ(z) = −z²/2 − log(2π)/2, the standard normal log density.
///
///     standardNormalLogDensity(0.0)   // −0.9189385332046728
@inlinable
public func standardNormalLogDensity<T: RealScalar>(_ z: T) -> T {
    -0.5 * z * z - T(0.5 * Foundation.log(2 * Double.pi))
}

/// log Φ(z), finite for every finite z: (log Φ)' = φ/Φ.
///
/// * z ≥ 0: log1p(−Φ(−z)), keeping the digits of the small upper tail;
/// * −35 ≤ z < 0: log Φ(z) directly (erfc is accurate there);
/// * z < −35: log φ(z) − log R(−z), R the Mills ratio Φ(−t)/φ(t) from Laplace's
///   continued fraction R(t) = 1/(t + 1/(t + 2/(t + 3/(t + …)))), which converges fast for
///   large t and has no underflow.
///
///     standardNormalLogCDF(-40.0)   // −804.6084420137538
@inlinable
public func standardNormalLogCDF<T: RealScalar>(_ z: T) -> T {
    let value = standardNormalLogCDFValue(z.value)
    // φ/Φ = 1/R(z) from the Mills ratio below 0 (finite where φ and Φ both underflow, and
    // free of the cancellation between log φ and log Φ, both ≈ −z²/2).
    let slope = z.value == -Double.infinity ? Double.infinity
        : z.value < 0 ? Foundation.exp(-logMillsRatio(z.value)) : standardNormalDensity(z.value) / Foundation.exp(value)
    return z.lift(value: value, derivative: slope)
}

@usableFromInline
func standardNormalLogCDFValue(_ z: Double) -> Double {
    if z.isNaN { return .nan }
    if z >= 0 { return Foundation.log1p(-0.5 * complementaryErrorFunction(scaledBy: z)) }
    if z >= -35 { return Foundation.log(0.5 * complementaryErrorFunction(scaledBy: -z)) }
    if z == -Double.infinity { return -.infinity }
    let t = -z
    // 30 levels are far more than t ≥ 35 needs (the error falls like t^{-2n}).
    var tail = t
    for n in stride(from: 30, through: 1, by: -1) { tail = t + Double(n) / tail }
    return standardNormalLogDensity(z) - Foundation.log(tail)
}

/// Φ⁻¹(p), the standard normal quantile, to a few ulps across (0, 1).
///
/// Start from Abramowitz & Stegun 26.2.23 (error < 4.5e-4), then Halley steps
/// z ← z − r/(1 + z r/2), r = (Φ(z) − p)/φ(z). In the center the residual is formed as
/// erf(z/√2)/2 − (p − 1/2), where p − 1/2 is exact, so z keeps its relative accuracy near 0.
/// p = 0 → −∞, p = 1 → +∞; NaN outside [0, 1]. Tiny p (below 1e-300) go through
/// `standardNormalQuantile(logProbability:)`.
///
///     standardNormalQuantile(0.975)   // 1.959963984540054
@inlinable
public func standardNormalQuantile(_ p: Double) -> Double {
    guard p >= 0 && p <= 1 else { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    if p == 0.5 { return 0 }
    if p < 1e-300 { return standardNormalQuantile(logProbability: Foundation.log(p)) }
    let lowerTail = Swift.min(p, 1 - p)  // exact for p ≥ 1/2
    let t = (-2 * Foundation.log(lowerTail)).squareRoot()
    let approximation = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
    var z = p < 0.5 ? -approximation : approximation
    let central = Swift.abs(p - 0.5) <= 0.25
    let offset = p - 0.5  // exact when central
    for _ in 0..<8 {
        let residual: Double
        if central {
            residual = 0.5 * Foundation.erf(z / 2.0.squareRoot()) - offset
        } else if p < 0.5 {
            residual = 0.5 * complementaryErrorFunction(scaledBy: -z) - p
        } else {
            residual = (1 - p) - 0.5 * complementaryErrorFunction(scaledBy: z)
        }
        let density = Foundation.exp(standardNormalLogDensity(z))
        let r = residual / density
        let step = r / (1 + 0.5 * z * r)
        z -= step
        if Swift.abs(step) <= 1e-17 * Swift.abs(z) { break }
    }
    return z
}

/// Φ⁻¹(e^ℓ): the z with log Φ(z) = ℓ, for any ℓ ≤ 0 (ℓ = −1e5 gives z ≈ −447).
///
/// For ℓ near 0 the upper tail 1 − Φ(z) = −expm1(ℓ) is inverted instead; where e^ℓ underflows,
/// Newton steps on log Φ (concave, so they converge monotonically) start from
/// the asymptote z² = −2ℓ − 2 log(−z) − log 2π.
///
///     standardNormalQuantile(logProbability: -1000)   // −44.615747731969…
@inlinable
public func standardNormalQuantile(logProbability logP: Double) -> Double {
    guard logP <= 0 else { return .nan }
    if logP == 0 { return .infinity }
    if logP == -Double.infinity { return -.infinity }
    if logP > -Double(0.6931471805599453) { return -standardNormalQuantile(-Foundation.expm1(logP)) }
    var z: Double
    if logP > -690 {
        z = standardNormalQuantile(Foundation.exp(logP))
    } else {
        z = -(-2 * logP).squareRoot()
        for _ in 0..<3 {
            z = -(-2 * logP - 2 * Foundation.log(-z) - Foundation.log(2 * Double.pi)).squareRoot()
        }
    }
    // Newton on log Φ(z) = ℓ: polishes the start (and is all there is below e^{-690}).
    for _ in 0..<60 {
        let value = standardNormalLogCDFValue(z)
        let slope = Foundation.exp(standardNormalLogDensity(z) - value)
        let step = (value - logP) / slope
        z -= step
        if Swift.abs(step) <= 1e-16 * Swift.abs(z) { break }
    }
    return z
}
