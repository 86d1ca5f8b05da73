import Foundation

// The regularized incomplete gamma functions
//
//     P(a, x) = γ(a, x)/Γ(a) = ∫₀ˣ tᵃ⁻¹e⁻ᵗ dt / Γ(a),   Q(a, x) = 1 − P(a, x),
//
// generic over the scalar: `Dual` in a gives ∂P/∂a, `Dual` in x gives
// ∂P/∂x = xᵃ⁻¹e⁻ˣ/Γ(a). Regions (each returns whichever of P, Q it computes
// without cancellation; the other is 1 minus it only where it is ≥ ½-ish):
//
// * x ≤ max(a, 1): P by the power series (P ≲ 0.6 there for a ≥ 1); for
//   a < 1, where P there is near 1, Q by the small-shape formula instead;
// * otherwise: Q by Legendre's continued fraction (Q < ½ there);
// * a ≥ 1e8 (where the series needs 9√a terms): Temme's expansion (`largeShapeRegularizedGamma`).
//
// The x-derivative is added in closed form (the density), so the expansions
// only ever differentiate in a.

/// The regularized lower incomplete gamma function P(a, x), the Gamma(a, 1) CDF at x.
///
///     regularizedGammaP(2.0, 1.0)                       // 1 − 2/e = 0.2642…
///     regularizedGammaP(Dual(2, derivative: 1), Dual(1)) // derivative ∂P/∂a
///
/// Returns nan for a ≤ 0 (or subnormal), x < 0 or nan inputs; P(a, 0) = 0, P(a, ∞) = 1.
@inlinable public func regularizedGammaP<T: RealScalar>(_ a: T, _ x: T) -> T {
    regularizedGamma(a, x, upper: false)
}

/// The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), the Gamma(a, 1) survival function.
///
///     regularizedGammaQ(1.0, 3.0) // e⁻³
@inlinable public func regularizedGammaQ<T: RealScalar>(_ a: T, _ x: T) -> T {
    regularizedGamma(a, x, upper: true)
}

@inlinable func regularizedGamma<T: RealScalar>(_ a: T, _ x: T, upper: Bool) -> T {
    let shape = a.value, point = x.value
    guard shape >= .leastNormalMagnitude, point >= 0, shape.isFinite else { return T(.nan) }
    if point == 0 { return T(upper ? 1 : 0) }
    if point == .infinity { return T(upper ? 0 : 1) }
    if shape >= incompleteGammaTemmeMinimumShape { return largeShapeRegularizedGamma(a, x, upper: upper) }
    let value: T
    if point <= max(shape, 1) {
        if upper && shape < 1 {
            value = upperGammaSmallShape(a, point)
        } else {
            let prefactor = logGammaSeriesPrefactor(a, point)
            // An underflowed prefactor (x ≪ a) would carry 0·∞ into the derivative; P is 0 to the last bit.
            let lower = prefactor.value < -746 ? T(0)
                : exp(prefactor) * lowerGammaSeries(a, point, derivativeScale: prefactor.derivativeMagnitude)
            value = upper ? T(1) - lower : lower
        }
    } else {
        let prefactor = logGammaPrefactor(a, point)
        let q = prefactor.value < -746 ? T(0)
            : exp(prefactor) * upperGammaContinuedFraction(a, point, derivativeScale: prefactor.derivativeMagnitude)
        value = upper ? q : T(1) - q
    }
    // ∂P/∂x = density, ∂Q/∂x = −density; `lift` at value 0 adds just that.
    let density = gammaDensityForDerivative(shape, point)
    return value + x.lift(value: 0, derivative: upper ? -density : density)
}

/// xᵃ⁻¹e⁻ˣ/Γ(a) in log space (for the x-derivative of P and Q).
@usableFromInline func gammaDensityForDerivative(_ a: Double, _ x: Double) -> Double {
    Foundation.exp(logGammaPrefactor(a, x) - Foundation.log(x))
}
