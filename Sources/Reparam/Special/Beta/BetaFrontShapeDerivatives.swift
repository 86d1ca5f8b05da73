import Foundation

/// `logBetaFront` for the derivative-carrying scalars (`BivariateDual`, `Dual`): the value from
/// the `Double` routine, the derivatives in closed form, where the generic route carries every
/// operation of the value on dual numbers (issue 16). Nil for `Double`. For the Beta gradient
/// (b moves) with a + b < 8 and the shapes within a factor 4, log B and ψ come from one table
/// (`betaFrontUsesTable`); elsewhere the value is `logBetaFront`'s and ψ the full `digamma`.
///
/// log front = a log x + b log y − log B(a, b), so along a direction (δx, δa, δb) (carried by
/// log x, log y, a and b):
///
///     δ log front = δa Tₐ + δb T_b + a δlog x + b δlog y,
///     Tₐ = log x − ψ(a) + ψ(a+b),   T_b = log y − ψ(b) + ψ(a+b).
///
/// Tₐ nearly vanishes at x near x₀ = a/(a+b) when a + b is large, so from a + b ≥ 8 it is formed as
/// Tₐ = log(x/x₀) − (ψ(a) − log a) + (ψ(a+b) − log(a+b)), with log(x/x₀) = log1p((x − x₀)/x₀) near
/// x₀ (x − x₀ from the smaller of x, y, as `logBetaFront` does), and likewise T_b with y₀ = b/(a+b).
///
///     logBetaFrontFastDerivatives(x: BivariateDual(0.3), y: BivariateDual(0.7), logX: …, logY: …,
///                                 a: BivariateDual(2, da: 1, db: 0), b: BivariateDual(3, da: 0, db: 1))
///     // value log(0.3² · 0.7³ · 12), da = log 0.3 − ψ(2) + ψ(5), db = log 0.7 − ψ(3) + ψ(5)
@inline(__always)
func logBetaFrontFastDerivatives<T: RealScalar>(x: T, y: T, logX: T, logY: T, a: T, b: T) -> T? {
    guard T.self == BivariateDual.self || T.self == Dual.self else { return nil }
    let bMoves = b.derivativeMagnitude != 0
    let value: Double, partials: (a: Double, b: Double)
    if bMoves && betaFrontUsesTable(a: a.value, b: b.value) {
        (value, partials) = betaFrontFromTable(logX: logX.value, logY: logY.value, a: a.value, b: b.value)
    } else {
        value = logBetaFront(x: x.value, y: y.value, logX: logX.value, logY: logY.value, a: a.value, b: b.value)
        partials = betaFrontShapePartials(x: x.value, y: y.value, logX: logX.value, logY: logY.value, a: a.value, b: b.value,
                                          bMoves: bMoves)
    }
    if T.self == BivariateDual.self {
        let logX = unsafeBitCast(logX, to: BivariateDual.self), logY = unsafeBitCast(logY, to: BivariateDual.self)
        let a = unsafeBitCast(a, to: BivariateDual.self), b = unsafeBitCast(b, to: BivariateDual.self)
        let da = a.da * partials.a + b.da * partials.b + a.value * logX.da + b.value * logY.da
        let db = a.db * partials.a + b.db * partials.b + a.value * logX.db + b.value * logY.db
        return unsafeBitCast(BivariateDual(value, da: da, db: db), to: T.self)
    }
    let logX = unsafeBitCast(logX, to: Dual.self), logY = unsafeBitCast(logY, to: Dual.self)
    let a = unsafeBitCast(a, to: Dual.self), b = unsafeBitCast(b, to: Dual.self)
    let d = a.derivative * partials.a + b.derivative * partials.b + a.value * logX.derivative + b.value * logY.derivative
    return unsafeBitCast(Dual(value, derivative: d), to: T.self)
}

/// (Tₐ, T_b) = (∂/∂a, ∂/∂b) of log(xᵃ yᵇ / B(a, b)) at fixed x, see `logBetaFrontFastDerivatives`;
/// T_b is 0 unless `bMoves` (the Student-t's b = ½ is fixed).
@inline(__always)
func betaFrontShapePartials(x: Double, y: Double, logX: Double, logY: Double, a: Double, b: Double,
                            bMoves: Bool) -> (a: Double, b: Double) {
    let s = a + b
    if s < 8 {
        let psiS = digamma(s)
        return (logX - digamma(a) + psiS, bMoves ? logY - digamma(b) + psiS : 0)
    }
    let x0 = a / s, y0 = b / s
    // x − x₀ = y₀ − y, from the smaller coordinate.
    let d = x <= 0.5 ? x - x0 : y0 - y
    let logRatioX = Swift.abs(d) <= 0.5 * x0 ? Foundation.log1p(d / x0) : logX - Foundation.log(x0)
    let sumTerm = digammaLessLog(s)
    guard bMoves else { return (logRatioX - digammaLessLog(a) + sumTerm, 0) }
    let logRatioY = Swift.abs(d) <= 0.5 * y0 ? Foundation.log1p(-d / y0) : logY - Foundation.log(y0)
    return (logRatioX - digammaLessLog(a) + sumTerm, logRatioY - digammaLessLog(b) + sumTerm)
}

/// Whether the Beta gradient takes log B(a, b) and ψ from `logGammaAndDigammaForShape`'s table:
/// a + b < 8 with the shapes within a factor 4 of each other. The table's error (3e-15 · max(1, |f|))
/// is absolute, and ψ(a+b) − ψ(a) cancels by about max(a, b)/min(a, b): with the table everywhere,
/// dx/da at a = 7.4, b = 0.038 was off by 1.0e-12, so more unequal shapes keep `digamma`, whose
/// errors at a and a + b cancel, and `logGamma`.
@inline(__always)
func betaFrontUsesTable(a: Double, b: Double) -> Bool {
    a + b < 8 && 4 * Swift.min(a, b) >= Swift.max(a, b)
}

/// (log front, (Tₐ, T_b)) for a + b < 8 from the table: log front = a log x + b log y − log Γ(a)
/// − log Γ(b) + log Γ(a+b), Tₐ = log x − ψ(a) + ψ(a+b), T_b = log y − ψ(b) + ψ(a+b) (see
/// `logBetaFrontFastDerivatives`); three table reads where `logBetaFront` and
/// `betaFrontShapePartials` take three `lgamma_r` and three ψ.
@inline(__always)
func betaFrontFromTable(logX: Double, logY: Double, a: Double, b: Double) -> (value: Double, partials: (a: Double, b: Double)) {
    let ga = logGammaAndDigammaForShape(a), gb = logGammaAndDigammaForShape(b), gs = logGammaAndDigammaForShape(a + b)
    let value = a * logX + b * logY - ga.logGamma - gb.logGamma + gs.logGamma
    return (value, (logX - ga.digamma + gs.digamma, logY - gb.digamma + gs.digamma))
}

/// ψ(θ) − log θ: from 8 on the asymptotic series (its first omitted term, B₁₈/(18 θ¹⁸), is below
/// 2e-16 there: ψ less log θ would cancel 35-fold at θ = 8.6 and cost 3e-13 in a Student-t dt/dν),
/// else ψ less log θ.
@inline(__always)
func digammaLessLog(_ theta: Double) -> Double {
    theta >= 8 ? digammaMinusLog(theta) : digamma(theta) - Foundation.log(theta)
}
