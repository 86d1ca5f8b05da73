import Foundation

/// Dirichlet(concentration α₁…α_K) on the probability simplex.
///
/// Sampling: independent G_k ~ Gamma(α_k, 1), x = G / Σ G. Both steps run in
/// log space, x = softmax(log G), so concentrations down to 1e-3 (whose
/// Gamma draws underflow) still give finite samples. Gradients: the
/// implicit Gamma rule for each log G_k,
///
///     d log G_k / dα_k = (dG_k/dα_k) / G_k,   dG/dα = −(∂P/∂α)(α, G) / p(G; α),
///
/// then the explicit softmax, which the tape differentiates.
public struct Dirichlet: Distribution {
    public let concentration: Tensor
    public var parameters: [(name: String, value: Tensor)] { [("concentration", concentration)] }
    public var batchShape: [Int] { Array(concentration.shape.dropLast()) }
    public var eventShape: [Int] { [concentration.shape.last ?? 0] }
    public var support: Support { .simplex }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "dirichlet", name: "Dirichlet",
        parameters: [.init("concentration", .positive, meaning: "α₁…α_K > 0, one per category (a vector of at least 2)")],
        support: .fixed(.simplex), eventShape: .lastAxis(of: "concentration"), route: .implicit, methods: [.entropy],
        summary: "Dirichlet(α) on the simplex: normalized Gammas, implicit gradients through each Gamma",
        formula: "p(x) = Γ(Σα) Π x_k^(α_k−1) / Π Γ(α_k) on the simplex", example: "dirichlet([1, 2, 3])") { inputs in
        try Dirichlet(concentration: inputs[0])
    }

    public init(concentration: Tensor) throws {
        guard concentration.rank >= 1, (concentration.shape.last ?? 0) >= 2 else {
            throw ReparamError.invalidParameter(distribution: "Dirichlet", parameter: "concentration", value: "shape \(concentration.shape)",
                                                rule: "a vector of at least 2 values")
        }
        _ = try Self.family.checked([concentration])
        self.concentration = concentration
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let alphas = concentration.scalars
        let logG = alphas.withUnsafeBufferPointer { p in Kernels.make(Shape.count(shape)) { stream.fillLogStandardGamma($0, concentration: p) } }
        let k = eventShape[0]
        let values = SoftmaxRows.values(logG, width: k)
        let concentration = self.concentration
        // x = softmax(log G) per row: ∂L/∂log G_k = x_k (g_k − Σ_j g_j x_j), then the chain to α_k.
        return Tensor.record(shape, values, inputs: [concentration]) { g in
            let dLogG = try GammaGradients.logSampleDerivatives(logSamples: logG, concentrations: alphas)
            var terms = SoftmaxRows.logitGradient(values, upstream: g.scalars, width: k)
            for i in terms.indices { terms[i] *= dLogG[i] }
            return [Tensor(unchecked: shape, terms).summed(to: concentration.shape)]
        }
    }

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let logG = concentration.scalars.withUnsafeBufferPointer { p in Kernels.make(Shape.count(shape)) { stream.fillLogStandardGamma($0, concentration: p) } }
        return Tensor(unchecked: shape, SoftmaxRows.values(logG, width: eventShape[0]))
    }

    /// Σ (α_k − 1) log x_k + log Γ(Σα) − Σ log Γ(α_k).
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let terms = try (concentration - 1).multiplying(log(value)).sum(axis: -1)
        let normalizer = try lgamma(concentration.sum(axis: -1)).subtracting(lgamma(concentration).sum(axis: -1))
        return try terms.adding(normalizer)
    }

    /// α / Σα.
    public var mean: Tensor { concentration / total }
    /// α_k(α₀ − α_k) / (α₀²(α₀ + 1)), α₀ = Σα, as m(1 − m)/(α₀ + 1) with m = α_k/α₀ (α₀² overflowed
    /// from 1e154 and underflowed below 1e-162: nan).
    public var variance: Tensor {
        let total = self.total
        return (concentration / total) * ((total - concentration) / total) / (total + 1)
    }
    /// α₀ = Σα along the event axis, kept as an axis of length 1 so it broadcasts against α.
    private var total: Tensor {
        // The initializer checked concentration has a last axis, so neither step can fail.
        (try? concentration.sum(axis: -1).reshaped(batchShape + [1])) ?? Tensor(.nan)
    }
    /// log B(α) + (α₀ − K)ψ(α₀) − Σ (α_k − 1)ψ(α_k).
    public func computeEntropy() throws -> Tensor {
        // log B(α) + (α₀ − K)ψ(α₀) − Σ(αⱼ − 1)ψ(αⱼ) = Σ H(αⱼ) − H(α₀) − (K − 1)ψ(α₀) (`gammaStandardEntropy`).
        let k = Double(eventShape[0])
        let total = try concentration.sum(axis: -1)
        return try gammaStandardEntropy(concentration).sum(axis: -1).subtracting(gammaStandardEntropy(total)).subtracting((k - 1) * digamma(total))
    }
}
