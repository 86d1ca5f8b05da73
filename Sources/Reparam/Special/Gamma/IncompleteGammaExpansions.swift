import Foundation

// The three expansions of the regularized incomplete gamma functions, each
// generic in the shape a (x constant) so that `Dual` shapes give ∂/∂a.
// Which one to use where is decided in RegularizedGamma.swift.
//
// Stopping: the value when the next term (factor) changes it by less than
// an ulp; the derivative when the next term changes ∂(log result) by less
// than an ulp of |∂ log result| + `derivativeScale`, the derivative of the
// prefactor the result is multiplied by. Without that floor, a derivative
// that happens to be near 0 would keep the loop running on rounding noise.

/// Iteration cap for the series and continued fraction: near x ≈ a they need
/// about 9√a terms, so shapes up to ~10⁸ fit. An expansion that reaches the
/// cap returns nan rather than a truncated, silently wrong value.
@usableFromInline let incompleteGammaMaxIterations = 200_000

/// S(a, x) = Σ_{n≥0} xⁿ / ((a+1)(a+2)…(a+n)), so that P(a, x) = xᵃe⁻ˣ/Γ(a+1) · S.
///
/// All terms are positive; for x ≤ a the ratio x/(a+n) < 1, and about
/// 9√a terms reach full precision near x ≈ a. `derivativeScale` is |∂ log(prefactor)|,
/// the size next to which ∂S/S must be resolved (see `derivativeConverged`).
@inlinable func lowerGammaSeries<T: RealScalar>(_ a: T, _ x: Double, derivativeScale: Double = 0) -> T {
    var term = T(1), sum = T(1)
    var n = 1.0
    for _ in 0..<incompleteGammaMaxIterations {
        term = term * (T(x) / (a + T(n)))
        sum += term
        if term.value <= 0x1p-54 * sum.value
            && term.derivativeMagnitude <= 0x1p-54 * (sum.derivativeMagnitude + sum.value * derivativeScale) { return sum }
        n += 1
    }
    return T(.nan)
}

/// C(a, x) with Q(a, x) = xᵃe⁻ˣ/Γ(a) · C: Legendre's continued fraction
///
///     C = 1/(x+1−a − 1(1−a)/(x+3−a − 2(2−a)/(x+5−a − …)))
///
/// by the modified Lentz method. Used for x > max(a, 1), where it converges.
@inlinable func upperGammaContinuedFraction<T: RealScalar>(_ a: T, _ x: Double, derivativeScale: Double = 0) -> T {
    let tiny = T(1e-300)
    var b = T(x + 1) - a
    var c = T(1e300)
    var d = T(1) / b
    var h = d
    var n = 1.0
    for _ in 0..<incompleteGammaMaxIterations {
        let an = T(-n) * (T(n) - a)
        b += T(2)
        d = an * d + b
        if abs(d.value) < 1e-300 { d = tiny }
        c = b + an / c
        if abs(c.value) < 1e-300 { c = tiny }
        d = T(1) / d
        let delta = d * c
        h *= delta
        if abs(delta.value - 1) <= 0x1p-53
            && delta.derivativeMagnitude <= 0x1p-53 * (h.derivativeMagnitude / abs(h.value) + derivativeScale) { return h }
        n += 1
    }
    return T(.nan)
}

/// Q(a, x) for a < 1 and x ≤ 1 without forming 1 − P:
///
///     Q = −expm1(a log x − log Γ(1+a)) − xᵃ/Γ(1+a) · a · Σ_{n≥1} (−x)ⁿ / ((a+n) n!)
///
/// Both parts are non-negative, so Q near 0 keeps its relative accuracy.
@inlinable func upperGammaSmallShape<T: RealScalar>(_ a: T, _ x: Double) -> T {
    let u = a * T(Foundation.log(x)) - logGamma1p(a)
    var power = 1.0, sum = T(0)
    var n = 1.0
    while n < 60 {
        power *= -x / n
        let term = T(power) / (a + T(n))
        sum += term
        if abs(power) <= 0x1p-56 * abs(sum.value) { break }
        n += 1
    }
    return -expm1(u) - exp(u) * a * sum
}
