/// The incomplete beta continued fraction h(z; p, q) of `betaContinuedFraction` with its derivative in
/// the shape that carries ν, specialised to the Student-t law's shapes (ν/2, ½): the inner loop of
/// `studentTFractionDerivative`: plain doubles (no dual numbers), one division a pair of steps for both coefficients.
///
/// `studentTTailFraction` (the tails): z = x, p = a = ν/2, q = ½, derivative ∂h/∂p;
/// `studentTCentreFraction` (the centre): z = y, p = ½, q = a, derivative ∂h/∂q.
///
/// With h = Bₙ/Aₙ from the Wallis recurrences Aₙ = Aₙ₋₁ + dₙ Aₙ₋₂ (Bₙ likewise), differentiated term by
/// term (A′ₙ = A′ₙ₋₁ + d′ₙ Aₙ₋₂ + dₙ A′ₙ₋₂), and for m ≥ 1, with L, M, H = p+2m−1, p+2m, p+2m+1 and one
/// division a pair of steps (Rₑ = 1/(LM) = H/(LMH), Rₒ = 1/(MH) = L/(LMH)),
///
///     d₁ = −(p+q) z/(p+1),             d′₁ = −z(1−q)/(p+1)²  (∂p)   or  −z/(p+1)  (∂q),
///     d₂ₘ = m(q−m) z Rₑ,               d′₂ₘ = −d₂ₘ (L+M) Rₑ  (∂p)       or  m z Rₑ   (∂q),
///     d₂ₘ₊₁ = −(p+m)(p+q+m) z Rₒ,      d′₂ₘ₊₁ = −z Rₒ (p+q+M) − d₂ₘ₊₁ (M+H) Rₒ  (∂p)   or  −(p+m) z Rₒ  (∂q).
///
/// The stopping rule is `betaContinuedFractionWithDerivatives`'s (see `WallisConvergents.settle`).
/// NaN after 10,000 pairs or a non-finite h (the caller then takes the general route).
///
///     studentTTailFraction(x: 0.3, a: 1.5)     // (h(0.3; 1.5, ½), ∂h/∂a)
///     studentTCentreFraction(y: 0.2, a: 1.5)   // (h(0.2; ½, 1.5), ∂h/∂a)
@inline(__always)
func studentTTailFraction(x z: Double, a p: Double) -> (value: Double, derivative: Double) {
    let q = 0.5, s = p + q
    var w = WallisConvergents(d1: -s * z / (p + 1), slope: -z * (1 - q) / ((p + 1) * (p + 1)))
    var m = 1.0, low = p + 1, middle = p + 2, high = p + 3
    while m <= 10_000 {
        let inverse = 1 / (low * middle * high)
        let rEven = high * inverse, rOdd = low * inverse
        let mz = m * z
        let dEven = mz * (q - m) * rEven
        w.step(dEven, -dEven * (low + middle) * rEven)
        let zOdd = z * rOdd
        let dOdd = -(p + m) * (s + m) * zOdd
        w.step(dOdd, -zOdd * (s + middle) - dOdd * (middle + high) * rOdd)
        if w.settle() { return (w.h, w.h1) }
        if !w.h.isFinite { break }
        m += 1; low += 2; middle += 2; high += 2
    }
    return (.nan, .nan)
}

/// h(y; ½, a) and ∂h/∂a: see `studentTTailFraction`.
@inline(__always)
func studentTCentreFraction(y z: Double, a q: Double) -> (value: Double, derivative: Double) {
    let p = 0.5, s = p + q
    var w = WallisConvergents(d1: -s * z / (p + 1), slope: -z / (p + 1))
    var m = 1.0, low = p + 1, middle = p + 2, high = p + 3
    while m <= 10_000 {
        let inverse = 1 / (low * middle * high)
        let mz = m * z
        let rEven = high * inverse, rOdd = low * inverse
        w.step(mz * (q - m) * rEven, mz * rEven)
        let pm = p + m
        let zOdd = z * rOdd
        w.step(-pm * (s + m) * zOdd, -zOdd * pm)
        if w.settle() { return (w.h, w.h1) }
        if !w.h.isFinite { break }
        m += 1; low += 2; middle += 2; high += 2
    }
    return (.nan, .nan)
}

/// The Wallis convergents Aₙ, Bₙ of a continued fraction 1/(1 + d₁/(1 + d₂/(1 + …))) = Bₙ/Aₙ and their
/// derivatives along one direction, with h = B/A and h′ = (B′ − h A′)/A after each pair of steps.
struct WallisConvergents {
    /// Numerators A and denominators B of the convergents n − 2 (old) and n − 1 (new), with derivatives.
    var aOld = 1.0, bOld = 1.0, aOld1 = 0.0, bOld1 = 0.0
    var aNew: Double, bNew = 1.0, aNew1: Double, bNew1 = 0.0
    var h: Double, h1: Double

    /// The first convergent: A₁ = 1 + d₁, B₁ = 1 (d₁′ = `slope`).
    @inline(__always)
    init(d1: Double, slope: Double) {
        aNew = 1 + d1
        aNew1 = slope
        h = 1 / aNew
        h1 = -h * aNew1 / aNew
    }

    /// One step with coefficient d and its derivative d′.
    @inline(__always)
    mutating func step(_ d: Double, _ slope: Double) {
        let aNext = aNew + d * aOld, bNext = bNew + d * bOld
        let aNext1 = aNew1 + slope * aOld + d * aOld1, bNext1 = bNew1 + slope * bOld + d * bOld1
        (aOld, bOld, aOld1, bOld1) = (aNew, bNew, aNew1, bNew1)
        (aNew, bNew, aNew1, bNew1) = (aNext, bNext, aNext1, bNext1)
    }

    /// Forms h and h′ and says whether they have settled: h changed by less than 5e-16 relative and h′
    /// by less than 5e-16 · max(|h′|, 1e-12 |h|) or the rounding h′ carries from its terms
    /// (8ε (|B′| + |h A′|)/|A|). A, B and their derivatives are first rescaled by 2^∓500 (exactly) when
    /// A has left [2⁻⁵⁰⁰, 2⁵⁰⁰].
    @inline(__always)
    mutating func settle() -> Bool {
        let tolerance = 5e-16
        let magnitude = Swift.abs(aNew)
        if magnitude > 0x1p500 || magnitude < 0x1p-500 {
            let factor = magnitude > 0x1p500 ? 0x1p-500 : 0x1p500
            aOld *= factor; bOld *= factor; aOld1 *= factor; bOld1 *= factor
            aNew *= factor; bNew *= factor; aNew1 *= factor; bNew1 *= factor
        }
        let r = 1 / aNew
        let next = bNew * r, next1 = (bNew1 - next * aNew1) * r
        defer { (h, h1) = (next, next1) }
        // The value first (false for NaN); the derivative's two allowances only once it has settled.
        guard Swift.abs(next - h) <= tolerance * Swift.abs(next) else { return false }
        let change = Swift.abs(next1 - h1)
        if change <= tolerance * Swift.max(Swift.abs(next1), 1e-12 * Swift.abs(next)) { return next.isFinite }
        return change <= 8 * Double.ulpOfOne * (Swift.abs(bNew1) + Swift.abs(next * aNew1)) * Swift.abs(r) && next.isFinite
    }
}
