import Foundation

/// The variance of the angle of a von Mises(μ, κ) draw around μ: E[x²] for x = wrap(z − μ) on
/// [−π, π), generic in κ (a dual κ gives d/dκ E[x²] = Cov(x², cos x)).
///
///     E[x²] = ∫₋π^π x² e^{κ(cos x − 1)} dx / ∫₋π^π e^{κ(cos x − 1)} dx
///
/// from π²/3 (κ → 0, uniform angles) down to ≈ 1/κ + 1/(2κ²) (κ large, where the angle is nearly
/// Normal(0, 1/κ)). This is not the circular variance 1 − I₁(κ)/I₀(κ) = 1 − E[cos x]
/// (`besselRatioComplement`), which lies in [0, 1] and is about 1/(2κ) for large κ.
/// Both integrals over [0, π] by 32-point Gauss–Legendre on panels [0, s], [s, 3s], [3s, 7s], …
/// (s = 1/√κ, the width of the peak), to where the weight e^{κ(cos x − 1)} = e^{−2κ sin²(x/2)}
/// is below e^{−400}: exact to rounding for every κ > 0.
///
///     vonMisesAngleVariance(concentration: 1e-9)   // ≈ π²/3 = 3.2898681336964524
@inlinable
public func vonMisesAngleVariance<T: RealScalar>(concentration kappa: T) -> T {
    guard kappa.value > 0 else { return T(kappa.value == 0 ? Double.pi * Double.pi / 3 : .nan) }
    let scale = 1 / Swift.max(kappa.value, 1).squareRoot()
    var numerator: T = 0, denominator: T = 0
    var start = 0.0, width = scale
    while start < Double.pi && start < 40 * scale {
        let end = Swift.min(start + width, Double.pi)
        let half = 0.5 * (end - start), middle = 0.5 * (end + start)
        for (node, weight) in gaussLegendre32 {
            let x = middle + half * node
            let sine = Foundation.sin(0.5 * x)
            let w = T(weight * half) * exp(kappa * T(-2 * sine * sine))
            numerator += w * T(x * x)
            denominator += w
        }
        start = end
        width *= 2
    }
    return numerator / denominator
}
