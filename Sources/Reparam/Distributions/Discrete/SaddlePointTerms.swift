import Foundation

// The two terms of Loader's saddle-point form of the Poisson and Binomial pmfs ("Fast and accurate
// computation of binomial probabilities", 2000), which keep their digits where the textbook form
// k log λ − λ − log k! subtracts numbers of size 10⁷ to leave one of size 10:
//
//     log P_Poisson(k; λ) = −δ(k) − D(k, λ) − ½ log 2πk                                 (k ≥ 1)
//     log P_Binomial(k; n, p) = δ(n) − δ(k) − δ(n − k) − D(k, np) − D(n − k, nq) + ½ log(n / 2πk(n − k))
//
// with δ(n) = log n! − log(√(2πn) (n/e)ⁿ), Stirling's error, and D(x, m) = x log(x/m) + m − x ≥ 0,
// the deviance, summed by its series in v = (x − m)/(x + m) when x is near m.
//
//     stirlingError(10)     // 0.00833056343336287…
//     try deviance(Tensor(1000000), Tensor(998000))   // 2.0027, whose digits 1e6·log(1e6/998000) − 2000 would mostly lose

/// δ(n) = log n! − (n + ½) log n + n − ½ log 2π; by lgamma for n ≤ 15, by its asymptotic series above.
func stirlingError(_ n: Double) -> Double {
    if n <= 15 { return logGamma(n + 1) - (n + 0.5) * Foundation.log(n) + n - 0.5 * Foundation.log(2 * Double.pi) }
    let n2 = n * n
    return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - (1.0 / 1680 - 1.0 / (1188 * n2)) / n2) / n2) / n2) / n
}

/// D(x, m) = x log(x/m) + m − x elementwise, differentiable in m (∂D/∂m = 1 − x/m); D(0, m) = m.
func deviance(_ x: Tensor, _ m: Tensor) throws -> Tensor {
    try recordElementwise([x, m], "deviance") { a, partials in
        let (x, m) = (a[0], a[1])
        partials[0] = x > 0 ? Foundation.log(x / m) : 0
        partials[1] = 1 - x / m
        return devianceValue(x, m)
    }
}

/// D(x, m) for one pair, directly, or by its series when |x − m| < (x + m)/10.
func devianceValue(_ x: Double, _ m: Double) -> Double {
    if x == 0 { return m }
    guard Swift.abs(x - m) < 0.1 * (x + m) else { return x * Foundation.log(x / m) + m - x }
    // x log(x/m) + m − x = (x − m)v + 2x Σ_{j≥1} v^{2j+1}/(2j+1), v = (x − m)/(x + m).
    let v = (x - m) / (x + m), v2 = v * v
    var sum = (x - m) * v, term = 2 * x * v
    for j in 1..<1000 {
        term *= v2
        let next = sum + term / Double(2 * j + 1)
        if next == sum { break }
        sum = next
    }
    return sum
}
