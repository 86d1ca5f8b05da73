import XCTest
@testable import Reparam

/// The one Gauss–Legendre implementation (`gaussLegendreRule`, also behind `GaussianQuadrature.legendre`):
/// closed-form nodes for n = 2, 3 and exactness for every monomial up to degree 2n − 1.
final class GaussLegendreRuleTests: XCTestCase {
    func testClosedFormNodesAndWeights() {
        let two = gaussLegendreRule(count: 2).sorted { $0.node < $1.node }
        assertRelative(two[1].node, 1 / 3.0.squareRoot(), 1e-15)
        assertRelative(two[0].weight, 1, 1e-15)
        let three = gaussLegendreRule(count: 3).sorted { $0.node < $1.node }
        assertRelative(three[2].node, 0.6.squareRoot(), 1e-15)
        assertRelative(three[1].weight, 8.0 / 9, 1e-15)
        assertRelative(three[0].weight, 5.0 / 9, 1e-15)
    }

    func testExactForPolynomialsOfDegreeBelowTwoN() {
        for n in [12, 24, 32] {
            let rule = GaussianQuadrature(legendrePoints: n)
            XCTAssertEqual(rule.nodes.count, n)
            for degree in stride(from: 0, through: 2 * n - 2, by: 2) {
                let sum = zip(rule.nodes, rule.weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(degree)) }
                assertRelative(sum, 2 / Double(degree + 1), 2e-14, "n = \(n), ∫x^\(degree)")
            }
        }
        XCTAssertEqual(GaussianQuadrature.legendre.nodes, gaussLegendreRule(count: 24).map(\.node))
    }
}
