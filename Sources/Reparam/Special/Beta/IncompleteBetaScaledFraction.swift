import Foundation

/// The factor r with I_x(a, b) = xᵃ yᵇ / B(a, b) · r, from the continued fraction in the
/// scaled form of DiDonato & Morris' `BFRAC` (ACM TOMS 708, 1992), for x near 1.
///
/// The plain fraction (`betaContinuedFraction`) starts from 1 − (a+b)x/(a+1); with x near 1
/// that cancels, and x's rounding is amplified about l/(10 s) times (2.6e-10 at a = 1e9,
/// b = 41, x the 0.999 quantile's complement). BFRAC takes λ = (a+b)y − b = a − (a+b)x from
/// the caller, formed from the small y, and runs the fraction's contracted three-term
/// recurrence (numerators Aₙ, denominators Bₙ, rescaled each step) with
///
///     αₙ = (1 + (n−1)/a)(1 + (n−1)/a + b/a) (a/(a+2n−1))² · n(b−n) x²,
///     βₙ = n + n(b−n)x/(a+2n−1) + (1 + n/a)/(1 + 1/a + 2n/a) · (1 + λ + n(1 + y)),
///     r₀ = (1 + 1/a)/(1 + λ),
///
/// in which 1 + λ is the only place the distance from the switch point enters, so nothing
/// cancels. Iteration stops when value and carried derivatives have settled; NaN when that
/// has not happened within 100,000 steps (about √max(a, b) are needed near the mean).
///
///     scaledBetaContinuedFraction(x: 0.99, y: 0.01, a: 4000.0, b: 50.0, lambda: 4000 * 0.01 - 50 * 0.99)
///     // r, with I_0.99(4000, 50) = exp(logBetaFront(…)) · r
func scaledBetaContinuedFraction<T: RealScalar>(x: T, y: T, a: T, b: T, lambda: T) -> T {
    let tolerance = 5e-16
    let c = 1 + lambda
    let c0 = b / a
    let c1 = 1 + 1 / a
    let yPlusOne = y + 1
    var p: T = 1
    var s = a + 1
    var previousNumerator: T = 0, previousDenominator: T = 1
    var numerator: T = 1, denominator = c / c1
    var r = c1 / c
    var n = 1.0
    let steps = 100_000.0
    while n < steps {
        let nn = T(n)
        let t = nn / a
        let w = nn * (b - nn) * x
        let ratio = a / s
        let alpha = (p * (p + c0) * ratio * ratio) * (w * x)
        let e = (1 + t) / (c1 + t + t)
        let beta = nn + w / s + e * (c + nn * yPlusOne)
        p = 1 + t
        s = s + 2
        let nextNumerator = alpha * previousNumerator + beta * numerator
        let nextDenominator = alpha * previousDenominator + beta * denominator
        let previous = r
        r = nextNumerator / nextDenominator
        guard r.value.isFinite else { return T(.nan) }
        let change = r - previous
        if Swift.abs(change.value) <= tolerance * Swift.abs(r.value),
           change.derivativeMagnitude <= tolerance * Swift.max(r.derivativeMagnitude, 1e-12 * Swift.abs(r.value)) {
            break
        }
        // Rescale so that the recurrence neither overflows nor underflows.
        previousNumerator = numerator / nextDenominator
        previousDenominator = denominator / nextDenominator
        numerator = r
        denominator = 1
        n += 1
    }
    return n < steps ? r : T(.nan)
}
