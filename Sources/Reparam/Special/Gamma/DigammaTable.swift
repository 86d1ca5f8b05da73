import Foundation

/// ψ(x) for the per-element Gamma gradient, where every draw has its own shape and ψ's recurrence
/// and logarithm would cost a third of the gradient.
///
/// On [1, 13): ψ(x) + 1 (at least 0.42 there, so the check below is a relative one) as a piecewise
/// Chebyshev interpolant of degree 8 on 192 pieces of width 1/16 (14 KB), built once from `digamma`
/// and verified between its nodes to 3e-15 relative. Measured (DigammaTableTests): 3.0e-15 · max(1, |ψ|)
/// against mpmath, 4.7e-15 against `digamma` on a dense grid (whose own error is up to 3.2e-15). Below 1,
/// ψ(x) = ψ(x + 1) − 1/x; from 13 on, and should the table fail its check, `digamma`.
///
/// The Gamma gradient uses ψ only in differences log z − ψ, where an absolute error is what counts
/// (GammaDistinctTests holds the gradient to 1e-12 relative against mpmath: still 5.3e-14 with the table).
///
///     digammaForShape(2.5)   // ψ(2.5) = 0.7031566406452432 (to about 2e-15)
func digammaForShape(_ x: Double) -> Double {
    guard x >= 1 else { return x > 0 ? digammaForShape(x + 1) - 1 / x : digamma(x) }
    guard x < DigammaTable.upper, let table = DigammaTable.shifted else { return digamma(x) }
    return table.evaluateSingle(x) - 1
}

enum DigammaTable {
    static let upper = 13.0
    /// ψ + 1 on [1, 13), or nil if the interpolant failed its check (then `digamma` answers).
    static let shifted = PiecewiseChebyshev(lower: 1, upper: upper, pieceWidth: 1.0 / 16, outputs: 1, tolerance: 3e-15) { x in
        (digamma(x) + 1, 0)
    }
}
