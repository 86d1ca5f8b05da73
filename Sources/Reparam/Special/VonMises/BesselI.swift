import Foundation

// Modified Bessel functions of the first kind, orders 0 and 1, as the von Mises
// distribution needs them: its normalizer is 2π I₀(κ) and its mean resultant
// length is I₁(κ)/I₀(κ).
//
// Two regions, each accurate to a few ulps:
// * κ ≤ 25: the power series I_ν(κ) = Σ_k (κ/2)^{2k+ν} / (k! (k+ν)!), all terms
//   positive, so nothing cancels;
// * κ > 25: Hankel's expansion e^{−κ} I_ν(κ) ~ (2πκ)^{−1/2} Σ_k (−1)^k a_k(ν) / κ^k,
//   a_k(ν) = Π_{j≤k} (4ν² − (2j−1)²) / (k! 8^k), truncated before its smallest
//   term, which is below e^{−2κ} ≈ 2e-22 there.

/// Where the power series hands over to the asymptotic expansion.
private let besselSeriesLimit = 25.0

/// e^{−κ} I₀(κ) and e^{−κ} I₁(κ) for κ ≥ 0 (plain doubles; the generic
/// functions below add derivatives).
@usableFromInline
func scaledBesselI0I1(_ kappa: Double) -> (i0: Double, i1: Double) {
    if kappa <= besselSeriesLimit {
        let q = 0.25 * kappa * kappa
        var term0 = 1.0, term1 = 0.5 * kappa
        var sum0 = 1.0, sum1 = term1
        var k = 1.0
        while k < 200 {
            term0 *= q / (k * k)
            term1 *= q / (k * (k + 1))
            sum0 += term0
            sum1 += term1
            if term0 < 1e-17 * sum0 { break }
            k += 1
        }
        let scale = Foundation.exp(-kappa)
        return (sum0 * scale, sum1 * scale)
    }
    // Successive terms (−1)^k a_k(ν)/κ^k have ratio ((2k−1)² − 4ν²) / (8kκ).
    var term0 = 1.0, term1 = 1.0
    var sum0 = 1.0, sum1 = 1.0
    var k = 1.0
    while k < 60 {
        let odd = (2 * k - 1) * (2 * k - 1)
        term0 *= odd / (8 * k * kappa)
        term1 *= (odd - 4) / (8 * k * kappa)
        sum0 += term0
        sum1 += term1
        if abs(term0) < 1e-17 * sum0 && abs(term1) < 1e-17 * abs(sum1) { break }
        k += 1
    }
    let scale = 1 / Foundation.sqrt(2 * Double.pi * kappa)
    return (sum0 * scale, sum1 * scale)
}

/// scaled · e^{κ}, in two halves so that values up to the largest double (κ ≈ 713) survive.
@usableFromInline
func unscale(_ scaled: Double, _ kappa: Double) -> Double {
    let half = Foundation.exp(0.5 * kappa)
    return scaled * half * half
}

/// e^{−|κ|} I₀(κ), the exponentially scaled modified Bessel function of order 0.
///
/// Finite for every κ (I₀ itself overflows past κ ≈ 713); d/dκ = e^{−κ}(I₁ − I₀) for κ ≥ 0.
///
///     scaledBesselI0(1.0)   // 0.4657596075936404 = e^{-1} I₀(1)
///
/// Returns NaN for NaN.
@inlinable
public func scaledBesselI0<T: RealScalar>(_ kappa: T) -> T {
    let k = kappa.value
    guard !k.isNaN else { return T(Double.nan) }
    let (i0, _) = scaledBesselI0I1(Swift.abs(k))
    // d/dκ e^{−|κ|}I₀ = sign(κ) e^{−|κ|}(I₁ − I₀) = −sign(κ) e^{−|κ|}I₀ (1 − I₁/I₀), the last
    // factor formed without cancellation (it is ≈ 1/(2κ) for large κ).
    let slope = -i0 * besselRatioComplementValue(Swift.abs(k))
    return kappa.lift(value: i0, derivative: k < 0 ? -slope : slope)
}

/// e^{−|κ|} I₁(κ), the exponentially scaled modified Bessel function of order 1.
///
/// I₁'(κ) = I₀(κ) − I₁(κ)/κ (= 1/2 at κ = 0), so d/dκ e^{−κ}I₁ = e^{−κ}(I₀ − I₁/κ − I₁) for κ > 0.
///
///     scaledBesselI1(1.0)   // 0.2079104153497085 = e^{-1} I₁(1)
@inlinable
public func scaledBesselI1<T: RealScalar>(_ kappa: T) -> T {
    let k = kappa.value
    guard !k.isNaN else { return T(Double.nan) }
    let a = Swift.abs(k)
    let (i0, i1) = scaledBesselI0I1(a)
    let value = k < 0 ? -i1 : i1
    // d/dκ of the odd function sign(κ) e^{−|κ|} I₁(|κ|) is even in κ.
    let derivative = a == 0 ? 0.5 : i0 - i1 / a - i1
    return kappa.lift(value: value, derivative: derivative)
}

/// I₀(κ) = Σ_k (κ/2)^{2k} / (k!)², with I₀' = I₁; +∞ past κ ≈ 713.
///
///     besselI0(2.0)   // 2.2795853023360673
@inlinable
public func besselI0<T: RealScalar>(_ kappa: T) -> T {
    let k = kappa.value
    guard !k.isNaN else { return T(Double.nan) }
    let (i0, i1) = scaledBesselI0I1(Swift.abs(k))
    return kappa.lift(value: unscale(i0, Swift.abs(k)), derivative: unscale(k < 0 ? -i1 : i1, Swift.abs(k)))
}

/// I₁(κ) = Σ_k (κ/2)^{2k+1} / (k! (k+1)!), with I₁' = I₀ − I₁/κ; ±∞ past |κ| ≈ 713.
///
///     besselI1(2.0)   // 1.5906368546373291
@inlinable
public func besselI1<T: RealScalar>(_ kappa: T) -> T {
    let k = kappa.value
    guard !k.isNaN else { return T(Double.nan) }
    let a = Swift.abs(k)
    let (i0, i1) = scaledBesselI0I1(a)
    let derivative = a == 0 ? 0.5 : unscale(i0 - i1 / a, a)
    return kappa.lift(value: unscale(k < 0 ? -i1 : i1, a), derivative: derivative)
}

/// 1 − I₁(κ)/I₀(κ) for κ ≥ 0 without the cancellation of 1 − A at large κ (where it is ≈ 1/(2κ)):
/// past κ = 25 the Hankel terms of I₀ − I₁ are differenced term by term (their leading terms cancel
/// exactly). This is the von Mises circular variance.
@usableFromInline
func besselRatioComplementValue(_ kappa: Double) -> Double {
    if kappa <= besselSeriesLimit {
        let (i0, i1) = scaledBesselI0I1(kappa)
        return (i0 - i1) / i0
    }
    var term0 = 1.0, term1 = 1.0
    var sum0 = 1.0, difference = 0.0
    var k = 1.0
    while k < 60 {
        let odd = (2 * k - 1) * (2 * k - 1)
        term0 *= odd / (8 * k * kappa)
        term1 *= (odd - 4) / (8 * k * kappa)
        sum0 += term0
        difference += term0 - term1
        if Swift.abs(term0) < 1e-17 * sum0 && Swift.abs(term0 - term1) < 1e-17 * difference { break }
        k += 1
    }
    return difference / sum0
}

/// 1 − A(κ) = 1 − I₁(κ)/I₀(κ), accurate also where it is tiny (κ large); d/dκ = −A'(κ).
///
///     besselRatioComplement(1000.0)   // ≈ 5.0013e-4
@inlinable
public func besselRatioComplement<T: RealScalar>(_ kappa: T) -> T {
    let k = kappa.value
    guard k >= 0 else { return T(Double.nan) }
    return kappa.lift(value: besselRatioComplementValue(k), derivative: -besselRatioI1I0(Dual(k, derivative: 1)).derivative)
}

/// A(κ) = I₁(κ)/I₀(κ), the mean resultant length E[cos x] of a von Mises(0, κ).
///
/// A' = 1 − A/κ − A² (= 1/2 at κ = 0). Accurate for every κ (the scaling cancels).
///
///     besselRatioI1I0(1.0)   // 0.4463899658965345
@inlinable
public func besselRatioI1I0<T: RealScalar>(_ kappa: T) -> T {
    let k = kappa.value
    guard !k.isNaN else { return T(Double.nan) }
    let a = Swift.abs(k)
    let (i0, i1) = scaledBesselI0I1(a)
    let ratio = i1 / i0
    let derivative = a == 0 ? 0.5 : 1 - ratio / a - ratio * ratio
    return kappa.lift(value: k < 0 ? -ratio : ratio, derivative: derivative)
}
