import Foundation

/// dt/dν for a standard Student-t sample by the incomplete beta's continued fraction in plain
/// doubles, with no dual numbers, no log-gamma and no switch between expansions: the hot path of
/// the per-element gradient for ν in `studentTFractionDfRange`, or nil outside it (and where x or
/// y is not a normal double), for the general route to answer.
///
/// With a = ν/2, q = t²/ν, x = 1/(1+q), y = q/(1+q), log x = −log1p(q) (none cancels) and the
/// front xᵃ y^½ / B(a, ½) = |t| f(t; ν), whose a-derivative over itself is log x + ψ(a+½) − ψ(a):
///
/// * x below the fraction's switch point (a+1)/(a+3/2) (the tails): I_x(a, ½) = front · h/a with
///   h = h(x; a, ½) of `betaContinuedFraction` (with ∂h/∂a by `studentTTailFraction`), so
///   (∂I/∂a)/front = (log x + ψ(a+½) − ψ(a)) h/a + h′/a − h/a²;
/// * above it (the centre): 1 − I_x(a, ½) = I_y(½, a) = 2 front · h̃ with h̃ = h(y; ½, a), so
///   (∂I/∂a)/front = −2 ((log x + ψ(a+½) − ψ(a)) h̃ + ∂h̃/∂a);
///
/// and, x moving with ν at dx/dν = x y/ν (whose share of ∂F/∂ν over front is 1/ν),
///
///     dt/dν = ½ t G,   G = ½ (∂I/∂a)/front + 1/ν.
///
/// Only the derivative is taken from the side the fraction converges on; the tail value itself (which
/// the general route keeps from cancelling with a small-shape series) is not needed. ψ(a+½) − ψ(a)
/// comes from `digammaHalfStep` (4e-15 relative).
///
/// Measured worst relative error against 40-digit mpmath (StudentTFractionDerivativeTests): 2.8e-13 on the
/// 306 held-out points of student_t_fraction.tsv with ν in [0.1, 24] (quantiles in [1e-10, 1 − 1e-10]);
/// for ν in [24, 64], where G cancels, 4.2e-12 (student_t_fraction_wide.tsv).
///
///     studentTFractionDerivative(df: 3, sample: -2.5)   // dt/dν, as studentTImplicitDerivative gives
@inline(__always)
func studentTFractionDerivative(df nu: Double, sample t: Double) -> Double? {
    guard nu >= studentTFractionDfRange.lowerBound, nu <= studentTFractionDfRange.upperBound, t.isFinite, t != 0 else { return nil }
    let a = 0.5 * nu
    let q = t * t / nu
    // Each of x, y, log x to a few ulps, relative, for any q (no 1 − x is formed).
    let x = 1 / (1 + q), y = q / (1 + q)
    // Samples so far out (x) or so near the centre (y) that a coordinate is not a normal double.
    guard x >= 0x1p-1000, y >= 0x1p-1000 else { return nil }
    // The tails: x < (a+1)/(a+3/2), asked of the smaller of x, y.
    let isTail = x <= 0.5 ? x * (a + 1.5) < a + 1 : y * (a + 1.5) > 0.5
    // log x + ψ(a+½) − ψ(a): the front's a-derivative over itself.
    let shapeSlope = digammaHalfStep(a) - Foundation.log1p(q)
    let fraction = isTail ? studentTTailFraction(x: x, a: a) : studentTCentreFraction(y: y, a: a)
    let h = fraction.value, slope = fraction.derivative
    guard h.isFinite, slope.isFinite else { return nil }
    let g: Double
    if isTail {
        let inverse = 1 / a
        g = 0.5 * inverse * (shapeSlope * h + slope - h * inverse) + 1 / nu
    } else {
        g = 1 / nu - (shapeSlope * h + slope)
    }
    return 0.5 * t * g
}

/// The ν for which `studentTFractionDerivative` answers.
///
/// As ν grows, G = ½ (∂I/∂a)/front + 1/ν is O(1/ν²) formed from O(1/ν) terms, and worst near the
/// fraction's switch point (|t| ≈ 1): measured 2.8e-13 at ν = 15.4 (student_t_fraction.tsv) and, on the
/// 210 held-out points of student_t_fraction_wide.tsv (ν in [20, 72], half of them at |t| in [0.5, 2]),
/// 4.2e-12 at ν = 59.7, t = 1.32 — inside the 1e-10. Above, the score integral
/// (`studentTLargeDfDerivative`, from `studentTLargeDfThreshold`) answers.
let studentTFractionDfRange = 0.1...64.0
