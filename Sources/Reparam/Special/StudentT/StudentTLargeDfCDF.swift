import Foundation

/// The lower tail P(T < −|t|) of the standard Student-t law for large ν
/// (≥ `studentTLargeDfCDFThreshold`), by quadrature of the density, where the
/// incomplete beta I_x(ν/2, ½) at x = ν/(ν+t²) → 1 loses digits (3.8e-10 at ν = 1e7).
///
/// With τ = |t| and f(s) = f(0) (1 + s²/ν)^(−(ν+1)/2) (`studentTLogDensityAtZero`):
///
///     τ ≥ 3:  P = f(τ) ∫₀^∞ e^(−v) (ds/dv) dv,   v = ((ν+1)/2)(log1p(s²/ν) − log1p(τ²/ν)),
///             by 40-point Gauss–Laguerre (ds/dv is smooth, its nearest singularity at v ≈ −τ²/2);
///     τ < 3:  P = ½ − ∫₀^τ f(s) ds by 24-point Gauss–Legendre.
///
/// Both hold for every ν up to the largest double (log1p and expm1 keep
/// s²/ν = 1e-300 exact). Measured against a 60-digit quadrature reference
/// (scripts/fixtures/student_t_large_df.py): see the README's accuracy table.
///
///     studentTLargeDfLowerTail(df: 1e7, magnitude: 2)   // 0.022750145445921477
func studentTLargeDfLowerTail(df nu: Double, magnitude tau: Double) -> Double {
    let half = 0.5 * (nu + 1)
    let logAtZero = studentTLogDensityAtZero(df: nu)
    let logTau = Foundation.log1p(tau * tau / nu)
    if tau >= 3 {
        let rule = GaussianQuadrature.laguerre
        var integral = 0.0
        for (v, weight) in zip(rule.nodes, rule.weights) {
            // s(v) with log1p(s²/ν) = v/half + log1p(τ²/ν); ds/dv = (1 + s²/ν) ν / (2 half s).
            let exponent = v / half + logTau
            let s = Foundation.sqrt(nu * Foundation.expm1(exponent))
            integral += weight * Foundation.exp(exponent) * nu / (2 * half * s)
        }
        return Foundation.exp(logAtZero - half * logTau) * integral
    }
    let rule = GaussianQuadrature.legendre
    var integral = 0.0
    for (node, weight) in zip(rule.nodes, rule.weights) {
        let s = 0.5 * tau * (node + 1)
        integral += weight * Foundation.exp(logAtZero - half * Foundation.log1p(s * s / nu))
    }
    return 0.5 - 0.5 * tau * integral
}

/// The Student-t quantile for ν ≥ `studentTLargeDfCDFThreshold`: Newton's method on
/// the log of the smaller tail (`studentTLargeDfLowerTail`), from the normal quantile
/// with its first Cornish–Fisher correction t ≈ z + (z³ + z)/(4ν).
///
///     studentTLargeDfQuantile(p: 0.025, df: 1e7)   // −1.9599640...
func studentTLargeDfQuantile(p: Double, df nu: Double) -> Double {
    let tail = Swift.min(p, 1 - p)
    let z = -standardNormalQuantile(tail)                 // > 0
    var tau = z + (z * z * z + z) / (4 * nu)
    let logTarget = Foundation.log(tail)
    let half = 0.5 * (nu + 1)
    for _ in 0..<20 {
        let lower = studentTLargeDfLowerTail(df: nu, magnitude: tau)
        let density = Foundation.exp(studentTLogDensityAtZero(df: nu) - half * Foundation.log1p(tau * tau / nu))
        // d log P/dτ = −f(τ)/P.
        let step = (Foundation.log(lower) - logTarget) * lower / density
        tau += step
        if Swift.abs(step) <= 1e-16 * Swift.max(tau, 1e-300) { break }
    }
    return p < 0.5 ? -tau : tau
}

/// From this ν on, the Student-t CDF and quantile use the quadrature of the density
/// (`studentTLargeDfLowerTail`) instead of the incomplete beta function.
let studentTLargeDfCDFThreshold = 1e4
