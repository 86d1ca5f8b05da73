import Foundation

/// The regularized incomplete beta function I_x(a, b) = B_x(a, b) / B(a, b),
/// generic so that `Dual` in x, a or b gives ∂I/∂x, ∂I/∂a or ∂I/∂b.
///
/// I_x(a, b) = ∫₀ˣ tᵃ⁻¹ (1−t)ᵇ⁻¹ dt / B(a, b). Evaluated as
/// xᵃ(1−x)ᵇ / (a B(a,b)) times a continued fraction on whichever side of the
/// mean it converges fast (`incompleteBetaPieces`). Returns NaN for a, b not
/// positive and finite or x outside [0, 1]. For x near 1 whose complement is
/// known more precisely than 1 − x, use `regularizedBetaTails`.
///
///     regularizedBeta(0.3, 2.0, 3.0)                       // 0.3483
///     regularizedBeta(0.3, Dual(2, derivative: 1), 3.0)    // .derivative = ∂I/∂a
public func regularizedBeta<T: RealScalar>(_ x: T, _ a: T, _ b: T) -> T {
    regularizedBetaTails(x: x, complement: 1 - x, a: a, b: b).lower
}

/// Both tails (I_x(a, b), 1 − I_x(a, b)) from x and its complement y = 1 − x,
/// each accurate in relative terms even where it is tiny.
///
/// The tail the expansion produces directly is never obtained by subtracting
/// from 1; only the other one is. NaN for invalid arguments (see `regularizedBeta`).
///
///     regularizedBetaTails(x: 1 - 1e-20, complement: 1e-20, a: 1.0, b: 0.5)
///     // (lower: 1 − 1e-10, upper: 1e-10)
public func regularizedBetaTails<T: RealScalar>(x: T, complement y: T, a: T, b: T) -> (lower: T, upper: T) {
    guard a.value > 0, b.value > 0, a.isFinite, b.isFinite,
          x.value >= 0, y.value >= 0, x.value <= 1, y.value <= 1 else {
        return (T(.nan), T(.nan))
    }
    if x.value == 0 { return (0, 1) }
    if y.value == 0 { return (1, 0) }
    let logX = x.value <= 0.5 ? log(x) : log1p(-y)
    let logY = y.value <= 0.5 ? log(y) : log1p(-x)
    let pieces = incompleteBetaPieces(x: x, y: y, logX: logX, logY: logY, a: a, b: b)
    let direct = exp(pieces.logFront) * pieces.factor
    return pieces.isComplement ? (1 - direct, direct) : (direct, 1 - direct)
}

/// One tail of I_x(a, b) as exp(logFront) · factor, kept in pieces so that
/// implicit derivatives can divide by the density without exponentiating.
///
/// logFront = log(xᵃ yᵇ / B(a, b)) (`logBetaFront`); factor = h(x; a, b)/a and
/// the tail is I_x(a, b) when x < (a+1)/(a+b+2), else factor = h(y; b, a)/b and
/// the tail is 1 − I_x(a, b) (`isComplement`), h being `betaContinuedFraction`.
struct IncompleteBetaPieces<T: RealScalar> {
    var logFront: T
    var factor: T
    var isComplement: Bool
}

/// The pieces of I_x(a, b) for 0 < x < 1 with y = 1 − x and both logarithms given.
///
/// Regions and methods (measured worst errors in the README's accuracy table):
/// * front = xᵃ yᵇ / B(a, b) below e⁻⁸⁰⁰: the tail on x's side underflows; its leading term
///   (`farTailLeadingFactor`) stands for the factor, so huge shapes never iterate there;
/// * one shape ≥ 1e9 · other^1.25, the other ≥ 1: the gamma limit P(a, ν t) (`gammaLimitBetaPieces`);
/// * min(a, b) ≥ 100, max(a, b) ≥ 1e4, x within 3% (in λ = a y − b x) of the mean:
///   Temme's uniform expansion (`largeShapeBetaPieces`), on the side of x;
/// * x near 1 with a ≥ 100 b, or ≥ 10 b for b > 40 (or y near 1, mirrored), where the continued
///   fraction would sit at the coordinate near 1 and amplify its rounding (6e-11 at
///   a = 4.7e5, b = 0.36): `nearOnePieces`;
/// * everywhere else: the continued fraction on whichever side of (a+1)/(a+b+2) x lies,
///   except that a tail above 0.9 whose other shape is ≤ 1 gives way to that other, small
///   tail computed directly (`smallShapeLowerTailFactor`, TOMS 708's BUP + BGRAT), so it is
///   never 1 minus a number near 1.
func incompleteBetaPieces<T: RealScalar>(x: T, y: T, logX: T, logY: T, a: T, b: T) -> IncompleteBetaPieces<T> {
    if usesLargeShapeExpansion(x: x.value, y: y.value, a: a.value, b: b.value) {
        let pieces = largeShapeBetaPieces(x: x, y: y, a: a, b: b)
        // Far out in the window at huge shapes (f up to 1e150) the tail is negligible (below).
        if pieces.logFront.value >= negligibleLogFront { return pieces }
    }
    let logFront = logBetaFront(x: x, y: y, logX: logX, logY: logY, a: a, b: b)
    let scale = a.value + b.value + 2
    // x < (a+1)/(a+b+2), asked of whichever of x, y is the smaller (more precise) one.
    let lowerSide = x.value <= 0.5 ? x.value * scale < a.value + 1 : y.value * scale > b.value + 1
    if logFront.value < negligibleLogFront {
        // The tail on x's side is below the smallest double: only its leading term is
        // kept (the fraction would need ~(a+b)/√min(a, b) steps there at huge shapes).
        let leading = lowerSide ? farTailLeadingFactor(x, a, b) : farTailLeadingFactor(y, b, a)
        return IncompleteBetaPieces(logFront: logFront, factor: leading, isComplement: !lowerSide)
    }
    if let pieces = gammaLimitBetaPieces(x: x, y: y, logX: logX, logY: logY, a: a, b: b, logFront: logFront) {
        return pieces
    }
    if lowerSide && x.value > 0.5 && nearOneApplies(large: a.value, small: b.value),
       let pieces = nearOnePieces(x: x, y: y, logX: logX, logY: logY, a: a, b: b, logFront: logFront) {
        return pieces
    }
    if !lowerSide && y.value > 0.5 && nearOneApplies(large: b.value, small: a.value),
       let mirrored = nearOnePieces(x: y, y: x, logX: logY, logY: logX, a: b, b: a, logFront: logFront) {
        return IncompleteBetaPieces(logFront: logFront, factor: mirrored.factor, isComplement: !mirrored.isComplement)
    }
    if lowerSide {
        let factor = betaContinuedFraction(x, a, b) / a
        if a.value <= 1, exp(logFront.value) * factor.value > 0.9,
           let upper = smallShapeLowerTailFactor(x: y, logX: logY, a: b, b: a, logFront: logFront) {
            return IncompleteBetaPieces(logFront: logFront, factor: upper, isComplement: true)
        }
        return IncompleteBetaPieces(logFront: logFront, factor: factor, isComplement: false)
    }
    let factor = betaContinuedFraction(y, b, a) / b
    if b.value <= 1, exp(logFront.value) * factor.value > 0.9,
       let lower = smallShapeLowerTailFactor(x: x, logX: logX, a: a, b: b, logFront: logFront) {
        return IncompleteBetaPieces(logFront: logFront, factor: lower, isComplement: false)
    }
    return IncompleteBetaPieces(logFront: logFront, factor: factor, isComplement: true)
}

/// Whether x near 1 goes to `nearOnePieces`: a > 100 b, or a ≥ 10 b with b > 40 (the scaled
/// fraction's side, where the plain one's derivatives were already off by 6e-13 at a = 100 b).
private func nearOneApplies(large: Double, small: Double) -> Bool {
    large > 100 * small || (small > 40 && large >= 10 * small)
}

/// The pieces at x near 1 with a ≥ 100 b (a ≥ 10 b for b > 40, `nearOneApplies`), where the fraction in x would amplify x's
/// rounding, or nil to leave the point to the fraction:
/// * b ≤ 40: I_x(a, b) directly by `nearOneLowerTailFactor` (BUP + BGRAT, from log x);
/// * otherwise: I_x(a, b) by the fraction in TOMS 708's scaled form (`scaledBetaContinuedFraction`),
///   which takes the distance λ = a y − b x from the small y, where the plain fraction in x
///   would cancel (2.6e-10 relative at a = 1e9, b = 41, the 0.999 quantile).
private func nearOnePieces<T: RealScalar>(x: T, y: T, logX: T, logY: T, a: T, b: T, logFront: T) -> IncompleteBetaPieces<T>? {
    if b.value <= 40 {
        guard let lower = nearOneLowerTailFactor(x: x, y: y, logX: logX, logY: logY, a: a, b: b, logFront: logFront) else { return nil }
        return IncompleteBetaPieces(logFront: logFront, factor: lower, isComplement: false)
    }
    // λ = (a+b)y − b from the small y: the fraction's distance from its switch point, uncancelled.
    let lower = scaledBetaContinuedFraction(x: x, y: y, a: a, b: b, lambda: a * y - b * x)
    guard lower.value.isFinite, lower.value > 0 else { return nil }
    return IncompleteBetaPieces(logFront: logFront, factor: lower, isComplement: false)
}

/// log front below which front · factor underflows for every factor the far tails give
/// (factor ≤ 1/(a (1 − x/x₀)) stays below e⁵⁰ where the front is this small).
let negligibleLogFront = -800.0

/// The first convergent of `betaContinuedFraction` over a: 1/(a (1 − (a+b) x/(a+1))), the far
/// tail's leading term (Mills-ratio-like); its magnitude, and 1 if it is not finite.
func farTailLeadingFactor<T: RealScalar>(_ x: T, _ a: T, _ b: T) -> T {
    let leading = 1 / (a * (1 - (a / (a + 1) + b / (a + 1)) * x))
    return leading.value.isFinite && leading.value != 0 ? (leading.value > 0 ? leading : -leading) : T(1)
}

/// The continued fraction h with I_x(a, b) = xᵃ(1−x)ᵇ / (a B(a, b)) · h,
///
///     h = 1/(1 + d₁/(1 + d₂/(1 + …))),
///     d₂ₘ₊₁ = −(a+m)(a+b+m) x / ((a+2m)(a+2m+1)),   d₂ₘ = m(b−m) x / ((a+2m−1)(a+2m)),
///
/// evaluated by the modified Lentz method. It converges quickly for
/// x < (a+1)/(a+b+2), in about √max(a, b) steps near that point. Iteration
/// stops only when both the value and the carried derivatives have settled; NaN
/// when that has not happened within 100,000 steps (callers report it, never loop).
func betaContinuedFraction<T: RealScalar>(_ x: T, _ a: T, _ b: T) -> T {
    // Carrying derivatives: the same fraction hand-differentiated (IncompleteBetaShapeDerivatives.swift).
    if let fast = betaContinuedFractionFastDerivatives(x, a, b) { return fast }
    let tiny = 1e-300
    let tolerance = 5e-16
    func awayFromZero(_ v: T) -> T { Swift.abs(v.value) < tiny ? T(tiny) : v }
    let s = a + b
    var c: T = 1
    var d = 1 / awayFromZero(1 - s * x / (a + 1))
    var h = d
    var m = 1.0
    let steps = 100_000.0
    while m < steps {
        let mm = T(m), twoM = T(2 * m)
        // Each ratio is formed before the products so that no factor overflows for shapes up
        // to the largest double ((a+m)(a+b+m) alone overflows once a > 1.3e154).
        let even = mm / (a + twoM - 1) * ((b - mm) / (a + twoM)) * x
        d = 1 / awayFromZero(1 + even * d)
        c = awayFromZero(1 + even / c)
        h = h * d * c
        let odd = -((a + mm) / (a + twoM)) * ((s + mm) / (a + twoM + 1)) * x
        d = 1 / awayFromZero(1 + odd * d)
        c = awayFromZero(1 + odd / c)
        let step = d * c
        h = h * step
        if Swift.abs(step.value - 1) < tolerance {
            let settled = step.derivativeMagnitude
            if settled <= tolerance * Swift.max(h.derivativeMagnitude / Swift.abs(h.value), 1e-12) { break }
        }
        guard h.value.isFinite else { return T(.nan) }
        m += 1
    }
    return m < steps ? h : T(.nan)
}
