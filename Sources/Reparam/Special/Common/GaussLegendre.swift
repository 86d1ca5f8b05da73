import Foundation

/// The n-point Gauss–Legendre rule on [−1, 1]: ∫ f ≈ Σ wᵢ f(xᵢ), exact for polynomials of degree 2n − 1.
///
/// Nodes by Newton's method on Pₙ from Tricomi's estimate cos(π(i − 1/4)/(n + 1/2)),
/// weights wᵢ = 2 / ((1 − xᵢ²) Pₙ'(xᵢ)²).
///
///     let rule = gaussLegendreRule(count: 12)   // ∫_{-1}^{1} x² dx = Σ w x² = 2/3
func gaussLegendreRule(count n: Int) -> [(node: Double, weight: Double)] {
    var rule: [(node: Double, weight: Double)] = []
    for i in 1...n {
        var x = Foundation.cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
        var derivative = 0.0
        for _ in 0..<100 {
            var previous = 1.0, current = x
            for k in 2...n {
                let next = (Double(2 * k - 1) * x * current - Double(k - 1) * previous) / Double(k)
                previous = current
                current = next
            }
            derivative = Double(n) * (x * current - previous) / (x * x - 1)
            let step = current / derivative
            x -= step
            if Swift.abs(step) < 1e-16 { break }
        }
        rule.append((x, 2 / ((1 - x * x) * derivative * derivative)))
    }
    return rule
}

/// Twelve points: the truncated Normal's masses over narrow intervals.
@usableFromInline let gaussLegendre12 = gaussLegendreRule(count: 12)

/// Thirty-two points: the von Mises tail integral.
@usableFromInline let gaussLegendre32 = gaussLegendreRule(count: 32)
