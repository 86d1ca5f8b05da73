import XCTest
@testable import Reparam

/// Implicit gradients that `rsample` forms in closed form or in one sweep, against the dual-number
/// route (`implicitDerivatives(of:parameter:)`, itself held to 50-digit mpmath by CatalogFamilyTests)
/// on the same draws, one parameter value per draw so the gradient of Σz is each draw's own dz/dθ.
final class ClosedFormImplicitGradientTests: XCTestCase {
    /// n parameter values spread log-uniformly over [low, high].
    private func spread(_ n: Int, _ low: Double, _ high: Double, phase: Double) -> [Double] {
        (0..<n).map { i in low * Foundation.pow(high / low, (Double(i) * phase).truncatingRemainder(dividingBy: 1)) }
    }

    /// TwoPieceNormal's dz/dσ₁, dz/dσ₂ (Mills-ratio forms) and dz/dμ = 1, with scales from 1e-3 to 1e3
    /// (so a side's scale up to 1e6 times the other's) and draws in both tails. μ = 0: the dual route
    /// recovers (z − μ)/σ from the rounded z, which for μ ≠ 0 and a small σ loses digits the closed
    /// form (which keeps the standardized draw) does not.
    func testTwoPieceNormalClosedFormAgainstDuals() throws {
        let n = 4000
        let locs = [Double](repeating: 0, count: n)
        let lows = spread(n, 1e-3, 1e3, phase: 0.6180339887), highs = spread(n, 1e-3, 1e3, phase: 0.7548776662)
        let parameters = [Tensor(locs), Tensor(lows), Tensor(highs)].map { Tensor.parameter($0) }
        let d = try TwoPieceNormal(loc: parameters[0], lowerScale: parameters[1], upperScale: parameters[2])
        var stream = RandomStream(seed: 12)
        let z = try d.rsample([], using: &stream)
        let grads = try gradients(of: z.sum(), withRespectTo: parameters)
        var worst = (error: 0.0, parameter: 0, index: 0)
        for k in 0..<3 {
            let reference = d.implicitDerivatives(of: z.scalars, parameter: k)
            for i in 0..<n {
                let error = relativeError(grads[k].scalars[i], reference[i])
                if error > worst.error { worst = (error, k, i) }
            }
        }
        print("TwoPieceNormal rsample dz/dθ (closed form) vs duals: worst relative error \(worst.error) at θ\(worst.parameter),"
              + " draw \(worst.index) (μ = \(locs[worst.index]), σ₁ = \(lows[worst.index]), σ₂ = \(highs[worst.index]), z = \(z.scalars[worst.index]))")
        XCTAssertLessThanOrEqual(worst.error, 1e-13)
    }

    /// The one-sweep route (one density per draw, every parameter's ∂F/∂θ) gives exactly what one
    /// call per parameter gives: InverseGaussian rsample against per-parameter calls.
    func testOneSweepEqualsOneParameterAtATime() throws {
        let n = 500
        let parameters = [Tensor(spread(n, 0.1, 10, phase: 0.31)), Tensor(spread(n, 0.1, 50, phase: 0.77))].map { Tensor.parameter($0) }
        let d = try InverseGaussian(loc: parameters[0], concentration: parameters[1])
        var stream = RandomStream(seed: 3)
        let z = try d.rsample([], using: &stream)
        let grads = try gradients(of: z.sum(), withRespectTo: parameters)
        for k in 0..<2 {
            XCTAssertEqual(grads[k].scalars, d.implicitDerivatives(of: z.scalars, parameter: k), "parameter \(k)")
        }
    }
}
