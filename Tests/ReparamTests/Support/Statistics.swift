import Foundation
@testable import Reparam

/// The Kolmogorov–Smirnov statistic D = sup |Fₙ(x) − F(x)| of `samples` against `cdf`.
func kolmogorovSmirnov(_ samples: [Double], _ cdf: (Double) -> Double) -> Double {
    let sorted = samples.sorted()
    let n = Double(sorted.count)
    var d = 0.0
    for (i, x) in sorted.enumerated() {
        let f = cdf(x)
        d = max(d, f - Double(i) / n, Double(i + 1) / n - f)
    }
    return d
}

/// The KS critical value at significance 0.001 for n samples (asymptotic: 1.9495/√n).
func kolmogorovSmirnovCritical(_ n: Int) -> Double { 1.9495 / Double(n).squareRoot() }
