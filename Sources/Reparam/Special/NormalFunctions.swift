import Foundation

/// Φ⁻¹(p), the standard normal quantile, accurate to a few ulps on (0, 1).
///
/// A rational starting point (Acklam's approximation, relative error 1e-9)
/// polished by one Halley step on Φ(x) − p, with Φ evaluated through erfc
/// on the nearer tail so both ends keep full relative accuracy.
public func standardNormalQuantile(_ p: Double) -> Double {
    guard p > 0, p < 1 else { return p == 0 ? -.infinity : p == 1 ? .infinity : .nan }
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let q = min(p, 1 - p)
    var x: Double
    if q < 0.02425 {
        let r = (-2 * log(q)).squareRoot()
        x = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1)
    } else {
        let s = q - 0.5, r = s * s
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * s / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
    // x is now the lower-tail quantile for q (x ≤ 0). Halley step on the lower tail:
    // e = Φ(x) − q, u = e·√(2π)·exp(x²/2), x ← x − u/(1 + x·u/2).
    let e = 0.5 * erfc(-x / 2.0.squareRoot()) - q
    let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
    x -= u / (1 + x * u / 2)
    return p < 0.5 ? x : -x
}

/// Φ(x) = ½ erfc(−x/√2), generic so `Dual` inputs carry φ(x) along.
@inlinable public func standardNormalCDF<T: RealScalar>(_ x: T) -> T {
    T(0.5) * erfc(-x * T(1 / 2.0.squareRoot()))
}

/// log φ(x) = −x²/2 − ½ log 2π.
@inlinable public func standardNormalLogDensity(_ x: Double) -> Double { -0.5 * x * x - 0.5 * log(2 * Double.pi) }
