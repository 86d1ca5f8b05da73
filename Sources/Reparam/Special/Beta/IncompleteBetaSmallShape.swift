import Foundation

/// I_x(a, b) for b ≤ 1 where it is the small tail but the continued fraction
/// gives only 1 − I_x(a, b) (x past the switch point, mass crowding 1): computed
/// directly, so that it keeps its relative digits (1.3e-10 lost at a = 3.8,
/// b = 2.1e-5, x = 0.87 by subtraction).
///
/// With n = 20 when a < 15 (else 0) and a′ = a + n:
///
/// * I_x(a, b) − I_x(a′, b) = front/a · Σᵢ₌₀ⁿ⁻¹ dᵢ,  d₀ = 1,  dᵢ = dᵢ₋₁ (a+b+i−1)/(a+i) x
///   (all terms positive; front = xᵃ yᵇ / B(a, b));
/// * I_x(a′, b) by the asymptotic expansion for a′ ≥ 15, b ≤ 1 of DiDonato &
///   Morris (ACM TOMS 708, `BGRAT`), with ν = a′ + (b−1)/2, z = −ν log x:
///
///       I_x(a′, b) = U Σₙ dₙ Jₙ,   U = Γ(a′+b)/(Γ(a′) νᵇ) · zᵇ e⁻ᶻ/Γ(b),
///       J₀ = Q(b, z) eᶻ z⁻ᵇ Γ(b),  Jₙ = ((b+2n−2)(b+2n−1) Jₙ₋₁ + (z+b+2n−1)(log x/2)²ⁿ⁻²) / (4ν²),
///
///   dₙ from the recurrence of the reference. log Γ(a′+b) − log Γ(a′) is taken
///   from Stirling's series so nothing cancels when b is tiny.
///
/// Returns nil where the expansion does not apply (z > 600, where J₀ overflows,
/// or a non-finite result); the caller keeps the continued fraction then.
/// The result is the factor with I_x(a, b) = exp(logFront) · factor.
func smallShapeLowerTailFactor<T: RealScalar>(x: T, logX: T, a: T, b: T, logFront: T) -> T? {
    let shift = a.value < 15 ? 20 : 0
    var upSum: T = 0
    var d: T = 1
    for i in 0..<shift {
        if i > 0 { d = d * (a + b + T(Double(i - 1))) / (a + T(Double(i))) * x }
        upSum = upSum + d
    }
    let shifted = a + T(Double(shift))
    let bm1 = b - 1
    let nu = shifted + 0.5 * bm1
    let z = -nu * logX
    guard z.value > 0, z.value <= 600 else { return nil }
    let logR = b * log(z) - z - logGamma(b)                       // log(zᵇ e⁻ᶻ / Γ(b))
    let logGammaRatio: T = (shifted - 0.5) * log1p(b / shifted) + b * log(shifted + b) - b
        + stirlingCorrection(shifted + b) - stirlingCorrection(shifted)
    let logU = logR + logGammaRatio - b * log(nu)
    var j = regularizedGammaQ(b, z) * exp(-logR)
    var sum = j
    let v = 0.25 / (nu * nu)
    let t2 = 0.25 * logX * logX
    var t: T = 1, cn: T = 1
    var n2 = 0.0
    var c = [T](), dn = [T]()
    for n in 1...30 {
        let bp2n = b + T(n2)
        j = (bp2n * (bp2n + 1) * j + (z + bp2n + 1) * t) * v
        n2 += 2
        t = t * t2
        cn = cn / T(n2 * (n2 + 1))
        c.append(cn)
        var s: T = 0
        var coefficient = b - T(Double(n))
        for i in 1..<n {
            s = s + coefficient * c[i - 1] * dn[n - i - 1]
            coefficient = coefficient + b
        }
        dn.append(bm1 * cn + s / T(Double(n)))
        let term = dn[n - 1] * j
        sum = sum + term
        // An asymptotic series: stop on the value alone (further terms may grow, derivatives with them).
        if Swift.abs(term.value) <= 1e-17 * Swift.abs(sum.value) { break }
    }
    let factor = upSum / a + exp(logU - logFront) * sum
    guard factor.value.isFinite, factor.value >= 0 else { return nil }
    return factor
}
