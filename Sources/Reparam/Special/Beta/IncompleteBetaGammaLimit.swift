import Foundation

/// The pieces of I_x(a, b) when one shape dwarfs the other, from the gamma limit
/// (the leading term of DiDonato & Morris' `BGRAT`, ACM TOMS 708):
///
///     I_x(a, b) = P(a, ν t),   t = −log(1 − x),   ν = b + (a − 1)/2        (a ≪ b)
///
/// and mirrored, 1 − I_x(a, b) = P(b, ν t) with t = −log x, ν = a + (b − 1)/2, for b ≪ a.
/// The relative error of the leading term is about 0.06 s^2.5 / l² for the small shape s ≥ 1 and
/// the large one l, ten times that far in the tails (mpmath: 6.8e-11 at s = 3, l = 1e5; 3e-10 at
/// s = 30, l = 1e6; 1e-7 at s = 300, l = 1e6; each falling as 1/l²), i.e. 0.06/k² at l = k s^1.25.
/// It is used for s ≥ 1 and l ≥ 1e9 · s^1.25 (truncation below 1e-19) on both sides of the switch
/// point. Below that the small coordinate's tail keeps its own methods, which are the more precise
/// ones: the limit forms z = ν t in floating point and its far tail multiplies that rounding by
/// d log Q/d log z ≈ z − s (2.4e-13 in dx/da at s = 150, l = 9e8 · s^1.25, u = 1 − 1e-12), where
/// `nearOneLowerTailFactor` (s ≤ 40) and the scaled fraction (s > 40) stay within 7e-14 (4e-15
/// at l = 1e7 s^1.25), against the hypergeometric series in the small coordinate. Small shapes
/// below 1 keep `smallShapeLowerTailFactor` and `nearOneLowerTailFactor`, whose shape derivatives
/// are the more precise there (1.2e-13 against 3e-14 at a = 2.5e15, b = 2.9e-4).
///
/// Whichever of P, Q the incomplete gamma gives without cancellation is the tail returned; the
/// factor is that tail over exp(logFront).
///
///     gammaLimitBetaPieces(x: 1.5e-300, y: 1, logX: log(1.5e-300), logY: -1.5e-300, a: 1.5, b: 1e300,
///                          logFront: …)
///     // the lower tail P(1.5, 1.5) = 0.6083748…
func gammaLimitBetaPieces<T: RealScalar>(x: T, y: T, logX: T, logY: T, a: T, b: T, logFront: T) -> IncompleteBetaPieces<T>? {
    let mirrored = a.value > b.value
    let small = mirrored ? b : a, large = mirrored ? a : b
    // large ≥ 1e9 first: the pow is needed only then (it was 1% of a per-element Beta gradient).
    guard small.value >= 1, large.value >= 1e9, large.value >= 1e9 * Foundation.pow(small.value, 1.25) else { return nil }
    let t = -(mirrored ? logX : logY)
    let z = (large + T(0.5) * (small - 1)) * t
    let upper = z.value > Swift.max(small.value, 1)
    let tail = upper ? regularizedGammaQ(small, z) : regularizedGammaP(small, z)
    guard tail.value.isFinite, tail.value > 0 else { return nil }
    let inverseFront = exp(-logFront)
    let factor = inverseFront.value.isFinite ? tail * inverseFront : exp(log(tail) - logFront)
    // The lower gamma tail of the small shape is I_x(a, b) for a ≪ b, and 1 − I_x(a, b) mirrored.
    return IncompleteBetaPieces(logFront: logFront, factor: factor, isComplement: upper != mirrored)
}
