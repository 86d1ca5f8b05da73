// The series S(a, x) and continued fraction C(a, x) of IncompleteGammaExpansions.swift
// together with their exact a-derivatives, hand-differentiated for the hot
// path of the implicit Gamma gradient: one (packed) division per two series terms
// and one per continued-fraction step (off the dependency chain of its Wallis recurrences),
// where `Dual` arithmetic spends two per division.
// Same expansions, stopping at an ulp as before; the tests hold both to mpmath.

/// (S, ∂S/∂a) for S(a, x) = Σ_{n≥0} tₙ, tₙ = xⁿ / ((a+1)…(a+n)), the even and the odd terms in the
/// two lanes of one `SIMD2`:
///
///     ∂tₙ/∂a = tₙ hₙ,   hₙ = −Σ_{k≤n} 1/(a+k),
///     t_{n+2} = tₙ x² q,   h_{n+2} = hₙ − (2a + 2n + 3) q,   q = 1/((a+n+1)(a+n+2)),
///
/// lane 0 from (t₀, h₀) = (1, 0), lane 1 from (t₁, h₁) = (x r, −r), r = 1/(a+1), S the sum of the lanes.
/// A step adds two terms with one packed division and a dozen packed operations (about 30 instructions);
/// the one-lane form before it (the odd term from the even one, also one division for two terms) took
/// about 45. The stopping test comes after every second step: after the last two terms each change S
/// by less than an ulp and ∂S/∂a by less than an ulp of |∂S/∂a| + S·`derivativeScale` (at most two
/// terms more than testing every step, each below an ulp). Per element of the gamma-distinct recipe
/// (one α per draw, one thread, the whole exact route): 80.6 ns (one lane, a test every two terms) →
/// 75.2 (two lanes, a test every step) → 69 (a test every second step; every third: no faster).
///
///     lowerGammaSeriesWithShapeDerivative(1, 1, derivativeScale: 0).value   // Σ 1/(n+1)! = e − 1 = 1.718281828459045
@inlinable func lowerGammaSeriesWithShapeDerivative(_ a: Double, _ x: Double, derivativeScale: Double)
    -> (value: Double, derivative: Double) {
    typealias Lanes = SIMD2<Double>
    let r = 1 / (a + 1)
    var term = Lanes(1, x * r), logSlope = Lanes(0, -r)
    var sum = term, sumSlope = term * logSlope
    let xSquared = Lanes(repeating: x * x), shape = Lanes(repeating: a)
    var next = Lanes(1, 2)  // n + 1 for lane n = 0, 1, then 2, 3, …: exact integers
    for _ in 0..<(incompleteGammaMaxIterations / 4) {
        for _ in 0..<2 {  // two steps, four terms, between stopping tests
            let low = shape + next, high = shape + (next + 1)
            let q = 1 / (low * high)
            term *= xSquared * q
            logSlope -= (low + high) * q
            sum += term
            sumSlope += term * logSlope
            next += 2
        }
        let total = sum[0] + sum[1], bound = 0x1p-54 * total
        if term[0] <= bound && term[1] <= bound {
            let termSlope = term * logSlope, totalSlope = sumSlope[0] + sumSlope[1]
            let slopeBound = 0x1p-54 * (abs(totalSlope) + total * derivativeScale)
            if abs(termSlope[0]) <= slopeBound && abs(termSlope[1]) <= slopeBound { return (total, totalSlope) }
        }
    }
    return (.nan, .nan)
}

/// (C, ∂C/∂a) for Legendre's continued fraction of Q, C = 1/(b₀ + a₁/(b₁ + a₂/(b₂ + …))) with
/// bₙ = x + 2n + 1 − a (∂bₙ = −1), aₙ = −n(n − a) (∂aₙ = n), by the forward (Wallis) recurrences
///
///     Aₙ = bₙAₙ₋₁ + aₙAₙ₋₂,  Bₙ = bₙBₙ₋₁ + aₙBₙ₋₂,  C ≈ Bₙ/Aₙ,
///
/// differentiated term by term. Unlike Lentz's method (three dependent divisions a step) the
/// recurrences chain only multiply-adds; the one division a step, for the convergence test,
/// is off that chain. Every 2⁵⁰⁰ the four numbers are scaled down by 2⁵⁰⁰ (exactly).
/// Stops when a step changes C by less than an ulp and ∂C/∂a by less than an ulp of
/// |∂C/∂a| + C·`derivativeScale`, as the other expansions do.
@inlinable func upperGammaContinuedFractionWithShapeDerivative(_ a: Double, _ x: Double, derivativeScale: Double)
    -> (value: Double, derivative: Double) {
    // (A, B) at n − 2 and n − 1 with their a-derivatives; A₋₁ = 1, B₋₁ = 0, A₀ = b₀, B₀ = 1.
    var aOld = 1.0, aOldSlope = 0.0, bOld = 0.0, bOldSlope = 0.0
    var aNew = x + 1 - a, aNewSlope = -1.0, bNew = 1.0, bNewSlope = 0.0
    var c = 1 / aNew, cSlope = -c * c * aNewSlope
    var n = 1.0
    for _ in 0..<incompleteGammaMaxIterations {
        let an = -n * (n - a), bn = x + 2 * n + 1 - a
        let aNext = bn * aNew + an * aOld
        // Grouped so that only one multiply and one add separate a slope from the one before.
        let aNextSlope = bn * aNewSlope + (an * aOldSlope + (n * aOld - aNew))
        let bNext = bn * bNew + an * bOld
        let bNextSlope = bn * bNewSlope + (an * bOldSlope + (n * bOld - bNew))
        (aOld, aOldSlope, bOld, bOldSlope) = (aNew, aNewSlope, bNew, bNewSlope)
        (aNew, aNewSlope, bNew, bNewSlope) = (aNext, aNextSlope, bNext, bNextSlope)
        if abs(aNew) > 0x1p500 {
            aOld *= 0x1p-500; aOldSlope *= 0x1p-500; bOld *= 0x1p-500; bOldSlope *= 0x1p-500
            aNew *= 0x1p-500; aNewSlope *= 0x1p-500; bNew *= 0x1p-500; bNewSlope *= 0x1p-500
        }
        let r = 1 / aNew
        let next = bNew * r
        let nextSlope = (bNewSlope - next * aNewSlope) * r
        let settled = abs(next - c) <= 0x1p-53 * next
            && abs(nextSlope - cSlope) <= 0x1p-53 * (abs(nextSlope) + next * derivativeScale)
        (c, cSlope) = (next, nextSlope)
        if settled { return (c, cSlope) }
        n += 1
    }
    return (.nan, .nan)
}
