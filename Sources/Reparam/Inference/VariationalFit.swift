import Foundation

/// Variational inference: the distribution q(z; u) closest to a posterior known through its
/// log-joint log p(x, z), found by maximising the evidence lower bound
///
///     ELBO(u) = E_q[log p(x, z) − log q(z; u)] = log p(x) − KL(q ‖ p(· | x))
///
/// with Adam on q's unconstrained parameters u, from n draws a step. The gradient estimators:
///
/// * `pathwise`: ∇u mean(log p(x, z) − log q(z; u)) with z = z(ε; u) reparameterized;
/// * `stl` ("sticking the landing", Roeder, Wu & Duvenaud 2017): the same with log q's parameters
///   held fixed (only the path through z moves), which drops the score term, whose expectation is
///   zero. At the optimum, for a q family that contains the posterior, each draw's gradient is zero:
///   the fit lands exactly;
/// * `score`: mean((w(zᵢ) − bᵢ) ∇u log q(zᵢ; u)), w = log p(x, z) − log q(z; u), with the
///   leave-one-out baseline bᵢ (no path through z needed).
///
///     // Normal prior N(0, 1) on μ, x ~ N(μ, 1): the posterior is N(Σx/(N+1), 1/(N+1)).
///     let fit = try VariationalFit.fit(initial: [0, 0], build: { u in try Normal(loc: u[0], scale: exp(u[1])) },
///                                      logJoint: { z in … }, gradient: .stl, samples: 16, steps: 2000, using: &stream)
public enum VariationalFit {
    public enum Gradient: String, CaseIterable, Sendable {
        case pathwise, stl, score
    }

    /// One step's record: the ELBO estimate (mean of w over the step's draws) and u after the step.
    public struct Step: Sendable {
        public var elbo: Double
        public var parameters: [Double]
    }

    /// Runs `steps` Adam steps from `initial` and returns the trace; `build` maps u (scalar leaves)
    /// to q; `logJoint` maps n draws to n values of log p(x, z).
    public static func fit(initial: [Double], build: ([Tensor]) throws -> any Distribution, logJoint: (Tensor) throws -> Tensor,
                           gradient: Gradient, samples n: Int, steps: Int, learningRate: Double = 0.05,
                           using stream: inout RandomStream, each: (Int, Step) -> Void = { _, _ in }) throws -> [Step] {
        guard n >= 2 else { throw ReparamError.invalidArgument("a variational fit needs at least 2 draws a step, got \(n)") }
        var u = initial.map { Tensor.parameter($0) }
        var adam = Adam(learningRate: learningRate)
        var trace: [Step] = []
        for index in 0..<steps {
            let q = try build(u)
            let surrogate: Tensor, elbo: Double
            switch gradient {
            case .pathwise, .stl:
                let z = try q.rsample([n], using: &stream)
                let density = gradient == .stl ? try build(u.map(\.detached)) : q
                let w = try logJoint(z).subtracting(density.logProb(z))
                surrogate = w.mean()
                elbo = w.detached.mean().scalars[0]
            case .score:
                let (z, weights) = try ScoreFunction.draw(q, [n], using: &stream)
                let w = try logJoint(z).subtracting(q.logProb(z)).detached.scalars
                let total = w.reduce(0, +)
                let centred = Tensor(w.map { $0 - (total - $0) / Double(n - 1) })
                surrogate = try centred.multiplying(weights).mean()
                elbo = total / Double(n)
            }
            // Adam minimises: step on −ELBO.
            let g = try Reparam.gradients(of: surrogate, withRespectTo: u).map { -$0 }
            u = adam.step(u, gradients: g)
            let step = Step(elbo: elbo, parameters: u.map { $0.scalars[0] })
            trace.append(step)
            each(index, step)
        }
        return trace
    }
}
