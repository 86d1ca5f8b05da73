import Foundation

/// dt/dν for standard Student-t samples with their own ν from a table built once: the per-element
/// hot path of large batches (a VAE's encoder hands out one ν per sample).
///
/// dt/dν = ½ t G with G = 2 (dt/dν)/t even in t, analytic in q = t²/ν (including q = 0) and
/// negative everywhere. In u = log ν and s = log q, G is tabulated by `PiecewiseChebyshev2D`
/// (degree 8 × 8) on
///
///     ν ∈ [¼, 24] (u in 19 cells of 0.24) × q ∈ [e⁻¹², e¹⁶] (s in 56 cells of ½),
///
/// from `studentTFractionDerivative` (2.8e-13 on its held-out set in this ν range) at the nodes, and
/// verified at 25 points of every cell against it to `tolerance`. (Cells of 0.5 in u lose 1e-11 at large ν:
/// measured while choosing the grid.) Outside the rectangle, and if the table failed its check, nil:
/// the exact route answers. 1064 cells, 690 KB, about 113,000 fraction evaluations to build.
///
/// Measured worst relative error of dt/dν (StudentTDerivativeTableTests): 1.2e-13 against 40-digit mpmath
/// on 389 held-out points over the rectangle, its edges and the benchmark's draws (student_t_table.tsv);
/// 9.8e-13 against the fraction route itself on 40,000 points log-uniform over the rectangle (near
/// ν = 22.5, |t| = 1, where the route's own cancellation is largest).
///
///     studentTTableDerivative(df: 3, sample: -2.5)   // dt/dν as studentTImplicitDerivative gives, to 1e-12
@inline(__always)
func studentTTableDerivative(df nu: Double, sample t: Double) -> Double? {
    guard let table = StudentTDerivativeTable.values else { return nil }
    let u = Foundation.log(nu)
    let g = table.evaluate(u: u, s: Foundation.log(t * t) - u)
    return g.map { 0.5 * t * $0 }
}

enum StudentTDerivativeTable {
    static let df = 0.25...24.0
    static let logQ = -12.0...16.0
    static let tolerance = 5e-12
    /// Below this many samples a per-element batch keeps the exact route (the table's first use builds it).
    static let smallestBatch = 20_000

    /// G(log ν, log q), or nil if the table failed its check. The cells reach 1e-3 beyond `df` and `logQ`
    /// in u and s, so that points on the nominal edges stay inside after rounding.
    static let values = PiecewiseChebyshev2D(u: Foundation.log(df.lowerBound) - 1e-3...Foundation.log(df.upperBound) + 1e-3, cellsU: 19,
                                             s: logQ.lowerBound - 1e-3...logQ.upperBound + 1e-3, cellsS: 56, tolerance: tolerance) { u, s in
        let nu = Foundation.exp(u), t = (Foundation.exp(s) * nu).squareRoot()
        guard let dt = studentTFractionDerivative(df: nu, sample: t) else { return .nan }
        return 2 * dt / t
    }
}
