// The series S(a, x) and continued fraction C(a, x) of IncompleteGammaExpansions.swift
// together with their exact a-derivatives, hand-differentiated for the hot
// path of the implicit Gamma gradient: one division per series term and two
// per continued-fraction step, where `Dual` arithmetic spends two per division.
// Same recurrences, same stopping rules; the tests hold both to mpmath.

/// (S, ∂S/∂a) for S(a, x) = Σ_{n≥0} xⁿ / ((a+1)…(a+n)):
/// with tₙ = tₙ₋₁·x/(a+n), ∂tₙ = (∂tₙ₋₁·x − tₙ)/(a+n).
@inlinable func lowerGammaSeriesWithShapeDerivative(_ a: Double, _ x: Double, derivativeScale: Double)
    -> (value: Double, derivative: Double) {
    var term = 1.0, termSlope = 0.0
    var sum = 1.0, sumSlope = 0.0
    var n = 1.0
    for _ in 0..<incompleteGammaMaxIterations {
        let r = 1 / (a + n)
        term *= x * r
        termSlope = (termSlope * x - term) * r
        sum += term
        sumSlope += termSlope
        if term <= 0x1p-54 * sum && abs(termSlope) <= 0x1p-54 * (abs(sumSlope) + sum * derivativeScale) { return (sum, sumSlope) }
        n += 1
    }
    return (.nan, .nan)
}

/// (C, ∂C/∂a) for Legendre's continued fraction of Q (modified Lentz),
/// bₙ = x + 2n + 1 − a (∂bₙ = −1), aₙ = −n(n − a) (∂aₙ = n).
@inlinable func upperGammaContinuedFractionWithShapeDerivative(_ a: Double, _ x: Double, derivativeScale: Double)
    -> (value: Double, derivative: Double) {
    var b = x + 1 - a
    var c = 1e300, cSlope = 0.0
    var d = 1 / b, dSlope = d * d           // ∂(1/b) = −∂b/b² = 1/b²
    var h = d, hSlope = dSlope
    var n = 1.0
    for _ in 0..<incompleteGammaMaxIterations {
        let an = -n * (n - a)
        b += 2
        var denominator = an * d + b
        let denominatorSlope = n * d + an * dSlope - 1
        if abs(denominator) < 1e-300 { denominator = 1e-300 }
        d = 1 / denominator
        dSlope = -denominatorSlope * d * d
        let inverseC = 1 / c
        let nextC = b + an * inverseC
        cSlope = -1 + (n - an * cSlope * inverseC) * inverseC
        c = abs(nextC) < 1e-300 ? 1e-300 : nextC
        let delta = d * c
        let deltaSlope = dSlope * c + d * cSlope
        hSlope = hSlope * delta + h * deltaSlope
        h *= delta
        if abs(delta - 1) <= 0x1p-53 && abs(deltaSlope) <= 0x1p-53 * (abs(hSlope / h) + derivativeScale) { return (h, hSlope) }
        n += 1
    }
    return (.nan, .nan)
}
