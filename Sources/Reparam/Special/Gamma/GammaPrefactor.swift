import Foundation

// The factor xᵃe⁻ˣ/Γ(a) that every incomplete-gamma expansion carries, in
// log space and generic in the shape a (x is held constant).
//
// For large a, a·log x − x and log Γ(a) are both of order a log a and their
// difference loses digits; Stirling's form avoids that:
//
//     log(xᵃe⁻ˣ/Γ(a)) = a·m(x/a) + ½ log(a/2π) − c(a),   m(λ) = log λ − λ + 1,
//
// with c(a) = log Γ(a) − (a−½) log a + a − ½ log 2π the Stirling correction.

/// log(xᵃ e⁻ˣ / Γ(a)) for a > 0, x > 0; derivative in a: log x − ψ(a).
///
///     logGammaPrefactor(Dual(2, derivative: 1), 3) // value 2 log 3 − 3, derivative log 3 − ψ(2)
@inlinable func logGammaPrefactor<T: RealScalar>(_ a: T, _ x: Double) -> T {
    if a.value >= 10 {
        return a * logRatioMinusLinear(x, a) + T(0.5) * log(a / T(2 * Double.pi)) - stirlingCorrection(a)
    }
    return logGammaSeriesPrefactor(a, x) + log(a)
}

/// log(xᵃ e⁻ˣ / Γ(a+1)) for a > 0, x > 0; derivative in a: log x − ψ(a+1).
@inlinable func logGammaSeriesPrefactor<T: RealScalar>(_ a: T, _ x: Double) -> T {
    if a.value >= 10 { return logGammaPrefactor(a, x) - log(a) }
    return a * T(Foundation.log(x)) - T(x) - logGamma1p(a)
}

/// m(λ) = log λ − λ + 1 at λ = x/a, accurate also when λ is near 1.
///
/// Near 1 the difference t = (x − a)/a is exact to rounding (Sterbenz), and
/// m = log1p(t) − t = −t²/(2+t) + 2s³(1/3 + s²/5 + s⁴/7 + …) with s = t/(2+t),
/// |s| ≤ ⅓ for t ∈ [−½, 1]. Derivative dm/dλ = 1/λ − 1.
@inlinable func logRatioMinusLinear<T: RealScalar>(_ x: Double, _ a: T) -> T {
    let lambda = T(x) / a
    guard lambda.value >= 0.5 && lambda.value <= 2 else { return log(lambda) - lambda + T(1) }
    let t = (x - a.value) / a.value
    let s = t / (2 + t), s2 = s * s
    var tail = 0.0
    for k in stride(from: 35, through: 3, by: -2) { tail = tail * s2 + 1 / Double(k) }
    let m = -t * t / (2 + t) + 2 * s * s2 * tail
    return lambda.lift(value: m, derivative: 1 / lambda.value - 1)
}

/// log Γ(1+a), relative-accurate for small |a| too; derivative ψ(1+a).
///
/// For |a| < 0.2, the Taylor series log Γ(1+a) = −γa + Σ_{k≥2} (−1)ᵏ ζ(k)/k · aᵏ
/// (coefficients from mpmath); otherwise log Γ evaluated at 1+a.
@inlinable func logGamma1p<T: RealScalar>(_ a: T) -> T {
    let v = a.value
    let slope = T.carriesDerivatives ? digamma(1 + v) : 0
    guard abs(v) < 0.2 else { return a.lift(value: logGamma(1 + v), derivative: slope) }
    var sum = 0.0
    for c in LogGamma1pSeries.coefficients.reversed() { sum = sum * v + c }
    return a.lift(value: sum * v, derivative: slope)
}

@usableFromInline enum LogGamma1pSeries {
    /// −γ, then (−1)ᵏ ζ(k)/k for k = 2 … 26.
    @usableFromInline static let coefficients: [Double] = [
        -0.5772156649015329, 0.8224670334241132, -0.40068563438653143, 0.27058080842778454,
        -0.20738555102867398, 0.1695571769974082, -0.1440498967688461, 0.12550966952474304,
        -0.11133426586956469, 0.1000994575127818, -0.09095401714582904, 0.083353840546109,
        -0.0769325164113522, 0.07143294629536133, -0.06666870588242046, 0.06250095514121304,
        -0.058823978658684585, 0.055555767627403614, -0.05263167937961666, 0.05000004769810169,
        -0.047619070330142226, 0.04545455629320467, -0.04347826605304026, 0.04166666915034121,
        -0.04000000119214014, 0.03846153903467518,
    ]
}

/// Stirling's correction c(a) = log Γ(a) − (a−½) log a + a − ½ log 2π for a ≥ 8 (error < 1e-17 there):
/// c(a) = Σₖ B₂ₖ / (2k(2k−1) a²ᵏ⁻¹), derivative c′(a) = −Σₖ B₂ₖ / (2k a²ᵏ).
@inlinable func stirlingCorrection<T: RealScalar>(_ a: T) -> T {
    let r = 1 / a.value, r2 = r * r
    var value = 0.0, slope = 0.0
    for k in stride(from: BernoulliEven.values.count, through: 1, by: -1) {
        let b = BernoulliEven.values[k - 1]
        value = value * r2 + b / Double(2 * k * (2 * k - 1))
        slope = slope * r2 + b / Double(2 * k)
    }
    return a.lift(value: value * r, derivative: -slope * r2)
}

