import Foundation

/// log(xᵃ yᵇ / B(a, b)) with y = 1 − x, the factor in front of every
/// expansion of the incomplete beta function, generic over the scalar.
///
/// The caller passes x, y and their logarithms, each computed accurately
/// (so x near 1 keeps its complement y, and x below the float range can still
/// enter through log x). Three regimes keep large terms from cancelling:
///
/// * a, b ≥ 8: Stirling's formula, with x₀ = a/(a+b), y₀ = b/(a+b), d = x − x₀:
///   log front = a log(x/x₀) + b log(y/y₀) + ½ log(ab / (2π(a+b))) − Δ(a) − Δ(b) + Δ(a+b),
///   where log(x/x₀) = log1p(d/x₀) near the mean (an error in x₀ then cancels
///   to first order between the two terms);
/// * one of a, b ≥ 8 (say b): log Γ(a+b) − log Γ(b) = (b − ½) log1p(a/b) + a log(a+b) − a + Δ(a+b) − Δ(b),
///   which folds into a log(x(a+b)) − a − log Γ(a) + b log(y/y₀) − ½ log1p(a/b) + Δ(a+b) − Δ(b);
/// * both < 8: a log x + b log y − log Γ(a) − log Γ(b) + log Γ(a+b).
///
///     logBetaFront(x: 0.3, y: 0.7, logX: log(0.3), logY: log(0.7), a: 2.0, b: 3.0)
///     // log(0.3² · 0.7³ · 12) = −0.9931…
func logBetaFront<T: RealScalar>(x: T, y: T, logX: T, logY: T, a: T, b: T) -> T {
    // Carrying derivatives: closed-form partials (BetaFrontShapeDerivatives.swift).
    if let fast = logBetaFrontFastDerivatives(x: x, y: y, logX: logX, logY: logY, a: a, b: b) { return fast }
    let large = 8.0
    let s = a + b
    if a.value >= large && b.value >= large {
        let x0 = a / s, y0 = b / s
        let d = x.value <= 0.5 ? x - x0 : y0 - y
        let logRatioX = Swift.abs(d.value) <= 0.5 * x0.value ? log1p(d / x0) : logX - log(x0)
        let logRatioY = Swift.abs(d.value) <= 0.5 * y0.value ? log1p(-d / y0) : logY - log(y0)
        let logs: T = log(a) + log(b) - log(s) - T(Foundation.log(2 * Double.pi))
        let halfLogs: T = T(0.5) * logs
        let corrections: T = stirlingCorrection(s) - stirlingCorrection(a) - stirlingCorrection(b)
        let main: T = a * logRatioX + b * logRatioY
        return main + halfLogs + corrections
    }
    if b.value >= large {
        return oneLargeLogFront(x: x, logX: logX, y: y, logY: logY, small: a, large: b)
    }
    if a.value >= large {
        return oneLargeLogFront(x: y, logX: logY, y: x, logY: logX, small: b, large: a)
    }
    return a * logX + b * logY - logGamma(a) - logGamma(b) + logGamma(s)
}

/// log(xˢ yˡ / B(s, l)) for a small s (< 8) and a large l (≥ 8), see `logBetaFront`.
private func oneLargeLogFront<T: RealScalar>(x: T, logX: T, y: T, logY: T, small: T, large: T) -> T {
    let s = small + large
    let x0 = small / s, y0 = large / s
    let d = x.value <= 0.5 ? x0 - x : y - y0
    let logRatioY = Swift.abs(d.value) <= 0.5 * y0.value ? log1p(d / y0) : logY - log(y0)
    let smallTerms: T = small * (logX + log(s)) - small - logGamma(small)
    let ratioCorrection: T = T(0.5) * log1p(small / large)
    let corrections: T = stirlingCorrection(s) - stirlingCorrection(large)
    return smallTerms + large * logRatioY - ratioCorrection + corrections
}
