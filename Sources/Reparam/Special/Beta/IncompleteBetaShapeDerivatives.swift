// The continued fraction of IncompleteBeta.swift with its derivatives hand-differentiated, for the
// hot path of the implicit Beta and Student-t gradients (issue 16): the same fraction and stopping
// rule, carried in plain Doubles by the forward (Wallis) recurrences instead of Lentz's method on
// dual numbers, which spends three dependent divisions a half step and three more per dual division.
// Here a pair of steps costs three divisions, two of them off the recurrences' dependency chain.

/// h(x; a, b) of `betaContinuedFraction` with its derivatives along up to two directions
/// (δx, δa, δb) in (x, a, b): for the Beta gradient (0, 1, 0) and (0, 0, 1); for the Student-t one
/// (0, 1, 0) alone (its x-motion enters in closed form, `studentTImplicitDerivative`).
///
/// With F = 1 + d₁/(1 + d₂/(1 + …)) = Aₙ/Bₙ and h = 1/F = Bₙ/Aₙ, the Wallis recurrences
///
///     Aₙ = Aₙ₋₁ + dₙ Aₙ₋₂,   Bₙ = Bₙ₋₁ + dₙ Bₙ₋₂,   (A₀, B₀) = (1, 1), (A₁, B₁) = (1 + d₁, 1),
///
/// are differentiated term by term (A′ₙ = A′ₙ₋₁ + d′ₙ Aₙ₋₂ + dₙ A′ₙ₋₂), with, for m ≥ 1,
///
///     d₂ₘ   =  m(b−m) x Rₑ,               Rₑ = 1/((a+2m−1)(a+2m)),
///     d′₂ₘ  =  m Rₑ ((b−m) δx + x δb) − d₂ₘ (2a+4m−1) Rₑ δa,
///     d₂ₘ₊₁ = −(a+m)(a+b+m) x Rₒ,         Rₒ = 1/((a+2m)(a+2m+1)),
///     d′₂ₘ₊₁ = −x Rₒ ((2a+b+2m) δa + (a+m) δb) − d₂ₘ₊₁ (2a+4m+1) Rₒ δa − (a+m)(a+b+m) Rₒ δx,
///
/// and d₁ = −(a+b)x/(a+1), d′₁ = −(x(1−b)/(a+1) δa + x δb + (a+b) δx)/(a+1). Aₙ, Bₙ and their
/// derivatives are rescaled by 2^±500 (exactly) when Aₙ leaves [2⁻⁵⁰⁰, 2⁵⁰⁰]. After each pair of
/// steps h = B/A and h′ = (B′ − h A′)/A are formed; iteration stops when a pair changes h by less
/// than 5e-16 relative and each h′ by less than 5e-16 · max(|h′|, 1e-12 |h|), as the generic
/// fraction does, or by less than the rounding h′ carries from its terms (8ε (|B′| + |h A′|)/|A|);
/// NaN after 100,000 steps or a non-finite h (the caller then falls back to the generic fraction). Valid for a + b ≤ 1e150 (the
/// products (a+2m)(a+2m+1) stay finite); the generic fraction answers beyond.
///
///     betaContinuedFractionWithDerivatives(x: 0.3, a: 2, b: 3, first: (0, 1, 0), second: (0, 0, 1))
///     // h = I · a B(a,b) / (xᵃ yᵇ), ∂h/∂a, ∂h/∂b
@inline(__always)
func betaContinuedFractionWithDerivatives(x: Double, a: Double, b: Double,
                                          first: (x: Double, a: Double, b: Double),
                                          second: (x: Double, a: Double, b: Double)?)
    -> (value: Double, first: Double, second: Double) {
    let tolerance = 5e-16
    let s = a + b
    // n − 2 (old) and n − 1 (new) numerators A and denominators B with both derivatives.
    var aOld = 1.0, bOld = 1.0, aOld1 = 0.0, bOld1 = 0.0, aOld2 = 0.0, bOld2 = 0.0
    let d1 = -s * x / (a + 1)
    func d1Slope(_ v: (x: Double, a: Double, b: Double)) -> Double {
        -(x * (1 - b) / (a + 1) * v.a + x * v.b + s * v.x) / (a + 1)
    }
    var aNew = 1 + d1, bNew = 1.0, aNew1 = d1Slope(first), bNew1 = 0.0
    var aNew2 = second.map(d1Slope) ?? 0, bNew2 = 0.0
    var h = bNew / aNew, h1 = -h * aNew1 / aNew, h2 = -h * aNew2 / aNew

    /// One Wallis step with coefficient d and its two derivatives.
    @inline(__always) func advance(_ d: Double, _ dd1: Double, _ dd2: Double) {
        if second != nil {
            let aNext2 = aNew2 + dd2 * aOld + d * aOld2, bNext2 = bNew2 + dd2 * bOld + d * bOld2
            (aOld2, bOld2, aNew2, bNew2) = (aNew2, bNew2, aNext2, bNext2)
        }
        let aNext = aNew + d * aOld, bNext = bNew + d * bOld
        let aNext1 = aNew1 + dd1 * aOld + d * aOld1, bNext1 = bNew1 + dd1 * bOld + d * bOld1
        (aOld, bOld, aOld1, bOld1) = (aNew, bNew, aNew1, bNew1)
        (aNew, bNew, aNew1, bNew1) = (aNext, bNext, aNext1, bNext1)
    }
    /// Multiplies every carried number by `factor` (a power of two: exact).
    @inline(__always) func rescale(_ factor: Double) {
        aOld *= factor; bOld *= factor; aOld1 *= factor; bOld1 *= factor; aOld2 *= factor; bOld2 *= factor
        aNew *= factor; bNew *= factor; aNew1 *= factor; bNew1 *= factor; aNew2 *= factor; bNew2 *= factor
    }

    var m = 1.0
    let steps = 100_000.0
    while m < steps {
        // Even coefficient d₂ₘ.
        let twoM = 2 * m
        let evenDenominator = (a + twoM - 1) * (a + twoM)
        let rEven = 1 / evenDenominator
        let e = m * rEven, bMinusM = b - m
        let dEven = e * bMinusM * x
        let evenShape = dEven * (2 * a + 2 * twoM - 1) * rEven
        func evenSlope(_ v: (x: Double, a: Double, b: Double)) -> Double { e * (bMinusM * v.x + x * v.b) - evenShape * v.a }
        advance(dEven, evenSlope(first), second.map(evenSlope) ?? 0)
        // Odd coefficient d₂ₘ₊₁.
        let rOdd = 1 / ((a + twoM) * (a + twoM + 1))
        let am = a + m, sm = s + m
        let dOdd = -am * sm * x * rOdd
        let oddShape = dOdd * (2 * a + 2 * twoM + 1) * rOdd
        func oddSlope(_ v: (x: Double, a: Double, b: Double)) -> Double {
            -x * rOdd * ((2 * a + b + twoM) * v.a + am * v.b) - oddShape * v.a - am * sm * rOdd * v.x
        }
        advance(dOdd, oddSlope(first), second.map(oddSlope) ?? 0)
        let magnitude = Swift.abs(aNew)
        if magnitude > 0x1p500 {
            rescale(0x1p-500)
        } else if magnitude < 0x1p-500 && magnitude > 0 {
            rescale(0x1p500)
        }
        let r = 1 / aNew
        let next = bNew * r
        let next1 = (bNew1 - next * aNew1) * r, next2 = (bNew2 - next * aNew2) * r
        guard next.isFinite else { return (.nan, .nan, .nan) }
        // h′ = (B′ − h A′)/A carries the rounding of its larger terms: a change below that is noise.
        let noise1 = 8 * Double.ulpOfOne * (Swift.abs(bNew1) + Swift.abs(next * aNew1)) * Swift.abs(r)
        let noise2 = 8 * Double.ulpOfOne * (Swift.abs(bNew2) + Swift.abs(next * aNew2)) * Swift.abs(r)
        let settled = Swift.abs(next - h) <= tolerance * Swift.abs(next)
            && Swift.abs(next1 - h1) <= Swift.max(tolerance * Swift.max(Swift.abs(next1), 1e-12 * Swift.abs(next)), noise1)
            && Swift.abs(next2 - h2) <= Swift.max(tolerance * Swift.max(Swift.abs(next2), 1e-12 * Swift.abs(next)), noise2)
        (h, h1, h2) = (next, next1, next2)
        if settled { return (h, h1, h2) }
        m += 1
    }
    return (.nan, .nan, .nan)
}

/// Shapes up to which `betaContinuedFractionWithDerivatives` is used (its products stay finite).
let betaWallisShapeLimit = 1e150

/// The hand-differentiated fraction for the derivative-carrying scalars (`BivariateDual`, `Dual`) at a
/// fixed x, or nil for `Double` and a moving x (which keep Lentz's method), for shapes beyond `betaWallisShapeLimit`, and
/// where the fast fraction gave no finite answer (the generic one then answers, or reports NaN).
@inline(__always)
func betaContinuedFractionFastDerivatives<T: RealScalar>(_ x: T, _ a: T, _ b: T) -> T? {
    // In x the recurrences' derivatives grow with the step count and B′ − h A′ cancels (1e-12 in
    // ∂I/∂x): a moving x keeps Lentz's method. The shape directions lose nothing (BetaStudentTDistinctTests).
    guard a.value + b.value <= betaWallisShapeLimit, x.derivativeMagnitude == 0 else { return nil }
    if T.self == BivariateDual.self {
        let x = unsafeBitCast(x, to: BivariateDual.self), a = unsafeBitCast(a, to: BivariateDual.self)
        let b = unsafeBitCast(b, to: BivariateDual.self)
        let h = betaContinuedFractionWithDerivatives(x: x.value, a: a.value, b: b.value,
                                                     first: (0, a.da, b.da), second: (0, a.db, b.db))
        guard h.value.isFinite, h.first.isFinite, h.second.isFinite else { return nil }
        return unsafeBitCast(BivariateDual(h.value, da: h.first, db: h.second), to: T.self)
    }
    if T.self == Dual.self {
        let x = unsafeBitCast(x, to: Dual.self), a = unsafeBitCast(a, to: Dual.self), b = unsafeBitCast(b, to: Dual.self)
        let h = betaContinuedFractionWithDerivatives(x: x.value, a: a.value, b: b.value,
                                                     first: (0, a.derivative, b.derivative), second: nil)
        guard h.value.isFinite, h.first.isFinite else { return nil }
        return unsafeBitCast(Dual(h.value, derivative: h.first), to: T.self)
    }
    return nil
}
