import Foundation

/// The von Mises density with location 0 on [−π, π]:
/// p(x; κ) = e^{κ cos x} / (2π I₀(κ)) = e^{−2κ sin²(x/2)} / (2π e^{−κ}I₀(κ)).
///
/// The second form never overflows (κ = 1e4 is fine) and keeps its digits near x = 0.
///
///     vonMisesDensity(0.0, concentration: 0.0)   // 1/(2π) = 0.15915494309189535
///
/// Returns NaN for a negative or NaN concentration.
@inlinable
public func vonMisesDensity<T: RealScalar>(_ x: T, concentration kappa: T) -> T {
    guard kappa.value >= 0 else { return T(Double.nan) }
    let half = sin(x * 0.5)
    return exp(-2 * kappa * half * half) / (T(2 * Double.pi) * scaledBesselI0(kappa))
}

/// The von Mises CDF with location 0: F(x; κ) = ∫_{−π}^{x} p(t; κ) dt on [−π, π].
///
/// Written once over `RealScalar`, so `Dual` in κ gives ∂F/∂κ and `Dual` in x the density:
///
///     let f = vonMisesCDF(-0.5, concentration: Dual(2, derivative: 1))
///     // f.value = F(−0.5; 2), f.derivative = ∂F/∂κ
///
/// F is 0 below −π and 1 above π; by symmetry F(x) = 1 − F(−x), so only x ≤ 0 is
/// computed. Two representations, each accurate to a few ulps of F and of ∂F/∂κ:
///
/// * κ < 50 away from the tails: the Fourier series
///   F(x) = (x + π)/(2π) + (1/π) Σ_{n≥1} (I_n(κ)/I₀(κ)) sin(nx)/n,
///   the ratios r_n = I_n/I_{n−1} = κ / (2n + κ r_{n+1}) by backward recurrence;
/// * tails (2κ sin²(x/2) > 3, or x < −π + 0.1): a Gauss–Legendre rule on a smooth positive
///   integrand (see `vonMisesTailCDF`), so F keeps its relative accuracy down to 1e-300;
/// * κ ≥ 50, −π/2 ≤ x ≤ 0: with s = sin(t/2) the integral becomes
///   2 ∫ e^{−2κs²} (1 − s²)^{−1/2} ds; expanding (1 − s²)^{−1/2} = Σ_k C(2k,k)/4^k s^{2k}
///   gives F = Σ_k C(2k,k)/4^k (4κ)^{−k} M_k(w) / (√κ · 2π e^{−κ}I₀(κ)), w = 2√κ sin(x/2),
///   with the Gaussian moments M_k(w) = ∫_{−∞}^{w} t^{2k} e^{−t²/2} dt from
///   M₀ = √(2π) Φ(w), M_k = (2k − 1) M_{k−1} − w^{2k−1} e^{−w²/2}
///   (all terms positive for w ≤ 0). Its truncation error is below e^{−2κ}.
///
/// Where F underflows (κ sin²(x/2) > 380) it returns exactly 0 (or 1).
/// Returns NaN for a negative or NaN concentration, or a NaN x.
@inlinable
public func vonMisesCDF<T: RealScalar>(_ x: T, concentration kappa: T) -> T {
    guard kappa.value >= 0, !x.value.isNaN else { return T(Double.nan) }
    if x.value <= -Double.pi { return 0 }
    if x.value >= Double.pi { return 1 }
    if x.value == 0 {
        // F(0) = 1/2 for every κ, so ∂F/∂κ vanishes exactly; ∂F/∂x is the density.
        return 0.5 + x * vonMisesDensity(T(0), concentration: kappa)
    }
    if x.value > 0 { return 1 - vonMisesLowerCDF(-x, concentration: kappa) }
    return vonMisesLowerCDF(x, concentration: kappa)
}

/// Concentration from which the Gaussian-moment expansion replaces the Fourier series near the mode.
@usableFromInline let vonMisesExpansionLimit = 50.0

/// F(x; κ) for −π < x < 0: picks the representation that is accurate relative to F there.
@inlinable
func vonMisesLowerCDF<T: RealScalar>(_ x: T, concentration kappa: T) -> T {
    let halfSine = sin(x * 0.5).value
    let exponent = 2 * kappa.value * halfSine * halfSine  // −log of the density ratio p(x)/p(0)
    if exponent > 760 { return 0 }
    if kappa.value >= vonMisesExpansionLimit && halfSine * halfSine <= 0.5 {
        return vonMisesGaussianMomentCDF(x, concentration: kappa)
    }
    // The Fourier series is accurate to ulps of 1, not of F: tails (F below a few percent)
    // and the last 0.1 before −π (F < 0.1 p(−π) there) go to the tail integral instead.
    if exponent > 3 || Double.pi + x.value < 0.1 {
        return vonMisesTailCDF(x, concentration: kappa)
    }
    return vonMisesFourierCDF(x, concentration: kappa)
}

/// F in the lower tail (any κ, −π < x < 0) by a 32-point Gauss–Legendre rule on a smooth integrand.
///
/// With v = 1 + cos t and then v = V sin²θ, φ = π/2 − θ (V = 1 + cos x, y = sin(x/2)):
/// ∫_{−π}^{x} e^{κ(cos t − 1)} dt = 2√V e^{−2κy²} ∫_0^{π/2} e^{−κV sin²φ} sin φ / √(2y² + V sin²φ) dφ.
/// Every term is positive (relative accuracy down to F ≈ 1e-300) and the integrand is smooth;
/// where κV > 40 the range stops at κV sin²φ = 40, beyond which it is below e^{−40} of its peak.
@inlinable
func vonMisesTailCDF<T: RealScalar>(_ x: T, concentration kappa: T) -> T {
    let halfSine = sin(x * 0.5), halfCosine = cos(x * 0.5)
    let squaredSine = halfSine * halfSine
    let v = 2 * halfCosine * halfCosine  // 1 + cos x without cancellation near −π
    let kv = kappa * v
    let cut = 40.0
    let upper = kv.value <= cut ? Double.pi / 2 : Foundation.asin((cut / kv.value).squareRoot())
    var sum: T = 0
    for (node, weight) in gaussLegendre32 {
        let phi = 0.5 * upper * (1 + node)
        let s = Foundation.sin(phi)
        let square = T(s * s)
        sum += T(weight * s) * exp(-kv * square) / sqrt(2 * squaredSine + v * square)
    }
    let integral = 2 * sqrt(v) * exp(-2 * kappa * squaredSine) * T(0.5 * upper) * sum
    return integral / (T(2 * Double.pi) * scaledBesselI0(kappa))
}

/// The Fourier series of F, for any κ ≥ 0 (used for κ < 50 away from the tails).
///
/// Terms are kept while I_n/I₀ can exceed 1e-17: I_n/I₀ ≈ e^{−n²/(2κ)} for large κ and
/// (κ/2)^n/n! for small κ, so N = 16 + 10√κ terms suffice with margin, and the
/// backward recurrence started at N (with r_{N+1} = 0) has forgotten its start by the
/// terms that matter (each step damps an error by r_n²).
@inlinable
func vonMisesFourierCDF<T: RealScalar>(_ x: T, concentration kappa: T) -> T {
    let count = 16 + Int(10 * Foundation.sqrt(kappa.value))
    let cosX = cos(x), sinX = sin(x)
    let series: T = withUnsafeTemporaryAllocation(of: T.self, capacity: count + 1) { ratios in
        // ratios[n] = I_n / I_{n−1}, filled from the top down.
        var next: T = 0
        for n in stride(from: count, through: 1, by: -1) {
            next = kappa / (T(Double(2 * n)) + kappa * next)
            ratios[n] = next
        }
        // Forward: I_n/I₀ as a running product, sin(nx) by rotation (its error grows
        // like nε while the weights I_n/I₀ fall off).
        var besselRatio: T = 1
        var sinN = sinX, cosN = cosX
        var sum: T = 0
        for n in 1...count {
            besselRatio *= ratios[n]
            sum += besselRatio * sinN / T(Double(n))
            let rotated = sinN * cosX + cosN * sinX
            cosN = cosN * cosX - sinN * sinX
            sinN = rotated
        }
        return sum
    }
    return (x + T(Double.pi)) / T(2 * Double.pi) + series / T(Double.pi)
}

/// The Gaussian-moment expansion of F for κ ≥ 50 and −π/2 ≤ x < 0 (see `vonMisesCDF`).
///
/// With m_k = M_k / (4κ)^k the moment recurrence reads
/// m_k = (2k−1)/(4κ) m_{k−1} + |w| e^{−w²/2} (sin²(x/2))^{k−1} / (4κ), every term positive;
/// the series converges at least like max(sin²(x/2), k/(2κ))^k.
@inlinable
func vonMisesGaussianMomentCDF<T: RealScalar>(_ x: T, concentration kappa: T) -> T {
    let halfSine = sin(x * 0.5)
    let squared = halfSine * halfSine
    let rootKappa = sqrt(kappa)
    let w = 2 * halfSine * rootKappa                               // ≤ 0
    let fourKappa = 4 * kappa
    let gaussian = exp(-2 * kappa * squared)                       // e^{−w²/2}
    var moment = T((2 * Double.pi).squareRoot()) * 0.5 * erfc(w * T(-1 / 2.0.squareRoot()))  // m₀ = √(2π) Φ(w)
    var boundary = -w * gaussian / fourKappa                       // |w| e^{−w²/2} / (4κ), times s^{2(k−1)}
    var coefficient: T = 1                                         // C(2k,k)/4^k
    var sum = moment
    var k = 1
    while k < 400 {
        let odd = T(Double(2 * k - 1))
        moment = odd / fourKappa * moment + boundary
        coefficient = coefficient * odd / T(Double(2 * k))
        let term = coefficient * moment
        sum += term
        if term.value <= 1e-17 * sum.value { break }
        boundary *= squared
        k += 1
    }
    return sum / (rootKappa * T(2 * Double.pi) * scaledBesselI0(kappa))
}
