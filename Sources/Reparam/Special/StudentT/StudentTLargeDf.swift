import Foundation

/// dt/dν for large ν (≥ `studentTLargeDfThreshold`) from the integral of ∂f/∂ν,
/// where the incomplete-beta route loses digits.
///
/// For large ν, F(t; ν) moves with ν only at O(1/ν²), while the beta route
/// forms that change from O(1/ν) pieces. Instead, with τ = |t| and the score
/// g(s) = ∂log f(s; ν)/∂ν written so that nothing cancels (`studentTScore`),
///
///     dt/dν = sign(t) · R,  R = ∫_τ^∞ f(s) g(s) ds / f(τ)      (τ ≥ 1.5)
///                           R = −∫_0^τ f(s) g(s) ds / f(τ)     (τ < 1.5, since ∫_0^∞ f g = 0)
///
/// The tail beyond max(τ, 3) is taken in v = ((ν+1)/2)(log1p(s²/ν) − log1p(τ²/ν)),
/// so f(s)/f(τ) = e^(−v), by Gauss–Laguerre (from 3 on, ds/dv's singularity at
/// v ≈ −τ²/2 is far enough for 1e-16; at τ = 1.56 it cost 2.5e-13); [τ, 3] and
/// [0, τ] by Gauss–Legendre. The split at τ = 1.5 keeps each integrand of one sign
/// (g changes sign once, near s² = 1 + √2 for large ν).
///
///     studentTLargeDfDerivative(df: 1000, sample: -3.098402163912923)   // 8.1896…e-6
func studentTLargeDfDerivative(df nu: Double, sample t: Double) -> Double {
    let tau = Swift.abs(t)
    let half = 0.5 * (nu + 1)
    let score = StudentTScore(df: nu)
    /// log f(s) − log f(0).
    func logRatio(_ s: Double) -> Double { -half * Foundation.log1p(s * s / nu) }
    /// ∫_lo^hi f(s) g(s) ds / f(lo) by 24-point Gauss–Legendre.
    func segment(_ lo: Double, _ hi: Double) -> Double {
        let rule = GaussianQuadrature.legendre
        var sum = 0.0
        for (node, weight) in zip(rule.nodes, rule.weights) {
            let s = lo + 0.5 * (hi - lo) * (node + 1)
            sum += weight * Foundation.exp(logRatio(s) - logRatio(lo)) * score.value(at: s)
        }
        return 0.5 * (hi - lo) * sum
    }
    /// ∫_τ^∞ f(s) g(s) ds / f(τ) by Gauss–Laguerre in v (τ ≥ 3: ds/dv's singularity, at v ≈ −τ²/2, stays far).
    func tail(_ tau: Double) -> Double {
        let logTau = Foundation.log1p(tau * tau / nu)
        let rule = GaussianQuadrature.laguerre
        var sum = 0.0
        for (v, weight) in zip(rule.nodes, rule.weights) {
            // s(v) with log1p(s²/ν) = v/half + log1p(τ²/ν); ds/dv = (1 + s²/ν) ν / (2 half s).
            let onePlus = Foundation.exp(v / half + logTau)
            let s = Foundation.sqrt(nu * Foundation.expm1(v / half + logTau))
            sum += weight * score.value(at: s) * onePlus * nu / (2 * half * s)
        }
        return sum
    }
    let r: Double
    if tau >= 3 {
        r = tail(tau)
    } else if tau >= 1.5 {
        r = segment(tau, 3) + Foundation.exp(logRatio(3) - logRatio(tau)) * tail(3)
    } else {
        r = -segment(0, tau) * Foundation.exp(logRatio(0) - logRatio(tau))
    }
    return t < 0 ? -r : r
}

/// Above this ν, `studentTImplicitDerivative` integrates the score instead of
/// differentiating the incomplete beta function.
let studentTLargeDfThreshold = 30.0

/// The score of the Student-t density in ν, g(s) = ∂log f(s; ν)/∂ν, for ν ≥ 16,
/// in a form without cancellation:
///
///     g = ½ D(ν/2) − ½ (log1p(q) − u) + u/(2ν),   q = s²/ν,  u = q/(1+q),
///
/// with D(z) = ψ(z+½) − ψ(z) − 1/(2z) from Stirling's series term by term
/// (see `init`), and log1p(q) − u = Σₖ≥₂ uᵏ/k for small u.
struct StudentTScore {
    let df: Double
    let halfD: Double

    init(df nu: Double) {
        df = nu
        let z = 0.5 * nu, e = 1 / (2 * z)
        // ψ(z+½) − ψ(z) = log1p(e) + 1/(4z(z+½)) − Σₖ B₂ₖ/(2k) z^(−2k) expm1(−2k log1p(e)), e = 1/(2z).
        var log1pMinus = 0.0                          // log1p(e) − e = Σₖ≥₂ (−1)ᵏ⁺¹ eᵏ/k
        var power = e
        for k in 2...30 {
            power *= -e
            log1pMinus += power / Double(k)
        }
        var correction = 0.0
        let logRatio = Foundation.log1p(e), inverseSquare = 1 / (z * z)
        var zPower = 1.0
        for (index, bernoulli) in BernoulliEven.values.enumerated() {
            let k = Double(index + 1)
            zPower *= inverseSquare
            correction += bernoulli / (2 * k) * zPower * Foundation.expm1(-2 * k * logRatio)
        }
        halfD = 0.5 * (log1pMinus + 1 / (4 * z * (z + 0.5)) - correction)
    }

    func value(at s: Double) -> Double {
        let q = s * s / df, u = q / (1 + q)
        let excess: Double
        if u < 0.1 {
            var sum = 0.0, power = u
            for k in 2...18 {
                power *= u
                sum += power / Double(k)
            }
            excess = sum
        } else {
            excess = Foundation.log1p(q) - u
        }
        return halfD - 0.5 * excess + u / (2 * df)
    }
}
