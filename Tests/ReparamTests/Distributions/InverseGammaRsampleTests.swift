import XCTest
@testable import Reparam

/// InverseGamma's linear route (z = β/G, dz/dα = −z (dG/dα)/G) against the log-space route every
/// Gamma transform takes, on the same stream: the same draws to rounding and the same gradients,
/// for shared and per-sample parameters and for upstream gradients that are one number or one per draw.
final class InverseGammaRsampleTests: XCTestCase {
    func testLinearRouteIsTheLogSpaceRoute() throws {
        let cases: [([Double], [Double], [Int])] = [([0.15], [2], [3000]), ([0.7, 3, 40], [0.5], [800]),
                                                    ([0.1, 0.45, 1.7, 9, 250, 0.3], [2, 0.01, 1, 5, 1, 3], [])]
        var worstValue = 0.0, worstGradient = 0.0
        for (alphas, rates, sampleShape) in cases {
            let alpha = Tensor.parameter(Tensor(alphas)), rate = Tensor.parameter(Tensor(rates))
            let d = try InverseGamma(concentration: alpha, rate: rate)
            var linearStream = RandomStream(seed: 77), logStream = RandomStream(seed: 77)
            let linear = try d.rsample(sampleShape, using: &linearStream)
            let logSpace = try d.transformRsample(sampleShape, using: &logStream)
            XCTAssertEqual(linear.shape, logSpace.shape)
            for (a, b) in zip(linear.scalars, logSpace.scalars) { worstValue = max(worstValue, abs(a - b) / b) }
            // One number upstream (the sum) and one per draw (z², through its own gradient).
            for loss in [{ (z: Tensor) in try z.sum() }, { (z: Tensor) in try (z * z).mean() }] {
                let g1 = try gradients(of: loss(linear), withRespectTo: [alpha, rate])
                let g2 = try gradients(of: loss(logSpace), withRespectTo: [alpha, rate])
                for (x, y) in zip(g1, g2) {
                    for (a, b) in zip(x.scalars, y.scalars) {
                        worstGradient = max(worstGradient, abs(a - b) / max(abs(b), 1e-300))
                    }
                }
            }
        }
        print("InverseGamma linear vs log-space route: worst relative difference z \(worstValue), gradients \(worstGradient)")
        XCTAssertLessThan(worstValue, 1e-12)
        XCTAssertLessThan(worstGradient, 1e-10)
    }

    /// Below the linear route's smallest concentration the log-space route draws (the same numbers).
    func testSmallConcentrationsTakeTheLogSpaceRoute() throws {
        let d = try InverseGamma(concentration: Tensor([0.05, 2]), rate: Tensor(1))
        var a = RandomStream(seed: 5), b = RandomStream(seed: 5)
        XCTAssertEqual(try d.rsample([100], using: &a).scalars, try d.transformRsample([100], using: &b).scalars)
    }
}
