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
/// Regions and methods:
/// * min(a, b) ≥ 100, max(a, b) ≥ 1e4, x within 3% (in λ = a y − b x) of the mean:
///   Temme's uniform expansion (`largeShapeBetaPieces`), on the side of x;
/// * everywhere else: the continued fraction on whichever side of (a+1)/(a+b+2) x lies,
///   except that the fraction is not evaluated at a coordinate near 1 whose own
///   parameter is the much larger one (100×) while the other coordinate is within 1.25 times its
///   switch point and its fraction gives a tail in [0.01, 0.99];
/// * where the fraction would be evaluated at a coordinate near 1 whose own parameter is
///   100× the other and the other is ≤ 40: that side's tail by `nearOneLowerTailFactor`
///   (TOMS 708's BUP + BGRAT after stepping the small shape into (0, 1]), which takes log x
///   and loses nothing;
/// * where the fraction gives a tail above 0.9 and the other tail's own shape is ≤ 1, that
///   other (small) tail directly (`smallShapeLowerTailFactor`).
func incompleteBetaPieces<T: RealScalar>(x: T, y: T, logX: T, logY: T, a: T, b: T) -> IncompleteBetaPieces<T> {
    if usesLargeShapeExpansion(x: x.value, y: y.value, a: a.value, b: b.value) {
        return largeShapeBetaPieces(x: x, y: y, a: a, b: b)
    }
    let logFront = logBetaFront(x: x, y: y, logX: logX, logY: logY, a: a, b: b)
    let scale = a.value + b.value + 2
    // x < (a+1)/(a+b+2), asked of whichever of x, y is the smaller (more precise) one.
    let lowerSide = x.value <= 0.5 ? x.value * scale < a.value + 1 : y.value * scale > b.value + 1
    // The fraction in the larger coordinate z ≈ 1 with its own first parameter much the larger
    // amplifies z's rounding (1e-11 at a = 13, b = 4e5): there the fraction in the smaller coordinate
    // is used up to 1.25 times its switch point, if the tail it gives lies in [0.01, 0.99] (a tail
    // outside means the point is far out, where that fraction has not converged).
    // With the other shape ≤ 40, that tail has a direct expansion instead (BGRAT, for x near 1).
    if lowerSide && x.value > 0.5 && a.value > 100 * b.value && b.value <= 40,
       let lower = nearOneLowerTailFactor(x: x, y: y, logX: logX, logY: logY, a: a, b: b, logFront: logFront) {
        return IncompleteBetaPieces(logFront: logFront, factor: lower, isComplement: false)
    }
    if !lowerSide && y.value > 0.5 && b.value > 100 * a.value && a.value <= 40,
       let upper = nearOneLowerTailFactor(x: y, y: x, logX: logY, logY: logX, a: b, b: a, logFront: logFront) {
        return IncompleteBetaPieces(logFront: logFront, factor: upper, isComplement: true)
    }
    if lowerSide && x.value > 0.5 && a.value > 100 * b.value && y.value * scale < 1.25 * (b.value + 1) {
        let upper = betaContinuedFraction(y, b, a) / b
        if (0.01...0.99).contains(exp(logFront.value) * upper.value) { return IncompleteBetaPieces(logFront: logFront, factor: upper, isComplement: true) }
    } else if !lowerSide && y.value > 0.5 && b.value > 100 * a.value && x.value * scale < 1.25 * (a.value + 1) {
        let lower = betaContinuedFraction(x, a, b) / a
        if (0.01...0.99).contains(exp(logFront.value) * lower.value) { return IncompleteBetaPieces(logFront: logFront, factor: lower, isComplement: false) }
    }
    if lowerSide {
        let factor = betaContinuedFraction(x, a, b) / a
        // I > 0.9 with a ≤ 1: 1 − I is the small tail; take it directly (x ↔ y, a ↔ b).
        if a.value <= 1, exp(logFront.value) * factor.value > 0.9,
           let upper = smallShapeLowerTailFactor(x: y, logX: logY, a: b, b: a, logFront: logFront) {
            return IncompleteBetaPieces(logFront: logFront, factor: upper, isComplement: true)
        }
        return IncompleteBetaPieces(logFront: logFront, factor: factor, isComplement: false)
    }
    let factor = betaContinuedFraction(y, b, a) / b
    // 1 − I > 0.9 with b ≤ 1: I is the small tail; take it directly.
    if b.value <= 1, exp(logFront.value) * factor.value > 0.9,
       let lower = smallShapeLowerTailFactor(x: x, logX: logX, a: a, b: b, logFront: logFront) {
        return IncompleteBetaPieces(logFront: logFront, factor: lower, isComplement: false)
    }
    return IncompleteBetaPieces(logFront: logFront, factor: factor, isComplement: true)
}

/// The continued fraction h with I_x(a, b) = xᵃ(1−x)ᵇ / (a B(a, b)) · h,
///
///     h = 1/(1 + d₁/(1 + d₂/(1 + …))),
///     d₂ₘ₊₁ = −(a+m)(a+b+m) x / ((a+2m)(a+2m+1)),   d₂ₘ = m(b−m) x / ((a+2m−1)(a+2m)),
///
/// evaluated by the modified Lentz method. It converges quickly for
/// x < (a+1)/(a+b+2), in about √max(a, b) steps near that point. Iteration
/// stops only when both the value and the carried derivatives have settled.
func betaContinuedFraction<T: RealScalar>(_ x: T, _ a: T, _ b: T) -> T {
    let tiny = 1e-300
    let tolerance = 5e-16
    func awayFromZero(_ v: T) -> T { Swift.abs(v.value) < tiny ? T(tiny) : v }
    let s = a + b
    var c: T = 1
    var d = 1 / awayFromZero(1 - s * x / (a + 1))
    var h = d
    var m = 1.0
    while m < 100_000 {
        let mm = T(m), twoM = T(2 * m)
        let even = mm * (b - mm) * x / ((a + twoM - 1) * (a + twoM))
        d = 1 / awayFromZero(1 + even * d)
        c = awayFromZero(1 + even / c)
        h = h * d * c
        let odd = -(a + mm) * (s + mm) * x / ((a + twoM) * (a + twoM + 1))
        d = 1 / awayFromZero(1 + odd * d)
        c = awayFromZero(1 + odd / c)
        let step = d * c
        h = h * step
        if Swift.abs(step.value - 1) < tolerance {
            let settled = derivativeMagnitude(step)
            if settled <= tolerance * Swift.max(derivativeMagnitude(h) / Swift.abs(h.value), 1e-12) { break }
        }
        m += 1
    }
    return h
}
