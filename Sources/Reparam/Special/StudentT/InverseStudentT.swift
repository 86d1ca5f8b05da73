import Foundation

/// The quantile of the standard Student-t distribution: t with F(t; ν) = p.
///
/// With tail = min(p, 1 − p), the Beta quantile x of I_x(ν/2, ½) = 2·tail
/// gives |t| = √(ν y / x), y = 1 − x; the solver returns the smaller of x, y
/// to full relative precision (and log x where x underflows, as for ν = 0.1
/// far in the tail), so both tails and the centre keep their digits. Throws
/// `ReparamError.invalidArgument` for p outside [0, 1] or ν not positive
/// and finite; p = 0 and 1 give ∓∞. For ν ≥ 1e4, Newton's method on the
/// quadrature CDF (`studentTLargeDfQuantile`).
///
///     try inverseStudentTCDF(p: 0.975, df: 10)   // 2.2281…
public func inverseStudentTCDF(p: Double, df: Double) throws -> Double {
    guard df > 0, df.isFinite else { throw ReparamError.invalidArgument("inverseStudentTCDF: df must be positive and finite, got \(df)") }
    guard p >= 0, p <= 1 else { throw ReparamError.invalidArgument("inverseStudentTCDF: p must be in [0, 1], got \(p)") }
    if p == 0.5 { return 0 }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    if df >= studentTLargeDfCDFThreshold { return studentTLargeDfQuantile(p: p, df: df) }
    let tail = p < 0.5 ? p : 1 - p
    let root = betaQuantile(lower: 2 * tail, upper: 1 - 2 * tail, a: 0.5 * df, b: 0.5)
    guard !root.x.isNaN else {
        throw ReparamError.invalidArgument("inverseStudentTCDF: the incomplete beta did not converge at df = \(df), p = \(p)")
    }
    let magnitude: Double
    if root.x >= 1e-300 {
        magnitude = Foundation.sqrt(df) * (Foundation.sqrt(root.y) / Foundation.sqrt(root.x))
    } else {
        // x underflowed: log x is the solver's log of the smaller coordinate.
        magnitude = Foundation.exp(0.5 * (Foundation.log(df) + Foundation.log1p(-root.x) - root.logSmaller))
    }
    return p < 0.5 ? -magnitude : magnitude
}
