import Foundation

// Quantiles of Gamma(a, 1): z with P(a, z) = p (or Q(a, z) = q).
//
// Whichever of P, Q is below ½ is solved for, so p near 1 is as accurate as
// p near 0, and always in log space, where Newton's method is globally
// convergent: log Z has a log-concave density, so log P is concave in
// t = log z, and log Q is concave (a ≥ 1) or convex (a < 1) in z. Newton on a
// monotone concave or convex function overshoots at most once and then
// approaches the root from one side.
//
//     lower tail:  g(t) = log P(a, eᵗ) − log p,  g′(t) = z p(z) / P
//     upper tail:  h(z) = log Q(a, z) − log q,   h′(z) = −p(z) / Q
//
// A bracket (tightened by the sign of g or h) guards against rounding near
// the root; a step leaving it bisects instead.

/// z with P(a, z) = p: the Gamma(a, 1) quantile function.
///
///     inverseRegularizedGammaP(a: 1, p: 0.5) // log 2
///
/// Accurate to a few ulps times the quantile's condition number min(P,Q)/(z·p(z)),
/// plus about |log p| ulps in the far tails, where the exponent of P is rounded.
/// Returns 0 at p = 0 (and where z underflows), +inf at p = 1, nan for a ≤ 0 or p ∉ [0, 1].
public func inverseRegularizedGammaP(a: Double, p: Double) -> Double {
    guard a > 0, a.isFinite, p >= 0, p <= 1 else { return .nan }
    if a >= normalLimitShape && p > 0 && p < 1 { return a + a.squareRoot() * standardNormalQuantile(p) }
    return p <= 0.5 ? lowerGammaQuantile(a, p) : upperGammaQuantile(a, 1 - p)
}

/// z with Q(a, z) = q: the Gamma(a, 1) quantile of 1 − q.
///
///     inverseRegularizedGammaQ(a: 1, q: 1e-10) // 10 log 10
public func inverseRegularizedGammaQ(a: Double, q: Double) -> Double {
    guard a > 0, a.isFinite, q >= 0, q <= 1 else { return .nan }
    if a >= normalLimitShape && q > 0 && q < 1 { return a - a.squareRoot() * standardNormalQuantile(q) }
    return q < 0.5 ? upperGammaQuantile(a, q) : lowerGammaQuantile(a, 1 - q)
}

/// The shape from which Gamma(a, 1)'s quantiles are a + √a Φ⁻¹(p): its skewness term (w² − 1)/3
/// and beyond are below 1e-14 of an ulp of a there, and the CDF is a step between neighbouring doubles.
let normalLimitShape = 1e30

/// log P(a, z) for z > 0, without underflow (series side) or cancellation (Q side).
func logRegularizedGammaP(_ a: Double, _ z: Double) -> Double {
    if a >= incompleteGammaTemmeMinimumShape {
        let tail = largeShapeLogGammaTail(a, z)
        return tail.upper ? Foundation.log1p(-Foundation.exp(tail.log)) : tail.log
    }
    if z <= max(a, 1) { return logGammaSeriesPrefactor(a, z) + Foundation.log(lowerGammaSeries(a, z)) }
    return Foundation.log1p(-regularizedGammaQ(a, z))
}

/// log Q(a, z) for z > 0, without underflow (continued-fraction side) or cancellation.
func logRegularizedGammaQ(_ a: Double, _ z: Double) -> Double {
    if a >= incompleteGammaTemmeMinimumShape {
        let tail = largeShapeLogGammaTail(a, z)
        return tail.upper ? tail.log : Foundation.log1p(-Foundation.exp(tail.log))
    }
    if z > max(a, 1) { return logGammaPrefactor(a, z) + Foundation.log(upperGammaContinuedFraction(a, z)) }
    if a < 1 { return Foundation.log(upperGammaSmallShape(a, z)) }
    return Foundation.log1p(-regularizedGammaP(a, z))
}

/// z with P(a, z) = p for 0 < p ≤ ½: Newton on log P against log z.
func lowerGammaQuantile(_ a: Double, _ p: Double) -> Double {
    if p == 0 { return 0 }
    let logTarget = Foundation.log(p)
    // Small z: P = zᵃ/Γ(a+1)·(e⁻ᶻS) with e⁻ᶻS = 1 + O(z), so below z = 2⁻⁶⁰
    // (e^−41.59) the power law is the answer itself (and may underflow to 0).
    let powerLaw = (logTarget + logGamma1p(a)) / a
    if powerLaw < -41.58883083359672 { return Foundation.exp(powerLaw) }
    var t = min(powerLaw, initialLogQuantile(a, logTarget, upper: false))
    var low = -Double.infinity, high = Double.infinity
    for _ in 0..<200 {
        let z = Foundation.exp(t)
        let logP = logRegularizedGammaP(a, z)
        let g = logP - logTarget
        if g == 0 { return z }
        if g > 0 { high = min(high, t) } else { low = max(low, t) }
        let slope = Foundation.exp(logGammaPrefactor(a, z) - logP)
        var next = t - g / slope
        if !(next > low && next < high) {
            next = low.isFinite && high.isFinite ? 0.5 * (low + high) : (low.isFinite ? low + 1 : high - 1)
        }
        if abs(next - t) <= 0x1p-53 * max(1, abs(t)) || low.nextUp >= high { return Foundation.exp(next) }
        t = next
    }
    return Foundation.exp(t)
}

/// z with Q(a, z) = q for 0 < q ≤ ½: Newton on log Q against z.
func upperGammaQuantile(_ a: Double, _ q: Double) -> Double {
    if q == 0 { return .infinity }
    let logTarget = Foundation.log(q)
    // For a < 1 even Q ≤ ½ can put z far below 1 (the median of Gamma(10⁻³)
    // is 5e-302), where steps linear in z crawl: solve in log z there.
    if a < 1 && logRegularizedGammaQ(a, 1) < logTarget { return upperGammaQuantileBelowOne(a, logTarget) }
    var z = Foundation.exp(initialLogQuantile(a, logTarget, upper: true))
    var low = 0.0, high = Double.infinity
    for _ in 0..<200 {
        let logQ = logRegularizedGammaQ(a, z)
        let h = logQ - logTarget
        if h == 0 { return z }
        if h > 0 { low = max(low, z) } else { high = min(high, z) }
        let slope = -Foundation.exp(logGammaPrefactor(a, z) - Foundation.log(z) - logQ)
        var next = z - h / slope
        if !(next > low && next < high) {
            next = high.isFinite ? 0.5 * (low + high) : 2 * max(z, 1)
        }
        if abs(next - z) <= 0x1p-53 * next || low.nextUp >= high { return next }
        z = next
    }
    return z
}

/// z < 1 with Q(a, z) = e^logTarget for a < 1: Newton on log Q against t = log z,
/// slope −z p(z)/Q, started at the small-z power law for P = 1 − Q.
func upperGammaQuantileBelowOne(_ a: Double, _ logTarget: Double) -> Double {
    var t = min(-1e-3, (Foundation.log(-Foundation.expm1(logTarget)) + logGamma1p(a)) / a)
    if !(t > -746) { return 0 }  // z below the smallest subnormal (shapes near 1e-300 and below)
    var low = -Double.infinity, high = 0.0
    for _ in 0..<200 {
        let z = Foundation.exp(t)
        let logQ = logRegularizedGammaQ(a, z)
        let h = logQ - logTarget                       // decreasing in t
        if h == 0 { return z }
        if h > 0 { low = max(low, t) } else { high = min(high, t) }
        let slope = -Foundation.exp(logGammaPrefactor(a, z) - logQ)
        var next = t - h / slope
        if !(next > low && next < high) { next = low.isFinite ? 0.5 * (low + high) : high - 1 }
        if abs(next - t) <= 0x1p-53 * max(1, abs(t)) || low.nextUp >= high { return Foundation.exp(next) }
        t = next
    }
    return Foundation.exp(t)
}

/// A starting log z from Wilson–Hilferty's cube of a normal quantile,
/// z ≈ a(1 − 1/(9a) + s/(3√a))³, or for a < 1 in the upper tail the
/// asymptote Q ≈ zᵃ⁻¹e⁻ᶻ/Γ(a).
func initialLogQuantile(_ a: Double, _ logTarget: Double, upper: Bool) -> Double {
    let normal = approximateNormalQuantile(logTarget) * (upper ? 1 : -1)
    if upper && a < 1 {
        var z = max(1, -logTarget)
        for _ in 0..<4 { z = max(1, -logTarget - logGamma(a) + (a - 1) * Foundation.log(z)) }
        return Foundation.log(z)
    }
    let c = 1 / (9 * a)
    let base = 1 - c + normal * c.squareRoot()
    return base > 0.05 ? Foundation.log(a) + 3 * Foundation.log(base) : Foundation.log(a) + 3 * Foundation.log(0.05)
}

/// |Φ⁻¹(p)| for p = e^logTarget ≤ ½ to about 4.5e-4 (Abramowitz & Stegun 26.2.23);
/// only a starting point, Newton's iterations do the rest.
func approximateNormalQuantile(_ logTarget: Double) -> Double {
    let t = (-2 * logTarget).squareRoot()
    return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
}
