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
    public var name: String { "Dirichlet" }
    public var parameters: [(name: String, value: Tensor)] { [("concentration", concentration)] }
    public var batchShape: [Int] { Array(concentration.shape.dropLast()) }
    public var eventShape: [Int] { [concentration.shape.last ?? 0] }
    public var support: Support { .simplex }
    public var reparameterization: Reparameterization { .implicit }

    public init(concentration: Tensor) throws {
        guard concentration.rank >= 1, (concentration.shape.last ?? 0) >= 2 else {
            throw ReparamError.invalidParameter(distribution: "Dirichlet", parameter: "concentration", value: "shape \(concentration.shape)",
                                                rule: "a vector of at least 2 values")
        }
        try Validation.check("Dirichlet", "concentration", concentration, .positive)
        self.concentration = concentration
    }

    public func rsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let alphas = concentration.scalars
        let logG = alphas.withUnsafeBufferPointer { p in Kernels.make(Shape.count(shape)) { stream.fillLogStandardGamma($0, concentration: p) } }
        let logGamma = ImplicitGradient.attach(Tensor(unchecked: shape, logG), to: [concentration]) { _ in
            Self.logSampleDerivatives(logG, alphas)
        }
        return try logGamma.softmax(axis: -1)
    }

    /// d log G / dα per sample, α cycling over the flattened concentration.
    static func logSampleDerivatives(_ logG: [Double], _ alphas: [Double]) -> [Double] {
        let k = alphas.count
        return logG.withUnsafeBufferPointer { logG in
            Kernels.make(logG.count) { out in
                Parallel.forEachChunk(count: logG.count) { range in
                    for i in range { out[i] = gammaImplicitDerivative(concentration: alphas[i % k], logSample: logG[i]) }
                }
            }
        }
    }

    /// Σ (α_k − 1) log x_k + log Γ(Σα) − Σ log Γ(α_k).
    public func logProb(_ value: Tensor) throws -> Tensor {
        let terms = try (concentration - 1).multiplying(log(value)).sum(axis: -1)
        let normalizer = try lgamma(concentration.sum(axis: -1)).subtracting(lgamma(concentration).sum(axis: -1))
        return try terms.adding(normalizer)
    }

    /// α / Σα.
    public var mean: Tensor { try! concentration.dividing(by: concentration.sum(axis: -1).unsqueezed(concentration.rank - 1)) }
    /// α_k(α₀ − α_k) / (α₀²(α₀ + 1)), α₀ = Σα.
    public var variance: Tensor {
        let total = try! concentration.sum(axis: -1).unsqueezed(concentration.rank - 1)
        return try! concentration.multiplying(total - concentration).dividing(by: total * total * (total + 1))
    }
    /// log B(α) + (α₀ − K)ψ(α₀) − Σ (α_k − 1)ψ(α_k).
    public func entropy() throws -> Tensor {
        let k = Double(concentration.shape.last!)
        let total = try concentration.sum(axis: -1)
        let logBeta = try lgamma(concentration).sum(axis: -1).subtracting(lgamma(total))
        return try logBeta.adding((total - k) * digamma(total)).subtracting(((concentration - 1) * digamma(concentration)).sum(axis: -1))
    }
}
