import Foundation

/// Gauss rules computed once: Gauss–Legendre on [−1, 1] and Gauss–Laguerre
/// for ∫₀^∞ e^(−v) h(v) dv, each exact for polynomials of degree 2n − 1.
///
/// Nodes are the roots of Pₙ (resp. Lₙ) found by Newton's method from
/// asymptotic starting values; weights 2 / ((1 − x²) Pₙ′(x)²) and
/// x / ((n+1)² Lₙ₊₁(x)²).
///
///     let rule = GaussianQuadrature.laguerre
///     zip(rule.nodes, rule.weights).reduce(0) { $0 + $1.1 * $1.0 * $1.0 }   // ∫ e^(−v) v² dv = 2
struct GaussianQuadrature: Sendable {
    let nodes: [Double]
    let weights: [Double]

    static let legendre = GaussianQuadrature(legendrePoints: 24)
    static let laguerre = GaussianQuadrature(laguerrePoints: 40)

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

    init(laguerrePoints n: Int) {
        var nodes = [Double](), weights = [Double]()
        var x = 0.0
        for i in 1...n {
            // Starting values: the usual asymptotic guesses, then extrapolation from the previous roots.
            if i == 1 {
                x = 3 / (1 + 2.4 * Double(n))
            } else if i == 2 {
                x += 15 / (1 + 2.5 * Double(n))
            } else {
                let k = Double(i - 2)
                x += (1 + 2.55 * k) / (1.9 * k) * (x - nodes[i - 3])
            }
            var previous = 0.0
            for _ in 0..<100 {
                // L_n(x) by (j+1) L_{j+1} = (2j+1−x) L_j − j L_{j−1}; L_n′ = n (L_n − L_{n−1}) / x.
                var l0 = 1.0, l1 = 1 - x
                for j in 1..<n {
                    let l2 = ((2 * Double(j) + 1 - x) * l1 - Double(j) * l0) / (Double(j) + 1)
                    l0 = l1
                    l1 = l2
                }
                previous = l0
                let derivative = Double(n) * (l1 - l0) / x
                let step = l1 / derivative
                x -= step
                if Swift.abs(step) < 1e-15 * Swift.max(1, x) { break }
            }
            // L_{n+1}(x) = ((2n+1−x) L_n − n L_{n−1}) / (n+1) with L_n(x) = 0.
            let next = -Double(n) * previous / (Double(n) + 1)
            nodes.append(x)
            weights.append(x / ((Double(n) + 1) * (Double(n) + 1) * next * next))
        }
        self.nodes = nodes
        self.weights = weights
    }
}
