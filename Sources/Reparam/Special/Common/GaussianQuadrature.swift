import Foundation

/// Gauss rules computed once: Gauss–Legendre on [−1, 1] and Gauss–Laguerre
/// for ∫₀^∞ e^(−v) h(v) dv, each exact for polynomials of degree 2n − 1.
///
/// Legendre nodes and weights come from `gaussLegendreRule(count:)`; the Laguerre rule is a
/// table computed at 50 digits (scripts/fixtures/gauss_laguerre.py).
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

    /// The n-point Gauss–Legendre rule from `gaussLegendreRule(count:)` (the one implementation).
    init(legendrePoints n: Int) {
        let rule = gaussLegendreRule(count: n)
        self.init(nodes: rule.map(\.node), weights: rule.map(\.weight))
    }

    init(nodes: [Double], weights: [Double]) {
        self.nodes = nodes
        self.weights = weights
    }
}
