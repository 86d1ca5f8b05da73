import Foundation

// Functions of the form f(t)/t that are smooth through t = 0, generic over the scalar so that
// their derivatives (which cancel catastrophically near 0 when formed from f directly) come
// out of Taylor series there.

/// (eᵗ − 1)/t, 1 at t = 0; its derivative (t eᵗ − eᵗ + 1)/t² without cancellation.
///
/// |t| < ½: Σₙ tⁿ/(n+1)! to 20 terms (truncation below 1e-20); elsewhere expm1(t)/t,
/// whose derivative then loses at most 4 ulps.
///
///     expm1OverX(1e-9)   // 1.0000000005
public func expm1OverX<T: RealScalar>(_ t: T) -> T {
    guard Swift.abs(t.value) < 0.5 else { return expm1(t) / t }
    var sum = T(0)
    for c in inverseFactorialsFromOne.reversed() { sum = sum * t + T(c) }
    return sum
}

/// 1/(n+1)! for n = 0…19.
private let inverseFactorialsFromOne: [Double] = {
    var factorial = 1.0
    return (1...20).map { n in factorial *= Double(n); return 1 / factorial }
}()

/// (eᵗ − 1)/t and its derivative in one call, with plain doubles: `expm1OverX` for a hot loop.
///
/// |t| < ½: with h = t/2, (eᵗ − 1)/t = eʰ·c(h), c(h) = sinh h / h = Σₖ h²ᵏ/(2k+1)!, and the
/// derivative ½eʰ(c(h) + c′(h)), c′(h) = Σₖ 2k h²ᵏ⁻¹/(2k+1)!: one exponential and two 8-term
/// polynomials in h² (truncation below 3e-21) whose terms share one sign, with |c′| < c, so both
/// keep their relative precision through t = 0. Elsewhere, with E = eᵗ, (E − 1)/t and
/// (E − (E − 1)/t)/t, the forms `expm1OverX` takes on a dual there (at most 4 ulps lost).
///
///     expm1OverXWithDerivative(1e-9)   // (1.0000000005, 0.50000000033…)
@inlinable func expm1OverXWithDerivative(_ t: Double) -> (value: Double, derivative: Double) {
    guard Swift.abs(t) < 0.5 else {
        let value = Foundation.expm1(t) / t
        return (value, (Foundation.exp(t) - value) / t)
    }
    let h = 0.5 * t, h2 = h * h
    // 1/(2k+1)! and 2k/(2k+1)! for k = 7 … 0, unrolled.
    var c = 1.0 / 1_307_674_368_000, slope = 14.0 / 1_307_674_368_000
    c = c * h2 + 1.0 / 6_227_020_800; slope = slope * h2 + 12.0 / 6_227_020_800
    c = c * h2 + 1.0 / 39_916_800; slope = slope * h2 + 10.0 / 39_916_800
    c = c * h2 + 1.0 / 362_880; slope = slope * h2 + 8.0 / 362_880
    c = c * h2 + 1.0 / 5040; slope = slope * h2 + 6.0 / 5040
    c = c * h2 + 1.0 / 120; slope = slope * h2 + 4.0 / 120
    c = c * h2 + 1.0 / 6; slope = slope * h2 + 2.0 / 6
    c = c * h2 + 1
    let growth = Foundation.exp(h)
    return (growth * c, 0.5 * growth * (c + slope * h))
}

/// log(1 + t)/t, 1 at t = 0; its derivative (t/(1+t) − log1p(t))/t² without cancellation.
///
/// |t| < 0.1: Σₙ (−t)ⁿ/(n+1) to 18 terms; elsewhere log1p(t)/t (derivative within 100 ulps).
///
///     log1pOverX(-1e-12)   // 1.0000000000005
public func log1pOverX<T: RealScalar>(_ t: T) -> T {
    guard Swift.abs(t.value) < 0.1 else { return log1p(t) / t }
    var sum = T(0)
    for n in stride(from: 17, through: 0, by: -1) { sum = sum * (-t) + T(1 / Double(n + 1)) }
    return sum
}
