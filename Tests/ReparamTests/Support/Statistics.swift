import Foundation

/// The Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)| of `samples` against the CDF `cdf`.
///
/// Under the null hypothesis √n·D is asymptotically Kolmogorov-distributed:
/// P(√n D > 1.949) = 0.001, so `ksCritical(n)` is the 0.1% critical value.
func kolmogorovSmirnov(_ samples: [Double], cdf: (Double) -> Double) -> Double {
    let sorted = samples.sorted()
    let n = Double(sorted.count)
    var d = 0.0
    for (i, x) in sorted.enumerated() {
        let f = cdf(x)
        d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
    }
    return d
}

/// The 0.1% critical value of the KS statistic for n samples (asymptotic, 1.949/√n).
func ksCritical(_ n: Int) -> Double { 1.949 / Double(n).squareRoot() }

/// Φ(x), the standard normal CDF.
func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

/// Sample mean and central moments 2–4.
func moments(_ xs: [Double]) -> (mean: Double, variance: Double, skewness: Double, excessKurtosis: Double) {
    let n = Double(xs.count)
    let mean = xs.reduce(0, +) / n
    var m2 = 0.0, m3 = 0.0, m4 = 0.0
    for x in xs {
        let d = x - mean, d2 = d * d
        m2 += d2; m3 += d2 * d; m4 += d2 * d2
    }
    m2 /= n; m3 /= n; m4 /= n
    return (mean, m2, m3 / (m2 * m2.squareRoot()), m4 / (m2 * m2) - 3)
}

/// The mean of independent estimates and its standard error, √(Σ(xᵢ − x̄)² / (m(m − 1))).
func meanAndStandardError(_ values: [Double]) -> (mean: Double, standardError: Double) {
    let m = Double(values.count)
    let mean = values.reduce(0, +) / m
    var squares = 0.0
    for v in values { squares += (v - mean) * (v - mean) }
    return (mean, (squares / (m - 1) / m).squareRoot())
}
