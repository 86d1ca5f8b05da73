import XCTest
@testable import Reparam

/// Variational fits on conjugate models reach the exact posterior.
final class VariationalFitTests: XCTestCase {
    /// μ ~ N(0, 1), xᵢ ~ N(μ, 1), x = [0.8, 1.5, 0.3, 1.1, 2.0]: the posterior is N(Σx/6, 1/6) = N(0.95, 0.408248²).
    static let data = [0.8, 1.5, 0.3, 1.1, 2.0]
    static func normalLogJoint(_ z: Tensor) throws -> Tensor {
        let n = Double(data.count), sum = data.reduce(0, +), squares = data.map { $0 * $0 }.reduce(0, +)
        return z * z * (-(n + 1) / 2) + z * sum - squares / 2
    }
    static func normalQ(_ u: [Tensor]) throws -> any Distribution { try Normal(loc: u[0], scale: exp(u[1])) }

    func testNormalModelEachEstimatorReachesThePosterior() throws {
        let (mean, sd) = (0.95, 1 / 6.0.squareRoot())
        for (gradient, tolerance) in [(VariationalFit.Gradient.stl, 2e-3), (.pathwise, 0.03), (.scoreLeaveOneOut, 0.06)] as [(VariationalFit.Gradient, Double)] {
            var stream = RandomStream(seed: 5)
            let trace = try VariationalFit.fit(initial: [0, 0], build: Self.normalQ, logJoint: Self.normalLogJoint, gradient: gradient,
                                               samples: 16, steps: 1500, learningRate: 0.03, using: &stream)
            // Average the last 200 steps' parameters (the iterates jitter with the gradient noise).
            let tail = trace.suffix(200)
            let loc = tail.map { $0.parameters[0] }.reduce(0, +) / 200
            let scale = tail.map { exp($0.parameters[1]) }.reduce(0, +) / 200
            XCTAssertEqual(loc, mean, accuracy: tolerance, "\(gradient) loc")
            XCTAssertEqual(scale / sd, 1, accuracy: tolerance / sd, "\(gradient) scale")
            XCTAssertGreaterThan(tail.last?.elbo ?? -.infinity, trace.first?.elbo ?? .infinity, "\(gradient): the ELBO rises")
        }
    }

    /// Sticking the landing: at the exact posterior every draw's STL gradient is zero (the pathwise one is not).
    func testStickingTheLandingHasZeroVarianceAtTheOptimum() throws {
        let u = [Tensor.parameter(0.95), Tensor.parameter(log(1 / 6.0.squareRoot()))]
        var stream = RandomStream(seed: 9)
        let q = try Self.normalQ(u)
        let z = try q.rsample([64], using: &stream)
        let stl = try Reparam.gradients(of: (Self.normalLogJoint(z) - Self.normalQ(u.map(\.detached)).logProb(z)).mean(), withRespectTo: u)
        let pathwise = try Reparam.gradients(of: (Self.normalLogJoint(z) - q.logProb(z)).mean(), withRespectTo: u)
        for g in stl { XCTAssertEqual(g.scalars[0], 0, accuracy: 1e-12) }
        XCTAssertGreaterThan(abs(pathwise[1].scalars[0]), 1e-3)
    }

    /// λ ~ Gamma(2, 1), counts xᵢ ~ Poisson(λ), x = [3, 5, 2, 4, 6]: the posterior is Gamma(2 + 20, 1 + 5) = Gamma(22, 6).
    /// p ~ Beta(1, 1), flips [1, 0, 1, 1, 0, 1, 1, 1]: the posterior is Beta(7, 3). STL fits with q in the posterior's family.
    func testPoissonGammaAndBernoulliBetaReachThePosterior() throws {
        var stream = RandomStream(seed: 13)
        let gamma = try VariationalFit.fit(initial: [0, 0], build: { u in try Gamma(concentration: exp(u[0]), rate: exp(u[1])) },
                                           logJoint: { z in log(z) * 21 - z * 6 }, gradient: .stl, samples: 16, steps: 1500,
                                           using: &stream)
        let gammaTail = gamma.suffix(200)
        XCTAssertEqual(gammaTail.map { exp($0.parameters[0]) }.reduce(0, +) / 200 / 22, 1, accuracy: 0.05, "concentration")
        XCTAssertEqual(gammaTail.map { exp($0.parameters[1]) }.reduce(0, +) / 200 / 6, 1, accuracy: 0.05, "rate")

        let beta = try VariationalFit.fit(initial: [0, 0], build: { u in try Beta(a: exp(u[0]), b: exp(u[1])) },
                                          logJoint: { p in log(p) * 6 + log(Tensor(1) - p) * 2 }, gradient: .stl, samples: 16,
                                          steps: 1500, using: &stream)
        let betaTail = beta.suffix(200)
        XCTAssertEqual(betaTail.map { exp($0.parameters[0]) }.reduce(0, +) / 200 / 7, 1, accuracy: 0.05, "a")
        XCTAssertEqual(betaTail.map { exp($0.parameters[1]) }.reduce(0, +) / 200 / 3, 1, accuracy: 0.05, "b")
    }
}
