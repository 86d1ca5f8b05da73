import Foundation

/// Gauss rules computed once: Gauss–Legendre on [−1, 1] and Gauss–Laguerre
/// for ∫₀^∞ e^(−v) h(v) dv, each exact for polynomials of degree 2n − 1.
///
/// Legendre nodes are the roots of Pₙ found by Newton's method from asymptotic
/// starting values, weights 2 / ((1 − x²) Pₙ′(x)²); the Laguerre rule is a table
/// computed at 50 digits (scripts/fixtures/gauss_laguerre.py).
///
///     let rule = GaussianQuadrature.laguerre
///     zip(rule.nodes, rule.weights).reduce(0) { $0 + $1.1 * $1.0 * $1.0 }   // ∫ e^(−v) v² dv = 2
struct GaussianQuadrature: Sendable {
    let nodes: [Double]
    let weights: [Double]

    static let legendre = GaussianQuadrature(legendrePoints: 24)
    /// The 40-point rule from 50-digit constants (`GaussLaguerre40.swift`): in float64 the
    /// recurrence cancels at the smallest root and cost its weight 1.3e-12.
    static let laguerre = GaussianQuadrature(nodes: gaussLaguerre40Nodes, weights: gaussLaguerre40Weights)

    init(legendrePoints n: Int) {
        var nodes = [Double](), weights = [Double]()
        for i in 1...n {
            var x = Foundation.cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                // P_n(x) by the three-term recurrence (j+1) P_{j+1} = (2j+1) x P_j − j P_{j−1}.
                var p0 = 1.0, p1 = x
                for j in 1..<n {
                    let p2 = ((2 * Double(j) + 1) * x * p1 - Double(j) * p0) / (Double(j) + 1)
                    p0 = p1
                    p1 = p2
                }
                derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
                let step = p1 / derivative
                x -= step
                if Swift.abs(step) < 1e-16 { break }
            }
            nodes.append(x)
            weights.append(2 / ((1 - x * x) * derivative * derivative))
        }
        self.nodes = nodes
        self.weights = weights
    }

    init(nodes: [Double], weights: [Double]) {
        self.nodes = nodes
        self.weights = weights
    }
}
