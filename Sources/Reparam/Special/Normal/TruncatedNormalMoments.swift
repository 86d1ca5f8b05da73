import Foundation

/// φ(α)/Z and φ(β)/Z for the standard normal truncated to [α, β] (Z = Φ(β) − Φ(α)), generic in
/// both bounds: with r_a = φ(α)/Z, r_b = φ(β)/Z,
/// ∂r_a/∂α = r_a(r_a − α), ∂r_a/∂β = −r_a r_b, ∂r_b/∂α = r_a r_b, ∂r_b/∂β = −r_b(r_b + β).
/// An infinite bound gives 0 (and no derivative). Formed in log space, so far tails are fine.
@inlinable
func truncatedNormalBoundaryRatios<T: RealScalar>(alpha: T, beta: T) -> (low: T, high: T) {
    let mass = TruncatedNormalLogMass(alpha: alpha.value, beta: beta.value)
    let a = alpha.value, b = beta.value
    let ra = a.isFinite ? Foundation.exp(mass.logDensity(a)) : 0
    let rb = b.isFinite ? Foundation.exp(mass.logDensity(b)) : 0
    let low = alpha.lift(value: ra, derivative: a.isFinite ? ra * (ra - a) : 0) + beta.lift(value: 0, derivative: -ra * rb)
    let high = alpha.lift(value: rb, derivative: ra * rb) + beta.lift(value: 0, derivative: b.isFinite ? -rb * (rb + b) : 0)
    return (low, high)
}

/// Mean, variance and entropy of the standard normal truncated to [α, β], generic in the bounds:
/// mean = r_a − r_b, variance = 1 + α r_a − β r_b − (r_a − r_b)²,
/// entropy = log(√(2πe) Z) + (α r_a − β r_b)/2 (a product with an infinite bound is 0).
///
///     truncatedNormalMoments(alpha: 0.0, beta: .infinity).mean   // √(2/π) (the half-normal)
@inlinable
public func truncatedNormalMoments<T: RealScalar>(alpha: T, beta: T) -> (mean: T, variance: T, entropy: T) {
    let (ra, rb) = truncatedNormalBoundaryRatios(alpha: alpha, beta: beta)
    let lowTerm: T = alpha.value.isFinite ? alpha * ra : 0
    let highTerm: T = beta.value.isFinite ? beta * rb : 0
    let mean = ra - rb
    let mass = TruncatedNormalLogMass(alpha: alpha.value, beta: beta.value)
    // log Z with ∂/∂α = −r_a, ∂/∂β = r_b.
    let logNormalizer = alpha.lift(value: mass.logNormalizer, derivative: -ra.value) + beta.lift(value: 0, derivative: rb.value)
    let entropy = T(0.5 * Foundation.log(2 * Double.pi * M_E)) + logNormalizer + 0.5 * (lowTerm - highTerm)
    return (mean, 1 + lowTerm - highTerm - mean * mean, entropy)
}
