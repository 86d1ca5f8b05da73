import Foundation

/// Variational inference: the distribution q(z; u) closest to a posterior known through its
/// log-joint log p(x, z), found by maximising the evidence lower bound
///
///     ELBO(u) = E_q[w(z)],  w(z) = log p(x, z) − log q(z; u),  ELBO = log p(x) − KL(q ‖ p(· | x))
///
/// with Adam on q's unconstrained parameters u, from n draws a step. The gradient estimators
/// (`Gradient`):
///
/// * `pathwise`: ∇u mean(w(z)) with z = z(ε; u) reparameterized, w's own log q included;
/// * `stl` ("sticking the landing", Roeder, Wu & Duvenaud 2017): the same with log q's parameters
///   held fixed (only the path through z moves), which drops the score term, whose expectation is
///   zero. At the optimum, for a q family that contains the posterior, each draw's gradient is zero:
///   the fit lands exactly;
/// * any other `GradientEstimator` (score with or without a baseline, the delta-method control
///   variate, measure-valued derivatives) estimates ∇ E_q[w̄] for w̄ = w with log q's parameters
///   held: the term it leaves out, −E_q[∇u log q] = 0, has expectation zero, so it stays unbiased.
///
///     // Normal prior N(0, 1) on μ, x ~ N(μ, 1): the posterior is N(Σx/(N+1), 1/(N+1)).
///     let fit = try VariationalFit.fit(initial: [0, 0], build: { u in try Normal(loc: u[0], scale: exp(u[1])) },
///                                      logJoint: { z in … }, gradient: .stl, samples: 16, steps: 2000, using: &stream)
public enum VariationalFit {
    /// How the ELBO's gradient is estimated.
    public enum Gradient: Hashable, Sendable, CustomStringConvertible {
        /// Sticking the landing: pathwise with log q's parameters held.
        case stl
        /// An estimator of ∇ E_q[f]; `pathwise` differentiates all of w, the others w̄ (log q held).
        case estimator(GradientEstimator)

        public static let pathwise = Gradient.estimator(GradientEstimator(.pathwise))
        /// REINFORCE with the leave-one-out baseline (RLOO).
        public static let scoreLeaveOneOut = Gradient.estimator(GradientEstimator(.score, baseline: .leaveOneOut))

        /// `stl`, `pathwise`, `score+loo`, `mvd`.
        public var description: String {
            switch self {
            case .stl: return "stl"
            case let .estimator(estimator): return estimator.description
            }
        }
    }

    /// One step's record: the ELBO estimate (mean of w over the step's draws) and u after the step.
    public struct Step: Sendable {
        public var elbo: Double
        public var parameters: [Double]
    }

    /// q with its parameters detached (no gradient flows through its log-density's parameters).
    public static func held(_ q: any Distribution) throws -> any Distribution {
        try type(of: q).family.build(Family.Inputs(parameters: q.parameters.map { ($0.name, $0.value.detached) }))
    }

    /// The estimate of ∇ ELBO with respect to each of q's parameters (in `q.parameters` order)
    /// from n draws; `logJoint` maps n draws to n values of log p(x, z). With it, mean w over the
    /// draws the estimate used when they came from q (stl, pathwise, score with or without a
    /// baseline: an unbiased ELBO estimate for free), nil otherwise (mvd, the delta method).
    public static func gradients(of logJoint: @escaping (Tensor) throws -> Tensor, under q: any Distribution, gradient: Gradient,
                                 samples n: Int, state: inout EstimatorState,
                                 using stream: inout RandomStream) throws -> (gradients: [Tensor], elbo: Double?) {
        let fixed = try held(q)
        nonisolated(unsafe) var seen: Double?
        let record = { (w: Tensor) -> Tensor in
            if w.count == n { seen = w.detached.mean().scalars[0] }
            return w
        }
        let heldW: (Tensor) throws -> Tensor = { z in try record(logJoint(z).subtracting(fixed.logProb(z))) }
        let gradients: [Tensor]
        var drawsFromQ = true
        switch gradient {
        case .stl:
            gradients = try GradientEstimator(.pathwise).gradients(of: heldW, under: q, samples: n, state: &state, using: &stream)
        case let .estimator(estimator) where estimator.isPlainPathwise:
            gradients = try estimator.gradients(of: { z in try record(logJoint(z).subtracting(q.logProb(z))) }, under: q, samples: n,
                                                state: &state, using: &stream)
        case let .estimator(estimator):
            drawsFromQ = estimator.kind == .score && !estimator.deltaControlVariate
            gradients = try estimator.gradients(of: heldW, under: q, samples: n, state: &state, using: &stream)
        }
        return (gradients, drawsFromQ ? seen : nil)
    }

    /// mean(log p(x, z) − log q(z)) over n fresh draws: an unbiased estimate of the ELBO.
    public static func elbo(of logJoint: (Tensor) throws -> Tensor, under q: any Distribution, samples n: Int,
                            using stream: inout RandomStream) throws -> Double {
        let z = try q.sample([n], using: &stream)
        return try logJoint(z).subtracting(q.logProb(z)).detached.mean().scalars[0]
    }

    /// Runs `steps` Adam steps from `initial` and returns the trace; `build` maps u (scalar leaves)
    /// to q; `logJoint` maps n draws to n values of log p(x, z).
    public static func fit(initial: [Double], build: ([Tensor]) throws -> any Distribution, logJoint: @escaping (Tensor) throws -> Tensor,
                           gradient: Gradient, samples n: Int, steps: Int, learningRate: Double = 0.05,
                           using stream: inout RandomStream, each: (Int, Step) -> Void = { _, _ in }) throws -> [Step] {
        guard n >= 2 else { throw ReparamError.invalidArgument("a variational fit needs at least 2 draws a step, got \(n)") }
        var u = initial.map { Tensor.parameter($0) }
        var adam = Adam(learningRate: learningRate)
        var state = EstimatorState()
        var trace: [Step] = []
        for index in 0..<steps {
            let q = try build(u)
            let θ = q.parameters.map(\.value)
            let (g, seen) = try gradients(of: logJoint, under: q, gradient: gradient, samples: n, state: &state, using: &stream)
            let elbo = try seen ?? self.elbo(of: logJoint, under: q, samples: n, using: &stream)
            // Back to u through build (a vector–Jacobian product), and Adam minimises: step on −ELBO.
            let pulled = try zip(θ, g).map { try $0.multiplying($1.detached).sum() }.reduce(Tensor(0)) { try $0.adding($1) }
            let gu = try Reparam.gradients(of: pulled, withRespectTo: u).map { -$0 }
            u = adam.step(u, gradients: gu)
            let step = Step(elbo: elbo, parameters: u.map { $0.scalars[0] })
            trace.append(step)
            each(index, step)
        }
        return trace
    }
}

extension GradientEstimator {
    /// The plain pathwise estimator (any route), which differentiates w with its own log q.
    var isPlainPathwise: Bool {
        [.pathwise, .implicit, .explicit].contains(kind) && baseline == nil && !deltaControlVariate
    }
}
