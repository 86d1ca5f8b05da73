/// The incomplete beta continued fraction h(z; p, q) of `betaContinuedFraction` with its derivative in
/// the shape that carries ν, specialised to the Student-t law's shapes (ν/2, ½): the inner loop of
/// `studentTFractionDerivative`, a third of the instructions of the general two-direction fraction.
///
/// `centre == false` (the tails): z = x, p = a = ν/2, q = ½, derivative ∂h/∂p;
/// `centre == true`  (the centre): z = y, p = ½, q = a, derivative ∂h/∂q.
///
/// With h = Bₙ/Aₙ from the Wallis recurrences Aₙ = Aₙ₋₁ + dₙ Aₙ₋₂ (Bₙ likewise), differentiated term by
/// term (A′ₙ = A′ₙ₋₁ + d′ₙ Aₙ₋₂ + dₙ A′ₙ₋₂), and for m ≥ 1, with P = (p+2m−1)(p+2m)(p+2m+1) (one division
/// a pair of steps: Rₑ = (p+2m+1)/P, Rₒ = (p+2m−1)/P),
///
///     d₁ = −(p+q) z/(p+1),             d′₁ = −z(1−q)/(p+1)²  (∂p)   or  −z/(p+1)  (∂q),
///     d₂ₘ = m(q−m) z Rₑ,               d′₂ₘ = −d₂ₘ (2p+4m−1) Rₑ  (∂p)   or  m z Rₑ   (∂q),
///     d₂ₘ₊₁ = −(p+m)(p+q+m) z Rₒ,      d′₂ₘ₊₁ = −z Rₒ (2p+q+2m) − d₂ₘ₊₁ (2p+4m+1) Rₒ  (∂p)   or  −(p+m) z Rₒ  (∂q).
///
/// The stopping rule is `betaContinuedFractionWithDerivatives`'s: a pair of steps changes h by less than
/// 5e-16 relative and h′ by less than 5e-16 · max(|h′|, 1e-12 |h|) or the rounding h′ carries from its
/// terms (8ε (|B′| + |h A′|)/|A|). A, B and their derivatives are rescaled by 2^∓500 (exactly) when A
/// leaves [2⁻⁵⁰⁰, 2⁵⁰⁰]. NaN after 10,000 pairs or a non-finite h (the caller then takes the general route).
///
///     studentTContinuedFraction(z: 0.3, shape: 1.5, centre: false)   // (h(0.3; 1.5, ½), ∂h/∂p)
@inline(__always)
func studentTContinuedFraction(z: Double, shape a: Double, centre: Bool) -> (value: Double, derivative: Double) {
    let tolerance = 5e-16
    let p = centre ? 0.5 : a, q = centre ? a : 0.5
    let s = p + q
    let d1 = -s * z / (p + 1)
    let d1Slope = centre ? -z / (p + 1) : -z * (1 - q) / ((p + 1) * (p + 1))
    // Numerators A and denominators B of the convergents n − 2 (old) and n − 1 (new), with derivatives.
    var aOld = 1.0, bOld = 1.0, aOld1 = 0.0, bOld1 = 0.0
    var aNew = 1 + d1, bNew = 1.0, aNew1 = d1Slope, bNew1 = 0.0
    var h = bNew / aNew, h1 = -h * aNew1 / aNew
    var m = 1.0
    while m <= 10_000 {
        let twoM = 2 * m
        let low = p + twoM - 1, high = p + twoM + 1
        let inverse = 1 / (low * (p + twoM) * high)
        let rEven = high * inverse, rOdd = low * inverse
        // Even step d₂ₘ.
        let dEven = m * (q - m) * z * rEven
        let dEvenSlope = centre ? m * z * rEven : -dEven * (2 * p + 2 * twoM - 1) * rEven
        var aNext = aNew + dEven * aOld, bNext = bNew + dEven * bOld
        var aNext1 = aNew1 + dEvenSlope * aOld + dEven * aOld1, bNext1 = bNew1 + dEvenSlope * bOld + dEven * bOld1
        (aOld, bOld, aOld1, bOld1) = (aNew, bNew, aNew1, bNew1)
        (aNew, bNew, aNew1, bNew1) = (aNext, bNext, aNext1, bNext1)
        // Odd step d₂ₘ₊₁.
        let pm = p + m
        let dOdd = -pm * (s + m) * z * rOdd
        let dOddSlope = centre ? -pm * z * rOdd : -z * rOdd * (2 * p + q + twoM) - dOdd * (2 * p + 2 * twoM + 1) * rOdd
        aNext = aNew + dOdd * aOld
        bNext = bNew + dOdd * bOld
        aNext1 = aNew1 + dOddSlope * aOld + dOdd * aOld1
        bNext1 = bNew1 + dOddSlope * bOld + dOdd * bOld1
        (aOld, bOld, aOld1, bOld1) = (aNew, bNew, aNew1, bNew1)
        (aNew, bNew, aNew1, bNew1) = (aNext, bNext, aNext1, bNext1)
        let magnitude = Swift.abs(aNew)
        if magnitude > 0x1p500 || magnitude < 0x1p-500 {
            let factor = magnitude > 0x1p500 ? 0x1p-500 : 0x1p500
            aOld *= factor; bOld *= factor; aOld1 *= factor; bOld1 *= factor
            aNew *= factor; bNew *= factor; aNew1 *= factor; bNew1 *= factor
        }
        let r = 1 / aNew
        let next = bNew * r
        let next1 = (bNew1 - next * aNew1) * r
        guard next.isFinite else { return (.nan, .nan) }
        let noise = 8 * Double.ulpOfOne * (Swift.abs(bNew1) + Swift.abs(next * aNew1)) * Swift.abs(r)
        let settled = Swift.abs(next - h) <= tolerance * Swift.abs(next)
            && Swift.abs(next1 - h1) <= Swift.max(tolerance * Swift.max(Swift.abs(next1), 1e-12 * Swift.abs(next)), noise)
        (h, h1) = (next, next1)
        if settled { return (h, h1) }
        m += 1
    }
    return (.nan, .nan)
}
