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
