import Foundation

/// LogisticNormal(loc μ, scale σ): Aitchison's additive logistic normal on the simplex of K + 1
/// coordinates, the softmax of a K-dimensional Normal with a zero appended.
///
///     y ~ Normal(μ, diag σ²) in ℝᴷ,   x = softmax([y₁, …, y_K, 0]),   yᵢ = log(xᵢ / x_{K+1})
///     log p(x) = Σᵢ₌₁ᴷ log φ((yᵢ − μᵢ)/σᵢ) − Σᵢ₌₁ᴷ log σᵢ − Σᵢ₌₁ᴷ⁺¹ log xᵢ
///
/// The last term is the change of variables: the map y ↦ (x₁, …, x_K) has Jacobian
/// diag(x) − x xᵀ, whose determinant is Πᵢ₌₁ᴷ⁺¹ xᵢ. Explicit: rsample draws ε ~ Normal(0, 1),
/// forms x in one sweep and records one tape node whose backward is softmax's closed form,
/// ∂L/∂yⱼ = xⱼ(gⱼ − Σₖ gₖxₖ), then ∂y/∂μ = 1, ∂y/∂σ = ε. The log-ratios are exactly
/// Normal, so E log(xᵢ/x_{K+1}) = μᵢ and Var log(xᵢ/x_{K+1}) = σᵢ²; the mean, variance and
/// entropy of x have no closed form (NaN; estimate them from draws).
///
/// PyTorch's `LogisticNormal` is a different law under the same name, a stick-breaking map
/// x₁ = s(y₁ − log K), x₂ = (1 − x₁) s(y₂ − log(K − 1)), … (s the sigmoid), whose x₁ depends on
/// y₁ alone; this is the textbook additive logistic normal (Aitchison & Shen 1980).
///
///     let d = try LogisticNormal(loc: .parameter([0, 1]), scale: .parameter([1, 0.5]))
///     try d.rsample([1000], using: &stream)    // [1000, 3], rows on the simplex
public struct LogisticNormal: MomentsFromDrawsOnly {
    public let loc: Tensor
    public let scale: Tensor
    public let batchShape: [Int]
    /// K, the Normal's dimension (one less than a draw's).
    let dimension: Int
    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("scale", scale)] }
    public var eventShape: [Int] { [dimension + 1] }
    public var support: Support { .simplex }
    public var reparameterization: Reparameterization { .explicit }

    public static let family = Family(
        constructor: "logistic_normal", name: "LogisticNormal",
        parameters: [.init("loc", .real, meaning: "μ₁…μ_K of the Normal (a vector; each draw has K + 1 coordinates)"),
                     .init("scale", .positive, default: 1, meaning: "σ₁…σ_K > 0 of the Normal (broadcast against loc)")],
        support: .fixed(.simplex), eventShape: .lastAxisPlusOne(of: "loc"), route: .explicit, methods: [],
        summary: "LogisticNormal(loc μ, scale σ): softmax([y, 0]) for y ~ Normal(μ, σ) in ℝᴷ, on the simplex of K + 1 (explicit); "
            + "log(xᵢ/x_{K+1}) ~ Normal(μᵢ, σᵢ); no closed-form mean, variance or entropy (estimate them from draws)",
        formula: "p(x) = Πᵢ φ((log(xᵢ/x_{K+1}) − μᵢ)/σᵢ)/σᵢ / Πⱼ xⱼ on the simplex (i ≤ K, j ≤ K + 1)",
        example: "logistic_normal([0, 1], [1, 0.5])") { inputs in
        try LogisticNormal(loc: inputs[0], scale: inputs[1])
    }

    public init(loc: Tensor, scale: Tensor) throws {
        let name = Self.family.name
        guard loc.rank >= 1 else {
            throw ReparamError.invalidParameter(distribution: name, parameter: "loc", value: "the number \(Validation.format(loc.scalars.first ?? .nan))",
                                                rule: "a vector μ₁…μ_K (K ≥ 1; a draw has K + 1 coordinates), e.g. [0] for draws (x₁, x₂) with x₁ + x₂ = 1")
        }
        // loc and scale broadcast together; the last axis of the result is K, the rest the batch.
        let full = try Self.family.checked([loc, scale])
        self.loc = loc
        self.scale = scale
        dimension = full.last ?? 1
        batchShape = Array(full.dropLast())
    }

    /// softmax([μ + σε, 0]) per row, with ε kept for the backward pass.
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let k = dimension, width = k + 1, rows = Shape.count(shape) / width
        let noise = Kernels.make(rows * k) { stream.fillNormal($0) }
        let x = pushForward(noise, rows: rows)
        let (loc, scale) = (self.loc, self.scale)
        let normalShape = Array(shape.dropLast()) + [k]
        return Tensor.record(shape, x, inputs: [loc, scale]) { g in
            let dx = SoftmaxRows.logitGradient(x, upstream: g.scalars, width: width)
            // ∂L/∂yⱼ for j ≤ K (the appended zero is no parameter's).
            let dy = Kernels.generate(rows * k) { i in dx[(i / k) * width + i % k] }
            let dLoc = loc.requiresGradient ? Tensor(unchecked: normalShape, dy).summed(to: loc.shape) : nil
            let dScale = scale.requiresGradient ? Tensor(unchecked: normalShape, Kernels.zip(dy, noise, Multiply())).summed(to: scale.shape) : nil
            return [dLoc, dScale]
        }
    }

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let rows = Shape.count(shape) / (dimension + 1)
        let noise = Kernels.make(rows * dimension) { stream.fillNormal($0) }
        return Tensor(unchecked: shape, pushForward(noise, rows: rows))
    }

    /// x = softmax([μ + σε, 0]) for each row of K noises: the peak max(0, yⱼ) subtracted before
    /// the exponentials, so no row overflows.
    private func pushForward(_ noise: [Double], rows: Int) -> [Double] {
        let k = dimension, width = k + 1
        let parameterShape = batchShape + [k]
        let μ = Kernels.expand(loc.detached, to: parameterShape), σ = Kernels.expand(scale.detached, to: parameterShape)
        let batchRows = Swift.max(μ.count / k, 1)
        return noise.withUnsafeBufferPointer { e in
            Kernels.make(rows * width) { out in
                let e = SharedBuffer(e), out = SharedBuffer(out)
                Parallel.forEachChunk(count: rows, alignment: 1) { range in
                    for row in range {
                        let p = (row % batchRows) * k, base = row * width
                        var peak = 0.0
                        for j in 0..<k {
                            let y = μ[p + j] + σ[p + j] * e[row * k + j]
                            out[base + j] = y
                            peak = Swift.max(peak, y)
                        }
                        var sum = Foundation.exp(-peak)
                        out[base + k] = sum
                        for j in 0..<k {
                            let term = Foundation.exp(out[base + j] - peak)
                            out[base + j] = term
                            sum += term
                        }
                        let inverse = 1 / sum
                        for j in 0..<width { out[base + j] *= inverse }
                    }
                }
            }
        }
    }

    /// Σᵢ log φ((log(xᵢ/x_{K+1}) − μᵢ)/σᵢ) − Σᵢ log σᵢ − Σⱼ log xⱼ; −∞ for a draw with a
    /// coordinate at 0 (the boundary, where the density vanishes).
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let k = dimension
        return try logDensityInsideSimplex(value) { logX in
            let ratios = try logX.slice(axis: -1, 0..<k).subtracting(logX.slice(axis: -1, k..<(k + 1)))
            let standardized = try ratios.subtracting(loc).dividing(by: scale)
            let normal = try (-0.5 * standardized * standardized - 0.5 * Foundation.log(2 * Double.pi)).subtracting(log(scale)).sum(axis: -1)
            return try normal.subtracting(logX.sum(axis: -1))
        }
    }
}
