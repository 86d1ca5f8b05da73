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
///
/// Far in one tail (`truncatedNormalFarTailMoments`) the same moments come from a continued fraction,
/// where these forms would cancel (the variance at low = 1000 is 1e-6 out of terms of 1e6).
@inlinable
public func truncatedNormalMoments<T: RealScalar>(alpha: T, beta: T) -> (mean: T, variance: T, entropy: T) {
    if let tail = truncatedNormalFarTailMoments(alpha: alpha, beta: beta) { return tail }
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

/// Mean, variance and entropy of the standard normal truncated to [s, ∞) for s ≥ 5 (or mirrored,
/// (−∞, −s]), where the other bound holds a negligible share of the mass (Φ̄(other)/Φ̄(s) < e^{−40}/s⁴).
///
/// With Laplace's continued fraction K_n = n/(s + K_{n+1}) (30 levels, exact for s ≥ 5), the inverse
/// Mills ratio is r = φ(s)/Φ̄(s) = s + K₁, and
///
///     mean = s + K₁,   variance = 1 + s r − r² = K₁(K₂ − K₁),   entropy = ½ + s K₁/2 − log(s + K₁),
///
/// every one free of cancellation (1 + s r − r² would lose 12 digits at s = 1000). Nil elsewhere.
///
///     truncatedNormalFarTailMoments(alpha: 1000.0, beta: .infinity)?.variance   // 9.99994000050e-7
@inlinable
func truncatedNormalFarTailMoments<T: RealScalar>(alpha: T, beta: T) -> (mean: T, variance: T, entropy: T)? {
    let upper = alpha.value + beta.value > 0
    let s = upper ? alpha : -beta
    let other = upper ? beta.value : -alpha.value
    guard s.value >= 5, s.value < other else { return nil }
    if other.isFinite {
        let logShare = standardNormalLogCDFValue(-other) - standardNormalLogCDFValue(-s.value)
        guard logShare + 4 * Foundation.log(s.value) < -40 else { return nil }
    }
    var k: T = 0
    for n in stride(from: 30, through: 2, by: -1) { k = T(Double(n)) / (s + k) }
    let k1 = 1 / (s + k)
    let mean = s + k1
    return (upper ? mean : -mean, k1 * (k - k1), 0.5 + 0.5 * s * k1 - log(s + k1))
}
