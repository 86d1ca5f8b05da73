import Foundation

/// log of the smaller tail of the regularized incomplete gamma at a ≥ `incompleteGammaTemmeMinimumShape`
/// (P for x < a, else Q), and whether it is Q, by Temme's uniform expansion (the one
/// `GammaTemmeExpansion` differentiates), where the series would need 9√a > 90,000 terms:
///
///     Q = ½ erfc(η√(a/2)) + E (C₀ + C₁/a),   P = ½ erfc(−η√(a/2)) − E (C₀ + C₁/a),   E = e^{−aη²/2}/√(2πa),
///
/// so the smaller tail is e^{a m} (½ erfcx(|η|√(a/2)) ± (C₀ + C₁/a)/√(2πa)) with m = log λ − λ + 1 = −η²/2,
/// λ = x/a, and its log never underflows. Truncation |C₂|/a² ≤ 5e-19 relative at a ≥ 1e8.
///
///     largeShapeLogGammaTail(1e9, 1e9)   // (log ½ − …, upper: true): Q(1e9, 1e9) = 0.4999958…
func largeShapeLogGammaTail(_ a: Double, _ x: Double) -> (log: Double, upper: Bool) {
    let lambdaMinusOne = (x - a) / a
    let m = logRatioMinusLinear(x, a)
    let eta = (lambdaMinusOne < 0 ? -1.0 : 1.0) * (-2 * m).squareRoot()
    let coefficients = TemmeCoefficients.values(eta: eta, lambdaMinusOne: lambdaMinusOne, lambda: 1 + lambdaMinusOne)
    let correction = (coefficients.0 + coefficients.2 / a) / (2 * Double.pi * a).squareRoot()
    let scaledErfc = 0.5 * scaledComplementaryErrorFunction(eta.magnitude * (0.5 * a).squareRoot())
    let upper = eta >= 0
    return (a * m + Foundation.log(upper ? scaledErfc + correction : scaledErfc - correction), upper)
}

/// The smallest shape at which the incomplete gamma takes `largeShapeLogGammaTail`.
@usableFromInline let incompleteGammaTemmeMinimumShape = 1e8

/// P (or Q when `upper`) at a ≥ `incompleteGammaTemmeMinimumShape`, with ∂/∂a from the implicit
/// derivative's Temme form (∂P/∂a = −p(x) dx/da) and ∂/∂x = ±p(x).
@usableFromInline func largeShapeRegularizedGamma<T: RealScalar>(_ a: T, _ x: T, upper: Bool) -> T {
    let (shape, point) = (a.value, x.value)
    let tail = largeShapeLogGammaTail(shape, point)
    let small = Foundation.exp(tail.log)
    let value = tail.upper == upper ? small : 1 - small
    let density = gammaDensityForDerivative(shape, point)
    let byShape = a.derivativeMagnitude == 0 ? 0
        : -density * point * gammaTemmeLogDerivative(shape, sample: point, logSample: Foundation.log(point))
    return a.lift(value: value, derivative: upper ? -byShape : byShape) + x.lift(value: 0, derivative: upper ? -density : density)
}
