import Foundation

/// Gamma(concentration α, rate β): p(z) = βᵅ zᵅ⁻¹ e^{−βz} / Γ(α) on z > 0.
///
/// Sampling: Marsaglia–Tsang (with the boost for α < 1) gives G ~ Gamma(α, 1),
/// then z = G/β. Gradients:
///
///     dz/dα = (dG/dα)/β,   dG/dα = −(∂P/∂α)(α, G) / p(G; α)   (implicit, exact)
///     dz/dβ = −z/β                                             (explicit)
///
///     let d = try Gamma(concentration: .parameter(2.5), rate: .parameter(1))
public struct Gamma: UnivariateCDFFamily {
    public let concentration: Tensor
    public let rate: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("concentration", concentration), ("rate", rate)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "gamma", name: "Gamma",
        parameters: [.init("concentration", .positive, meaning: "shape α > 0 (α < 1 piles mass at 0)"),
                     .init("rate", .positive, default: 1, meaning: "inverse scale β > 0; the mean is α/β")],
        support: .fixed(.positive), route: .implicit,
        summary: "Gamma(concentration α, rate β), mean α/β; implicit: dz/dα = −(∂P(α, βz)/∂α)/p(z). Below α ≈ 0.02 some draws "
            + "underflow to exactly 0 (a tenth at α = 0.003), where log z and log_prob are −inf: use log_gamma(α, rate), the law of log z",
        formula: "p(z) = βᵅ zᵅ⁻¹ e^(−βz) / Γ(α) on z > 0", example: "gamma(2, rate: 3)") { inputs in
        try Gamma(concentration: inputs[0], rate: inputs[1])
    }

    public init(concentration: Tensor, rate: Tensor) throws {
        batchShape = try Self.family.checked([concentration, rate])
        self.concentration = concentration
        self.rate = rate
    }

    /// Standard Gamma(α, 1) draws of shape sample + batch, α cycling over the batch.
    static func standardDraws(_ shape: [Int], concentrations: [Double], using stream: inout RandomStream) -> [Double] {
        concentrations.withUnsafeBufferPointer { alpha in
            Kernels.make(Shape.count(shape)) { stream.fillStandardGamma($0, concentration: alpha) }
        }
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        return try Self.implicitRsample(shape, batchShape: batchShape, parameter: concentration,
                                        concentrations: Kernels.expand(concentration, to: batchShape), concentrationScale: 1,
                                        rate: rate, using: &stream)
    }

    /// α log β + (α−1) log z − βz − log Γ(α) for z > 0; −∞ for z ≤ 0.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let positive = try value.compared(.greater, Tensor(0))
        let safe = try `where`(positive, value, Tensor(1))
        let body = concentration * log(rate) + (concentration - 1) * log(safe) - rate * safe - lgamma(concentration)
        return try `where`(positive, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// z = P⁻¹(α, u)/β, with dz/dα = (dG/dα)/β, dz/dβ = −z/β, dz/du = 1/p(z).
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(probability.shape, batchShape)
        let u = Kernels.expand(probability, to: shape)
        let alphas = Kernels.expand(concentration, to: batchShape), rates = Kernels.expand(rate, to: batchShape)
        let batch = alphas.count
        let standard = Kernels.generate(u.count) { i in inverseRegularizedGammaP(a: alphas[i % batch], p: u[i]) }
        let z = Kernels.generate(u.count) { i in standard[i] / rates[i % batch] }
        let inverseDensity = Kernels.generate(u.count) { i in
            Foundation.exp(-Self.logDensity(at: z[i], concentration: alphas[i % batch], rate: rates[i % batch]))
        }
        return ImplicitGradient.quantiles(Tensor(unchecked: shape, z), probability: probability, inverseDensity: inverseDensity,
                                          parameters: [concentration, rate]) { k in
            if k == 1 { return Kernels.generate(z.count) { i in -z[i] / rates[i % batch] } }
            let dG = try GammaGradients.standardSampleDerivatives(concentrations: alphas, samples: standard)
            return Kernels.generate(z.count) { i in dG[i] / rates[i % batch] }
        }
    }

    /// P(α, βz), the regularized lower incomplete gamma function.
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        z.value <= 0 ? T(0) : regularizedGammaP(θ[0], θ[1] * z)
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        Self.logDensity(at: z, concentration: θ[0], rate: θ[1])
    }
    static func logDensity(at z: Double, concentration a: Double, rate b: Double) -> Double {
        a * Foundation.log(b) + (a - 1) * Foundation.log(z) - b * z - logGamma(a)
    }

    public var mean: Tensor { batched(concentration / rate) }
    public var variance: Tensor { batched(concentration / (rate * rate)) }
    /// α − log β + log Γ(α) + (1 − α)ψ(α) (`gammaStandardEntropy`, stable at large α).
    public func computeEntropy() -> Tensor { batched(gammaStandardEntropy(concentration) - log(rate)) }
}

/// Per-sample implicit derivatives of standard Gamma draws.
enum GammaGradients {
    /// dG/dα for each sample, α cycling over `concentrations` (the batch): the
    /// shared-α route (interpolated, exact to 1e-12) when the batch has one
    /// element, the per-element exact route otherwise.
    static func standardSampleDerivatives(concentrations: [Double], samples: [Double]) throws -> [Double] {
        try ParameterBatches.derivatives(samples: samples, parameters: [concentrations]) { p, z, out in
            try gammaImplicitDerivatives(concentration: p[0], samples: z, into: out)
        } perElement: { p, z, out in
            try gammaImplicitDerivatives(concentrations: p[0], samples: z, into: out)
        }
    }

    /// d log G/dα for standard Gamma draws given as log G, α cycling over `concentrations`
    /// (a batch, or a Dirichlet's flattened concentration): each α's column by the shared-α
    /// log-sample route, exact where G itself underflows (tiny α). `LogGamma` and `Dirichlet` use it.
    static func logSampleDerivatives(logSamples logG: [Double], concentrations alphas: [Double]) throws -> [Double] {
        let width = alphas.count, rows = logG.count / width
        if rows < gammaInterpolantMinimumCount {
            // Too few draws per shape for a table (a VAE's batch has one): the exact route element by
            // element, as the shared-shape route would take for each column, without its per-column setup.
            return try perElementLogSampleDerivatives(logSamples: logG, concentrations: alphas)
        }
        var out = [Double](repeating: 0, count: logG.count)
        var derivative = [Double](repeating: 0, count: rows)
        for c in 0..<width {
            let column = Kernels.generate(rows) { r in logG[r * width + c] }
            try column.withUnsafeBufferPointer { logZ in
                try derivative.withUnsafeMutableBufferPointer {
                    try gammaImplicitLogDerivatives(concentration: alphas[c], logSamples: logZ, into: $0)
                }
            }
            for r in 0..<rows { out[r * width + c] = derivative[r] }
        }
        return out
    }

    /// d log G/dα for each log G, α cycling over `concentrations`, each by the exact route.
    private static func perElementLogSampleDerivatives(logSamples logG: [Double], concentrations alphas: [Double]) throws -> [Double] {
        if let bad = alphas.firstIndex(where: { !isGammaImplicitShape($0) }) {
            throw ReparamError.invalidParameter(distribution: "Gamma", parameter: "concentration",
                                                value: "\(alphas[bad])" + (alphas.count > 1 ? " at index \(bad)" : ""), rule: "positive and finite")
        }
        let width = alphas.count
        let out = Kernels.make(logG.count) { out in
            let out = SharedBuffer(out)
            Parallel.forEachChunk(count: logG.count) { range in
                alphas.withUnsafeBufferPointer { alphas in
                    logG.withUnsafeBufferPointer { logG in
                        if width == logG.count {  // one shape per draw: no index arithmetic
                            forEachWithDigammaNext(range, concentration: { alphas[$0] }) { i, digammaNext in
                                out[i] = gammaImplicitDerivative(concentration: alphas[i], logSample: logG[i], digammaNext: digammaNext)
                            }
                        } else {
                            forEachWithDigammaNext(range, concentration: { alphas[$0 % width] }) { i, digammaNext in
                                out[i] = gammaImplicitDerivative(concentration: alphas[i % width], logSample: logG[i], digammaNext: digammaNext)
                            }
                        }
                    }
                }
            }
        }
        if let index = out.firstIndex(where: \.isNaN) {
            throw ReparamError.invalidArgument(
                "gammaImplicitLogDerivatives: log sample \(index) is \(logG[index]); log samples must be numbers below +inf")
        }
        return out
    }
}
