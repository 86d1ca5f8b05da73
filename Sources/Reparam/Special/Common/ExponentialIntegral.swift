import Foundation

/// s(x) = eˣ E₁(x) for x > 0, the exponentially scaled exponential integral E₁(x) = ∫ₓ^∞ e⁻ᵗ/t dt;
/// s′(x) = s(x) − 1/x.
///
/// x ≤ 1: E₁(x) = −γ − log x − Σₙ (−x)ⁿ/(n·n!) (alternating, terms below 1);
/// x > 1: the continued fraction s(x) = 1/(x + 1 − 1²/(x + 3 − 2²/(x + 5 − …))) by the modified
/// Lentz method, which needs no exponential and so never overflows.
///
///     scaledExponentialIntegral(1.0)    // 0.5963473623231940743…
///     scaledExponentialIntegral(1e-8)   // ≈ −γ − log 1e-8 = 17.8430…
public func scaledExponentialIntegral<T: RealScalar>(_ x: T) -> T {
    let value = scaledExponentialIntegralValue(x.value)
    return x.lift(value: value, derivative: value - 1 / x.value)
}

func scaledExponentialIntegralValue(_ x: Double) -> Double {
    guard x > 0 else { return x == 0 ? .infinity : .nan }
    if x == .infinity { return 0 }
    if x <= 1 {
        var sum = 0.0, term = 1.0
        for n in 1...40 {
            term *= -x / Double(n)
            let next = term / Double(n)
            sum += next
            if Swift.abs(next) < 1e-17 * Swift.abs(sum) { break }
        }
        return Foundation.exp(x) * (-Gumbel.eulerGamma - Foundation.log(x) - sum)
    }
    let tiny = 1e-300
    var b = x + 1, c = 1 / tiny, d = 1 / b, h = d
    for i in 1...500 {
        let a = -Double(i * i)
        b += 2
        d = 1 / (a * d + b)
        c = b + a / c
        let step = c * d
        h *= step
        if Swift.abs(step - 1) < 1e-16 { break }
    }
    return h
}
