import Foundation

// The implicit reparameterization gradient of a Gamma(α, 1) sample z:
// holding u = P(α, z) fixed,
//
//     dz/dα = −(∂P/∂α)(α, z) / p(z; α),   p(z; α) = z^(α−1) e^(−z) / Γ(α).
//
// Both the numerator and the density carry the factor z^α e^(−z)/Γ(α), which
// cancels exactly, so no exponential is ever formed. With P = z^α e^(−z)/Γ(α+1)·S
// (power series) and Q = z^α e^(−z)/Γ(α)·C (continued fraction),
//
//     d log z/dα = −(S·(log z − ψ(α+1)) + ∂S/∂α) / α      (z ≤ `gammaSeriesBoundary(α)`),
//     d log z/dα =   C·(log z − ψ(α))   + ∂C/∂α           (otherwise, via Q),
//
// with ∂S/∂α and ∂C/∂α carried along the recurrences (ψ from `digammaForShape`'s table below
// α = 13); below z = 2⁻⁵⁴ the
// series is 1 to the last bit and d log z/dα = (ψ(α+1) − log z)/α. The Q side keeps the upper tail
// free of cancellation; working with log z keeps tiny shapes (whose samples
// underflow) exact. From α = 10⁶ on, Temme's uniform expansion answers instead
// (GammaTemmeExpansion.swift): no iteration, so any finite α works.
//
// Regions, methods and measured worst relative error of dz/dα on held-out points
// (GammaDistinctTests: log α uniform on [1e-3, 1e15], quantiles in [1e-10, 1 − 1e-10],
// mpmath quadrature at 40 digits):
// * z < 2⁻⁵⁴: the closed form (ψ(α+1) − log z)/α;
// * α < 10⁶, z ≤ `gammaSeriesBoundary(α)` (3 below α = 1, α + 2√α + 1 up to α = 6, α + √α from there):
//   the series with its α-derivative; z above: Legendre's continued
//   fraction by Wallis recurrences — together 7.1e-14 (worst at α ≈ 6.3e5, u ≈ 0.78);
// * α ≥ 10⁶: Temme's expansion through C₁ — 1.9e-15.
// For the rate-scaled Gamma(α, β), Z/β has derivative (dz/dα)/β.

/// dz/dα for a Gamma(α, 1) sample z, by the implicit function theorem on its CDF.
///
///     gammaImplicitDerivative(concentration: 1, sample: 2) // 1.6316914623497…
///
/// Returns nan for α ≤ 0 (or subnormal), α infinite or nan, z < 0 or nan; 0 at z = 0.
public func gammaImplicitDerivative(concentration alpha: Double, sample z: Double) -> Double {
    gammaImplicitDerivative(concentration: alpha, sample: z, digammaNext: nil)
}

/// dz/dα as `gammaImplicitDerivative(concentration:sample:)` gives it, with ψ(α+1) =
/// `digammaForShape(alpha + 1)` handed in (nil: computed here), as the per-element batches do
/// (`forEachWithDigammaNext`).
@inline(__always)
func gammaImplicitDerivative(concentration alpha: Double, sample z: Double, digammaNext: Double?) -> Double {
    guard isGammaImplicitShape(alpha), z >= 0 else { return .nan }
    if z == 0 { return 0 }
    if z == .infinity { return .infinity }
    return z * gammaLogImplicitDerivative(alpha, sample: z, logSample: Foundation.log(z), digammaNext: digammaNext)
}

/// d log z/dα for a Gamma(α, 1) sample given as log z, for shapes so small that z underflows.
///
///     gammaImplicitDerivative(concentration: 1e-3, logSample: -3000) // 2999424.428068… ≈ (3000 + ψ(1+α))/α
///
/// Returns nan for α ≤ 0 (or subnormal), α infinite or nan, or nan log z; +inf at log z = −∞.
public func gammaImplicitDerivative(concentration alpha: Double, logSample logZ: Double) -> Double {
    gammaImplicitDerivative(concentration: alpha, logSample: logZ, digammaNext: nil)
}

/// d log z/dα as `gammaImplicitDerivative(concentration:logSample:)` gives it, with ψ(α+1) handed in
/// (see `gammaImplicitDerivative(concentration:sample:digammaNext:)`).
@inline(__always)
func gammaImplicitDerivative(concentration alpha: Double, logSample logZ: Double, digammaNext: Double?) -> Double {
    guard isGammaImplicitShape(alpha), !logZ.isNaN else { return .nan }
    if logZ == -.infinity { return .infinity }
    if logZ == .infinity { return .nan }
    return gammaLogImplicitDerivative(alpha, sample: Foundation.exp(logZ), logSample: logZ, digammaNext: digammaNext)
}

/// Whether the implicit gradient accepts shape α: positive, normal and finite.
@inlinable func isGammaImplicitShape(_ alpha: Double) -> Bool {
    alpha >= .leastNormalMagnitude && alpha.isFinite
}

/// d log z/dα for valid α > 0 and z = exp(logZ) (z may have underflowed to 0).
@usableFromInline func gammaLogImplicitDerivative(_ alpha: Double, sample z: Double, logSample logZ: Double,
                                                  digammaNext: Double? = nil) -> Double {
    if z < gammaDeepLowerTail {
        // S = 1 + z/(α+1) + … and ∂S/∂α = −z/(α+1)² + … are 1 and 0 to the last bit here.
        return ((digammaNext ?? digammaForShape(alpha + 1)) - logZ) / alpha
    }
    if alpha >= gammaTemmeMinimumConcentration {
        return gammaTemmeLogDerivative(alpha, sample: z, logSample: logZ)
    }
    if z <= gammaSeriesBoundary(alpha) {
        // log z − ψ(α+1): for small α directly (ψ(α) + 1/α would cancel), for
        // large α through ψ(α+1) = ψ(α) + 1/α and the cancellation-free log z − ψ(α).
        let logMinusDigammaNext = alpha < 12 ? logZ - (digammaNext ?? digammaForShape(alpha + 1))
            : logMinusDigamma(z, logZ, alpha) - 1 / alpha
        let s = lowerGammaSeriesWithShapeDerivative(alpha, z, derivativeScale: abs(logMinusDigammaNext))
        return -(s.value * logMinusDigammaNext + s.derivative) / alpha
    }
    let logMinusDigammaHere = logMinusDigamma(z, logZ, alpha)
    let c = upperGammaContinuedFractionWithShapeDerivative(alpha, z, derivativeScale: abs(logMinusDigammaHere))
    return c.value * logMinusDigammaHere + c.derivative
}

/// The largest z at which the implicit gradient takes the series: 3 below α = 1, α + 2√α + 1
/// (about two standard deviations above the mean, Q ≈ 0.02) for α ∈ [1, 6), α + √α from α = 6.
///
/// Above the median the series' two terms S·(log z − ψ(α+1)) and ∂S/∂α cancel by about 1/Q(α, z),
/// at most ~50 below these boundaries (and the result, ∝ 1/α for small α, is larger than that for
/// α < 1): measured worst 5.4e-14 against mpmath on 300 random points between the old boundary
/// (α + √α, 1 + α below 1) and this one. Where the boundary moved, the series (two terms per division,
/// 20–44 terms) costs a third to a tenth of the continued fraction, which needs 30–77 steps there
/// for α < 4 (e.g. 77 at α = 0.2, z = 1.2; 54 at α = 1, z = 3). From α = 6 the fraction is the
/// cheaper one above α + √α (14 steps against 41 terms at α = 8).
@usableFromInline func gammaSeriesBoundary(_ alpha: Double) -> Double {
    if alpha < 1 { return 3 }
    return alpha < 6 ? alpha + 2 * alpha.squareRoot() + 1 : alpha + alpha.squareRoot()
}

/// Below this z (2⁻⁵⁴), d log z/dα = (ψ(α+1) − log z)/α exactly in float64, for every α > 0.
@usableFromInline let gammaDeepLowerTail = 0x1p-54

/// log z − ψ(α), without cancellation when z ≈ α is large:
/// log z − ψ(α) = log1p((z−α)/α) − (ψ(α) − log α), z − α exact for z ∈ [α/2, 2α].
@usableFromInline func logMinusDigamma(_ z: Double, _ logZ: Double, _ alpha: Double) -> Double {
    if alpha >= 12 && z >= 0.5 * alpha && z <= 2 * alpha {
        return Foundation.log1p((z - alpha) / alpha) - digammaMinusLog(alpha)
    }
    return logZ - digammaForShape(alpha)
}
