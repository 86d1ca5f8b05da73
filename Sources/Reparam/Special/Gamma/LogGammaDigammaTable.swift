import Foundation

/// log Γ(x) and ψ(x) together, for the per-element Beta gradient, where every sample has its own
/// shapes and three `lgamma_r` and three ψ per sample were a fifth of its cost (issue 16).
///
/// On [1, 13): (log Γ(x) + 1, ψ(x) + 1) (at least 0.87 and 0.42 there, so the check below is a
/// relative one) as one piecewise Chebyshev interpolant of degree 8 on 192 pieces of width 1/16
/// with two outputs (28 KB), both read by one Horner pass; built once from `logGamma` and
/// `digamma` and verified between its nodes to 3e-15 relative. Below 1,
/// log Γ(x) = log Γ(x + 1) − log x and ψ(x) = ψ(x + 1) − 1/x; from 13 on, and should the table fail
/// its check, `logGamma` and `digamma`. Measured (LogGammaDigammaTableTests): against mpmath
/// 2.7e-15 (log Γ) and 3.0e-15 (ψ) · max(1, |f|); on a dense grid of (0, 14] against `logGamma`
/// and `digamma` 4.0e-15 and 4.7e-15 (part of which is theirs).
///
/// The Beta gradient uses these only where an absolute error of that size is harmless: ψ in the
/// differences ψ(a + b) − ψ(a) with a, b within a factor 4 (`betaFrontShapePartials`), log Γ in
/// log B(a, b), which the gradient's front cancels and the expansions take as exp(·).
///
///     logGammaAndDigammaForShape(2.5)   // (log Γ(2.5) = 0.2846828704729192, ψ(2.5) = 0.7031566406452432)
func logGammaAndDigammaForShape(_ x: Double) -> (logGamma: Double, digamma: Double) {
    guard x >= 1 else {
        guard x > 0 else { return (logGamma(x), digamma(x)) }
        let shifted = logGammaAndDigammaForShape(x + 1)
        return (shifted.logGamma - Foundation.log(x), shifted.digamma - 1 / x)
    }
    guard x < LogGammaDigammaTable.upper, let table = LogGammaDigammaTable.shifted else { return (logGamma(x), digamma(x)) }
    let (shiftedLogGamma, shiftedDigamma) = table.evaluatePair(x)
    return (shiftedLogGamma - 1, shiftedDigamma - 1)
}

enum LogGammaDigammaTable {
    static let upper = 13.0
    /// (log Γ + 1, ψ + 1) on [1, 13), or nil if the interpolant failed its check.
    static let shifted = PiecewiseChebyshev(lower: 1, upper: upper, pieceWidth: 1.0 / 16, outputs: 2, tolerance: 3e-15) { x in
        (logGamma(x) + 1, digamma(x) + 1)
    }
}
