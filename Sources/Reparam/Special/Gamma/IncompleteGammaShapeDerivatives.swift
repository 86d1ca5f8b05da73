// The series S(a, x) and continued fraction C(a, x) of IncompleteGammaExpansions.swift
// together with their exact a-derivatives, hand-differentiated for the hot
// path of the implicit Gamma gradient: one division per series term and one
// per continued-fraction step (off the dependency chain of its Wallis recurrences),
// where `Dual` arithmetic spends two per division.
// Same expansions, same stopping rules; the tests hold both to mpmath.

/// (S, ∂S/∂a) for S(a, x) = Σ_{n≥0} tₙ, tₙ = xⁿ / ((a+1)…(a+n)), two terms a step:
///
///     ∂tₙ/∂a = tₙ hₙ,   hₙ = −Σ_{k≤n} 1/(a+k),
///
/// and one division gives both 1/(a+n) = (a+n+1) q and 1/(a+n+1) = (a+n) q, q = 1/((a+n)(a+n+1)).
/// The chains from one step to the next are then one multiply (t_{n+1} = t_{n−1} x² q) and three
/// adds (h, the sum and its slope), against a divide, two multiplies and an add per term when ∂tₙ
/// was carried by its own recurrence: measured (callgrind and `reparam-bench --family gamma-distinct`)
/// in the commit that introduced it. Stops after the first pair whose second term changes S by less
/// than an ulp and ∂S/∂a by less than an ulp of |∂S/∂a| + S·`derivativeScale`.
@inlinable func lowerGammaSeriesWithShapeDerivative(_ a: Double, _ x: Double, derivativeScale: Double)
    -> (value: Double, derivative: Double) {
    var term = 1.0, logSlope = 0.0   // tₙ and hₙ at the end of the last pair
    var sum = 1.0, sumSlope = 0.0
    let xSquared = x * x
    var n = 1.0
    for _ in 0..<(incompleteGammaMaxIterations / 2) {
        let low = a + n, high = a + (n + 1)
        let q = 1 / (low * high)
        let lowReciprocal = high * q
        let first = term * (x * lowReciprocal)
        let firstLogSlope = logSlope - lowReciprocal
        term *= xSquared * q
        logSlope -= (low + high) * q
        sum += first + term
        let termSlope = term * logSlope
        sumSlope += first * firstLogSlope + termSlope
        if term <= 0x1p-54 * sum && abs(termSlope) <= 0x1p-54 * (abs(sumSlope) + sum * derivativeScale) { return (sum, sumSlope) }
        n += 2
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
