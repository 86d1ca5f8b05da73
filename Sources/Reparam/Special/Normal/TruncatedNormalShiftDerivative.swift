import Foundation

// dx/dμ for a sample of the truncated Normal, where 1 − dx/dlow − dx/dhigh cancels.
//
// Next to the bound that holds the mass, dx/d(that bound) → 1 and dx/dμ → 0: in the far tail
// (`low: 1e6`) dx/dμ is about 1e-12 of its parts, so the plain sum keeps no digits. When the
// other bound is negligible (infinite, or Φ(other)/Φ(z) < e^{−80}), the oriented frame of
// `TruncatedNormalLogMass` (mass end b, sample t < b) gives dx/db = R(t)/R(b) with R = Φ/φ the
// Mills ratio, so
//
//     dx/dμ = 1 − R(t)/R(b) − dx/d(far end) = ∫_t^b R′(s) ds / R(b) − dx/d(far end),
//
// R′(s) = 1 + sR(s) > 0, an integral of a smooth positive function over a short interval
// (R(t) > R(b)/2 there), which Gauss–Legendre takes to full precision.

/// R′(s) = 1 + s R(s), R = Φ/φ the Mills ratio, without cancellation below s = −5.
///
/// There R = 1/(|s| + K) with K = 1/(|s| + 2/(|s| + 3/(|s| + …))) (Laplace's continued fraction,
/// 30 levels exact to the last bit for |s| ≥ 5), so 1 + sR = K/(|s| + K).
///
///     millsRatioSlope(-1000.0)   // ≈ 1/(10⁶ + 2) = 9.99998000006e-7
@usableFromInline
func millsRatioSlope(_ s: Double) -> Double {
    if s < -5 {
        let t = -s
        var inner = t
        for n in stride(from: 30, through: 2, by: -1) { inner = t + Double(n) / inner }
        let k = 1 / inner
        return k / (t + k)
    }
    return 1 + s * millsRatio(s)
}

/// R(s) = Φ(s)/φ(s) (+∞ where φ underflows above s ≈ 38).
@usableFromInline
func millsRatio(_ s: Double) -> Double {
    s <= 0 ? Foundation.exp(logMillsRatio(s)) : Foundation.exp(standardNormalLogCDFValue(s) - standardNormalLogDensity(s))
}

extension TruncatedNormalLogMass {
    /// dx/dμ at a standardized sample z strictly inside, given dx/dlow and dx/dhigh there and
    /// A(t) at the oriented point t = ±z (`logCDFAndRelative`; see the file notes); the plain
    /// 1 − dx/dlow − dx/dhigh where it does not cancel.
    @inlinable
    func shiftDerivative(at z: Double, relative: Double, low dLow: Double, high dHigh: Double) -> Double {
        let plain = 1 - dLow - dHigh
        let t = mirrored ? -z : z
        let (dMassEnd, dFarEnd) = mirrored ? (dLow, dHigh) : (dHigh, dLow)
        guard dMassEnd > 0.5, high.isFinite, t < high else { return plain }
        // Φ(far end)/Φ(t) = e^{A(low) − A(t)}, both already formed (A(low) with the mass).
        if low.isFinite && lowRelative - relative > -80 {
            return plain
        }
        let atMassEnd = millsRatio(high)
        guard atMassEnd.isFinite else { return plain }
        let half = 0.5 * (high - t)
        var integral = 0.0
        for (node, weight) in gaussLegendre12 { integral += weight * millsRatioSlope(high - half * (1 - node)) }
        return integral * half / atMassEnd - dFarEnd
    }
}
