import Foundation

/// LogGamma(concentration α, rate β): the law of y = log z for z ~ Gamma(α, β)
/// (TensorFlow Probability's ExpGamma, JAX's `loggamma`).
///
/// p(y) = βᵅ e^{αy − βe^y} / Γ(α) on the real line; with w = y + log β (the log of a
/// Gamma(α, 1) draw), log p = αw − e^w − log Γ(α), mean ψ(α) − log β, variance ψ₁(α).
///
/// Reach for it when α is small: a tenth of Gamma(0.003) draws are below the smallest double
/// and come out as exactly 0, so log z and `Gamma.logProb(z)` are −∞ and a fit on them breaks.
/// Here the draws are made in log space (Marsaglia–Tsang with the boost ln G(α) = ln G(α+1) − E/α,
/// the same route as Beta's and Dirichlet's Gammas), and every function stays finite:
///
///     dy/dα = d log G/dα = −(∂P/∂α)(α, G)/(G p(G; α))   (implicit, `GammaGradients.logSampleDerivatives`,
///                                                         (ψ(α+1) − w)/α where G underflows)
///     dy/dβ = −1/β                                      (explicit)
///
///     var stream = RandomStream(seed: 1)
///     let d = try LogGamma(concentration: .parameter(0.003), rate: .parameter(1))
///     let y = try d.rsample(1000, using: &stream)          // finite, down to about −10⁵
///     let g = try gradients(of: y.mean(), withRespectTo: [d.concentration])   // ≈ ψ₁(0.003) ≈ 1.1e5
public struct LogGamma: UnivariateCDFFamily {
    public let concentration: Tensor
    public let rate: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("concentration", concentration), ("rate", rate)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .real }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "log_gamma", name: "LogGamma",
        parameters: [.init("concentration", .positive, meaning: "shape α > 0 of the Gamma whose log this is"),
                     .init("rate", .positive, default: 1, meaning: "rate β > 0 of that Gamma; shifts y by −log β")],
        support: .fixed(.real), route: .implicit,
        summary: "the law of log z for z ~ Gamma(α, β): mean ψ(α) − log β, variance ψ₁(α); drawn in log space, so tiny α "
            + "(whose Gamma draws underflow to 0) keeps finite draws, log_prob and gradients; implicit: dy/dα = d log G/dα, dy/dβ = −1/β",
        formula: "p(y) = βᵅ e^(αy − βeʸ) / Γ(α) on the real line", example: "log_gamma(0.003)") { inputs in
        try LogGamma(concentration: inputs[0], rate: inputs[1])
    }

    /// - Throws: `ReparamError.invalidParameter` unless both are positive and finite;
    ///   `ReparamError.shape` when they do not broadcast.
    public init(concentration: Tensor, rate: Tensor) throws {
        batchShape = try Self.family.checked([concentration, rate])
        self.concentration = concentration
        self.rate = rate
    }

    /// y = log G − log β with log G drawn directly; dy/dα implicit on log G, dy/dβ = −1/β.
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let alphas = Kernels.expand(concentration, to: batchShape), rates = Kernels.expand(rate, to: batchShape)
        let logG = alphas.withUnsafeBufferPointer { p in Kernels.make(Shape.count(shape)) { stream.fillLogStandardGamma($0, concentration: p) } }
        let batch = alphas.count
        let values = Kernels.generate(logG.count) { i in logG[i] - Foundation.log(rates[i % batch]) }
        return ImplicitGradient.attach(Tensor(unchecked: shape, values), to: [concentration, rate]) { k in
            try Self.sampleDerivatives(k, logStandard: logG, alphas, rates)
        }
    }

    /// dy/dθₖ for y = log G − log β, α and β cycling over the batch: d log G/dα, or −1/β.
    private static func sampleDerivatives(_ k: Int, logStandard: [Double], _ alphas: [Double], _ rates: [Double]) throws -> [Double] {
        if k == 1 { return Kernels.generate(logStandard.count) { i in -1 / rates[i % rates.count] } }
        return try GammaGradients.logSampleDerivatives(logSamples: logStandard, concentrations: alphas)
    }

    /// αw − e^w − log Γ(α), w = y + log β; −∞ at y = ±∞. Differentiable in y, α and β.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        try recordElementwise([value, concentration, rate], name) { p, d in
            let (y, a, b) = (p[0], p[1], p[2])
            guard y.isFinite else {
                for k in 0..<3 { d[k] = 0 }
                return y.isNaN ? .nan : -.infinity
            }
            let w = y + Foundation.log(b), z = Foundation.exp(w)
            d[0] = a - z
            d[1] = w - digamma(a)
            d[2] = (a - z) / b
            return a * w - z - logGamma(a)
        }
    }

    /// P(α, βe^y), finite where βe^y underflows (`regularizedGammaP(_:logPoint:)`).
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// y = log P⁻¹(α, u) − log β (`logInverseRegularizedGammaP`); dy/du = 1/p(y), dy/dα implicit,
    /// dy/dβ = −1/β.
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(probability.shape, batchShape)
        let u = Kernels.expand(probability, to: shape)
        let alphas = Kernels.expand(concentration, to: batchShape), rates = Kernels.expand(rate, to: batchShape)
        let batch = alphas.count
        let logStandard = Kernels.generate(u.count) { i in logInverseRegularizedGammaP(a: alphas[i % batch], p: u[i]) }
        let y = Kernels.generate(u.count) { i in logStandard[i] - Foundation.log(rates[i % batch]) }
        let inverseDensity = Kernels.generate(u.count) { i in Foundation.exp(-logGammaLogDensity(alphas[i % batch], at: logStandard[i])) }
        return ImplicitGradient.quantiles(Tensor(unchecked: shape, y), probability: probability, inverseDensity: inverseDensity,
                                          parameters: [concentration, rate]) { k in
            try Self.sampleDerivatives(k, logStandard: logStandard, alphas, rates)
        }
    }

    /// P(α, e^{y + log β}).
    public func cdf<T: RealScalar>(at y: T, parameters θ: [T]) -> T {
        regularizedGammaP(θ[0], logPoint: y + log(θ[1]))
    }
    public func logDensity(at y: Double, parameters θ: [Double]) -> Double {
        logGammaLogDensity(θ[0], at: y + Foundation.log(θ[1]))
    }

    /// ψ(α) − log β.
    public var mean: Tensor { batched(digamma(concentration) - log(rate)) }
    /// ψ₁(α) (the rate only shifts y).
    public var variance: Tensor { batched(trigamma(concentration)) }
    /// log Γ(α) + α − αψ(α) (the rate only shifts y).
    public func computeEntropy() -> Tensor {
        batched(concentration.unary(LogGamma.standardEntropy) { a, _ in 1 - a * trigamma(a) })
    }

    /// H(α) = log Γ(α) + α − αψ(α), the entropy of log G for G ~ Gamma(α, 1).
    ///
    /// For large α the terms (each ≈ α log α) cancel to ½ log(2πe/α) + O(1/α); there, with
    /// Stirling, H = ½ log(2π/α) + c(α) − α(ψ(α) − log α), every term small.
    static func standardEntropy(_ a: Double) -> Double {
        if a < 12 { return logGamma(a) + a - a * digamma(a) }
        return 0.5 * Foundation.log(2 * Double.pi / a) + stirlingCorrection(a) - a * digammaMinusLog(a)
    }
}
