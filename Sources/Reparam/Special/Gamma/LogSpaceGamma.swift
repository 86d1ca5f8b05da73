import Foundation

// The Gamma(α, 1) law on the log scale, w = log z, for shapes so small that z underflows:
// P(z < 5e-324) = e^{−744α}/Γ(1+α), a tenth of the draws at α = 0.003.
//
// Below z = 2⁻⁵⁴ the power series of P is 1 to the last bit, so there, in closed form,
//
//     P(α, e^w) = e^{αw}/Γ(α+1),      P⁻¹(α, p) = exp((log p + log Γ(α+1))/α),
//
// and d w/dα = (ψ(α+1) − w)/α (`gammaImplicitDerivative(concentration:logSample:)`); above it
// the linear-scale functions are exact and only a logarithm is added.

/// log 2⁻⁵⁴: below this log z the series of P(α, z) is 1 to the last bit.
@usableFromInline let gammaDeepLowerTailLog = -37.42994775023705

/// P(α, e^w), the Gamma(α, 1) CDF at z = e^w, finite and exact where z underflows.
///
/// Generic, so duals in α give ∂P/∂α and duals in w give z p(z).
///
///     regularizedGammaP(0.003, logPoint: -1000.0)  // e^{−3}/Γ(1.003) = 0.0499…, where e^{−1000} is 0
///
/// 0 at w = −∞, 1 at +∞, nan for α ≤ 0 or nan w.
@inlinable public func regularizedGammaP<T: RealScalar>(_ a: T, logPoint w: T) -> T {
    guard a.value > 0, !w.value.isNaN else { return T(.nan) }
    if w.value == -.infinity { return 0 }
    if w.value < gammaDeepLowerTailLog { return exp(a * w - logGamma1p(a)) }
    return regularizedGammaP(a, exp(w))
}

/// log P⁻¹(α, p): the log of the Gamma(α, 1) quantile, finite where the quantile underflows.
///
///     logInverseRegularizedGammaP(a: 0.003, p: 0.05)   // ≈ −1000 (the quantile is e^{−1000})
///
/// −∞ at p = 0, +∞ at p = 1; nan for α ≤ 0 or p ∉ [0, 1].
public func logInverseRegularizedGammaP(a: Double, p: Double) -> Double {
    guard a > 0, a.isFinite, p >= 0, p <= 1 else { return .nan }
    if p == 0 { return -.infinity }
    if p > 0.5 { return Foundation.log(upperGammaQuantile(a, 1 - p)) }
    let powerLaw = (Foundation.log(p) + logGamma1p(a)) / a
    if powerLaw < gammaDeepLowerTailLog { return powerLaw }
    return Foundation.log(lowerGammaQuantile(a, p))
}

/// log p(w) = αw − e^w − log Γ(α), the log density of w = log z for z ~ Gamma(α, 1).
///
///     logGammaLogDensity(1, at: 0)   // −1
@inlinable public func logGammaLogDensity(_ a: Double, at w: Double) -> Double {
    if w == -.infinity || w == .infinity { return -.infinity }
    return a * w - Foundation.exp(w) - logGamma(a)
}
