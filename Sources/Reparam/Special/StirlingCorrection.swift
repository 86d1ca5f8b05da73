/// The remainder of Stirling's formula, Δ(z) = log Γ(z) − [(z − ½) log z − z + ½ log 2π],
/// for z ≥ 8, generic so that `Dual` carries Δ′(z).
///
/// Δ(z) = Σₖ B₂ₖ / (2k(2k−1) z²ᵏ⁻¹) = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − …;
/// eight terms leave an error below 1e-17 at z = 8. Keeping Δ apart lets
/// differences such as log Γ(a+b) − log Γ(b) be formed without subtracting
/// two large logarithms.
///
///     stirlingCorrection(10.0)   // 0.008330563433362871
func stirlingCorrection<T: RealScalar>(_ z: T) -> T {
    // B₂ₖ / (2k(2k−1)) for k = 1…8, in Horner form in w² = 1/z².
    let w = 1 / z
    let w2 = w * w
    var sum = T(-3617.0 / 122400)
    sum = sum * w2 + T(1.0 / 156)
    sum = sum * w2 + T(-691.0 / 360360)
    sum = sum * w2 + T(1.0 / 1188)
    sum = sum * w2 + T(-1.0 / 1680)
    sum = sum * w2 + T(1.0 / 1260)
    sum = sum * w2 + T(-1.0 / 360)
    sum = sum * w2 + T(1.0 / 12)
    return sum * w
}
