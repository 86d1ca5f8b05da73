import XCTest
@testable import Reparam

/// The Hahn–Jordan split behind the measure-valued derivatives of Gamma's shape and Weibull's
/// concentration, against mpmath at 40 digits (turning points, c = E[s⁺]) and against its own
/// definition (each part's quantile accumulates mass c·u).
final class HahnJordanSplitTests: XCTestCase {
    func testMassesAndTurningPointsMatchTheReference() {
        // c = ∫_{e^ψ(α)}^∞ (log x − ψ(α)) x^{α−1}e^{−x}/Γ(α) dx by mpmath quadrature.
        XCTAssertEqual(HahnJordanSplit.gammaShape(0.3).mass, 1.2966612110810415751, accuracy: 1e-12)
        XCTAssertEqual(HahnJordanSplit.gammaShape(2.5).mass, 0.27458021933919986804, accuracy: 1e-13)
        XCTAssertEqual(HahnJordanSplit.gammaShape(2.5).breaks[1], 2.0201194445802005396, accuracy: 1e-14)
        // Roots of 1 + (1 − y) log y (mpmath findroot); c = D(y₂) − D(y₁) at k = 2.
        XCTAssertEqual(HahnJordanSplit.weibullTurningPoints[0], 0.25924635664830497627, accuracy: 1e-14)
        XCTAssertEqual(HahnJordanSplit.weibullTurningPoints[1], 2.2399778876565500701, accuracy: 1e-14)
        XCTAssertEqual(HahnJordanSplit.weibullConcentration(2).mass, 0.23118564591434986079, accuracy: 1e-14)
    }

    /// |D(x) − D(start of the piece)| summed over the pieces of that sign up to x is c·u, for u across
    /// (0, 1) and both parts; Weibull's p⁻ jumps from (0, y₁) to (y₂, ∞) at u = |D(y₁)|/c.
    func testQuantilesAccumulateTheirMass() {
        for split in [HahnJordanSplit.gammaShape(0.3), HahnJordanSplit.gammaShape(2.5), HahnJordanSplit.weibullConcentration(1.5)] {
            let c = split.mass
            for u in [1e-9, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-9] {
                for positive in [true, false] {
                    let x = split.quantile(u, positive: positive)
                    var accumulated = 0.0
                    for p in 0..<(split.breaks.count - 1) where (split.levels[p + 1] > split.levels[p]) == positive {
                        let end = min(x, split.breaks[p + 1])
                        if end > split.breaks[p] { accumulated += abs((end.isFinite ? split.signedCDF(end) : 0) - split.levels[p]) }
                    }
                    XCTAssertEqual(accumulated, c * u, accuracy: 1e-12 * c, "u = \(u), positive \(positive), x = \(x)")
                }
            }
        }
        let weibull = HahnJordanSplit.weibullConcentration(1.5)
        let jump = weibull.jumps(positive: false)[0]
        XCTAssertEqual(jump, abs(weibull.levels[1]) / weibull.mass, accuracy: 1e-15)
        XCTAssertLessThan(weibull.quantile(jump * (1 - 1e-9), positive: false), weibull.breaks[1] * (1 + 1e-6))
        XCTAssertGreaterThan(weibull.quantile(jump * (1 + 1e-9), positive: false), weibull.breaks[2] * (1 - 1e-6))
    }
}
