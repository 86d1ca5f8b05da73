import Foundation

/// log Γ(x + h) − log Γ(x) for x > 0, x + h > 0, without subtracting two large log Γ values,
/// generic so that duals give ∂/∂x = ψ(x + h) − ψ(x) and ∂/∂h = ψ(x + h).
///
/// Where the difference is small beside log Γ(x) (h small, x large: a moment ratio
/// Γ(α + 1/c)/Γ(α) at α = 50 lost 2e-10 as lgamma(α + 1/c) − lgamma(α)), each piece here is
/// of the size of the result. Both arguments are shifted to X = x + n ≥ 8 by log Γ(y + 1) =
/// log Γ(y) + log y, then Stirling's series gives
///
///     log Γ(X + h) − log Γ(X) = (X − ½) log1p(h/X) + h log(X + h) − h + c(X + h) − c(X),
///     log Γ(x + h) − log Γ(x) = that − Σₖ₌₀ⁿ⁻¹ log1p(h/(x + k)),
///
/// c being Stirling's correction (`stirlingCorrection`).
///
///     logGammaDifference(50.0, 0.02)   // log Γ(50.02) − log Γ(50) = 0.07781…
public func logGammaDifference<T: RealScalar>(_ x: T, _ h: T) -> T {
    guard x.value > 0, (x + h).value > 0, x.isFinite, h.isFinite else { return T(.nan) }
    if h.value == 0 { return h }
    // The number of unit steps up to 8, clamped before the conversion (x near the largest double).
    let shift = Int(Swift.max(0, (8 - Swift.min(x.value, (x + h).value)).rounded(.up)))
    var shifted = x, lower: T = 0
    for _ in 0..<shift {
        lower = lower + log1p(h / shifted)
        shifted = shifted + 1
    }
    let upper = shifted + h, ratio = log1p(h / shifted)
    // Where h/X is subnormal (X near the largest double) log1p(h/X) keeps only its few bits:
    // (X − ½) log1p(h/X) = h (X − ½)/X (1 + O(h/X)) instead.
    let leading = Swift.abs(h.value) < 1e-290 * shifted.value ? h * ((shifted - 0.5) / shifted) : (shifted - 0.5) * ratio
    let stirling = leading + h * log(upper) - h + stirlingCorrectionDifference(shifted, ratio)
    return stirling - lower
}

/// c(X + h) − c(X) for Stirling's correction c(X) = Σₖ B₂ₖ/(2k(2k−1) X²ᵏ⁻¹) (X ≥ 8), term by term
/// from ρ = log1p(h/X): (X + h)^(−m) − X^(−m) = X^(−m) expm1(−mρ), so nothing cancels as h → 0
/// (the difference of the two corrections cost 1e-10 of log Γ(9 + 1e-8) − log Γ(9)).
@inlinable func stirlingCorrectionDifference<T: RealScalar>(_ x: T, _ rho: T) -> T {
    var sum: T = 0
    for k in 1...BernoulliEven.values.count {
        let m = Double(2 * k - 1)
        sum = sum + T(BernoulliEven.values[k - 1] / Double(2 * k) / m) * pow(x, -m) * expm1(T(-m) * rho)
    }
    return sum
}
