import XCTest
@testable import Reparam

/// Optimizers and constraint transforms, judged by where fits land.
final class OptimizerTests: XCTestCase {
    func testTransformsRoundTripAndStayInSupport() throws {
        let cases: [(Constraint, [Double])] = [(.positive, [1e-3, 2, 50]), (.unitInterval, [0.01, 0.5, 0.99]),
                                                       (.simplex, [0.2, 0.3, 0.5]), (.greaterThan(2), [2.5, 7])]
        for (transform, values) in cases {
            let back = try transform.constrained(transform.unconstrained(Tensor(values)))
            for (a, b) in zip(back.scalars, values) { assertRelative(a, b, 1e-14, "\(transform)") }
        }
        // Far out in unconstrained space the value still respects the constraint.
        XCTAssertGreaterThan(try Constraint.positive.constrained(Tensor(-700)).scalars[0], 0)
        XCTAssertLessThan(try Constraint.unitInterval.constrained(Tensor(30)).scalars[0], 1)
    }

    /// Maximum likelihood of a Normal lands on the sample mean and the population standard deviation.
    func testMaximumLikelihoodNormalFit() throws {
        let points: [Double] = (0..<200).map { i -> Double in
            let t = Double(i)
            return 3 + 2 * Foundation.sin(t * 0.7) + 0.5 * Foundation.cos(t * 1.9)
        }
        let data = Tensor(points)
        let mean = data.mean().scalars[0], std = data.standardDeviation(correction: 0).scalars[0]
        var u = [Tensor.parameter(0.0), Tensor.parameter(0.0)]   // loc, log scale
        var adam = Adam(learningRate: 0.05)
        for _ in 0..<3000 {
            let d = try Normal(loc: u[0], scale: Constraint.positive.constrained(u[1]))
            let loss = -(try d.logProb(data)).mean()
            u = adam.step(u, gradients: try gradients(of: loss, withRespectTo: u))
        }
        XCTAssertEqual(u[0].scalars[0], mean, accuracy: 1e-6)
        XCTAssertEqual(Foundation.exp(u[1].scalars[0]), std, accuracy: 1e-6)
    }

    /// Reverse KL, E_q[log q(z) − log p(z)] by rsample of q, drives q = Normal(μ, σ) to the target Normal(−1, 0.5).
    func testReverseKLFitWithSGD() throws {
        let target = try Normal(loc: Tensor(-1), scale: Tensor(0.5))
        var stream = RandomStream(seed: 12)
        var u = [Tensor.parameter(2.0), Tensor.parameter(0.0)]
        var sgd = SGD(learningRate: 0.02, momentum: 0.9)
        for _ in 0..<1500 {
            let q = try Normal(loc: u[0], scale: Constraint.positive.constrained(u[1]))
            let z = try q.rsample([256], using: &stream)
            let loss = try q.logProb(z).subtracting(target.logProb(z)).mean()
            u = sgd.step(u, gradients: try gradients(of: loss, withRespectTo: u))
        }
        XCTAssertEqual(u[0].scalars[0], -1, accuracy: 0.02)
        XCTAssertEqual(Foundation.exp(u[1].scalars[0]), 0.5, accuracy: 0.02)
    }
}
