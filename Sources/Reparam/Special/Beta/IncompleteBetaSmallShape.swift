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
    var j = upperGammaWithPartials(b, z) * exp(-logR)
    var sum = j
    let halfOverNu = 0.5 / nu
    let v = halfOverNu * halfOverNu   // not 0.25/ν²: ν² overflows (and its derivative gives NaN) past 1.3e154
    let t2 = 0.25 * logX * logX
    var t: T = 1, cn: T = 1
    var n2 = 0.0
    var c = [T](), dn = [T]()
    var previousSize = Double.infinity
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
        // Stop once value and derivatives have settled, or (an asymptotic series) once terms grow.
        let size = Swift.abs(term.value) / Swift.max(Swift.abs(sum.value), 1e-300)
            + term.derivativeMagnitude / Swift.max(sum.derivativeMagnitude, 1e-300)
        if size <= 1e-17 || (n > 2 && size > previousSize) { break }
        previousSize = size
    }
    let factor = upSum / a + exp(logU - logFront) * sum
    guard factor.value.isFinite, factor.value >= 0 else { return nil }
    return factor
}

/// I_x(a, b) for x near 1 with a ≫ b and b ≤ 40, as the factor with
/// I_x(a, b) = exp(logFront) · factor: b is brought into (0, 1] by
///
///     I_x(a, b) = I_x(a, b₀) + Σₖ₌₀ⁿ⁻¹ xᵃ y^(b₀+k) / ((b₀+k) B(a, b₀+k)),   b = b₀ + n,
///
/// (positive terms, each the next divided by y(a+b₀+k)/(b₀+k+1)), and
/// I_x(a, b₀) is `smallShapeLowerTailFactor`. Nil where that declines.
func nearOneLowerTailFactor<T: RealScalar>(x: T, y: T, logX: T, logY: T, a: T, b: T, logFront: T) -> T? {
    let steps = Swift.max(Int(b.value.rounded(.up)) - 1, 0)
    if steps == 0 { return smallShapeLowerTailFactor(x: x, logX: logX, a: a, b: b, logFront: logFront) }
    let b0 = b - T(Double(steps))
    // Terms over front(a, b), from k = n − 1 (1/(y(a+b−1))) down to k = 0.
    var term = 1 / (y * (a + b - 1))
    var sum = term
    for k in stride(from: steps - 2, through: 0, by: -1) {
        let kk = T(Double(k))
        term = term * (b0 + kk + 1) / (y * (a + b0 + kk))
        sum = sum + term
    }
    let logFront0 = logBetaFront(x: x, y: y, logX: logX, logY: logY, a: a, b: b0)
    guard let base = smallShapeLowerTailFactor(x: x, logX: logX, a: a, b: b0, logFront: logFront0) else { return nil }
    let factor = sum + exp(logFront0 - logFront) * base
    guard factor.value.isFinite else { return nil }
    return factor
}

/// Q(b, z) carrying the derivatives of any `RealScalar` in b and z: the incomplete
/// gamma's own series settle their convergence on a `Dual`'s derivative only, so
/// ∂Q/∂b comes from a `Dual` pass and ∂Q/∂z = −z^(b−1) e^(−z)/Γ(b) in closed form.
func upperGammaWithPartials<T: RealScalar>(_ b: T, _ z: T) -> T {
    if T.self == Double.self { return T(regularizedGammaQ(b.value, z.value)) }
    let byShape = regularizedGammaQ(Dual(b.value, derivative: 1), Dual(z.value))
    let density = gammaDensityForDerivative(b.value, z.value)
    return b.lift(value: byShape.value, derivative: byShape.derivative) + z.lift(value: 0, derivative: -density)
}
