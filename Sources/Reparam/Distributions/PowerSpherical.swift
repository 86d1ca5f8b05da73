import Foundation

/// PowerSpherical(mu μ, concentration κ) on the unit sphere S^{d−1} ⊂ ℝᵈ (De Cao & Aziz 2020):
/// density ∝ (1 + μᵀz)^κ around the mean direction μ, a reparameterizable alternative to the
/// von Mises–Fisher distribution that needs no rejection in μ and no Bessel functions.
///
/// `mu` is a direction: any nonzero vector of length d ≥ 2, used as μ̂ = μ/‖μ‖ (so a hand-written
/// `[1, 1, 0]` means the unit vector [1, 1, 0]/√2, and a finite difference in one coordinate stays
/// a valid parameter); gradients with respect to `mu` are those of the normalized direction, tangent
/// to the sphere of radius ‖μ‖. The zero vector has no direction and is refused.
///
/// Sampling, with α = (d−1)/2 + κ and β = (d−1)/2:
///
///     y ~ Beta(β, α)                  (y = (1 − t)/2; implicit gradient in κ through the incomplete beta)
///     t = 1 − 2y,  r = 2√(y(1 − y))    (t = μ̂ᵀz; drawing y rather than 1 − y keeps r's digits at large κ)
///     w = P g/‖P g‖,  P = I − μ̂μ̂ᵀ,  g ~ N(0, I_d)   (uniform on the unit sphere of μ̂⊥)
///     z = t μ̂ + r w
///
/// The paper turns a tangent v uniform on S^{d−2} into w by a Householder reflection taking a
/// pole to μ̂. A reflection from e₁ divides by zero at μ = e₁ (TFP's NaN there); moving the pole to
/// −sign(μ₁) e₁ keeps it finite but makes every draw jump as μ₁ crosses 0 (at μ = [0, 0, 1], say),
/// so a finite difference in μ₁ sees the jump. Projecting an isotropic normal onto μ̂⊥ gives w the
/// same law with no pole at all: each draw, and its gradient in μ, is smooth at every mean
/// direction (one more normal per draw is the price).
///
///     log p(z) = κ log(1 + μ̂ᵀz) − log N(κ, d),   log N = (α+β) log 2 + β log π + log Γ(α) − log Γ(α+β)
///     mean E[t] μ̂,  E[t] = κ/(κ + d − 1)
///     variance Var(t) μ̂ᵢ² + (1 − E[t²])(1 − μ̂ᵢ²)/(d − 1),   Var(t) = 4αβ/((α+β)²(α+β+1))
///     entropy log N − κ (log 2 + ψ(α) − ψ(α+β))   (E log(1 + t) = log 2 + ψ(α) − ψ(α+β))
///
/// A value off the unit sphere (‖z‖ ≠ 1 beyond 1e-8) has log_prob −∞.
///
///     let d = try PowerSpherical(mu: Tensor([0, 0, 1]), concentration: Tensor(10))
///     let z = try d.rsample([1000], using: &stream)   // [1000, 3], every row of unit length
public struct PowerSpherical: Distribution {
    /// The mean direction as given (any nonzero length), [b…, d].
    public let mu: Tensor
    public let concentration: Tensor
    public let batchShape: [Int]
    /// μ̂ = μ/‖μ‖ on the tape of `mu`, [b…, d].
    public let direction: Tensor
    private let d: Int

    public var parameters: [(name: String, value: Tensor)] { [("mu", mu), ("concentration", concentration)] }
    public var eventShape: [Int] { [d] }
    public var support: Support { .unitSphere }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "power_spherical", name: "PowerSpherical",
        parameters: [.init("mu", .real, meaning: "mean direction μ, a nonzero vector of length d ≥ 2 (used as μ/‖μ‖)"),
                     .init("concentration", .positive, default: 1, meaning: "κ > 0; κ → 0 approaches the uniform distribution, large κ concentrates at μ")],
        support: .fixed(.unitSphere), eventShape: .lastAxis(of: "mu"), route: .implicit, methods: [.entropy],
        summary: "PowerSpherical(μ, κ) on the unit sphere, p(z) ∝ (1 + μᵀz)^κ: z = t μ + √(1−t²) w with (1−t)/2 ~ Beta and w uniform "
            + "on μ⊥; explicit and smooth in μ at every direction, implicit in κ through the Beta draw",
        formula: "p(z) = (1 + μᵀz)^κ / (2^(α+β) π^β Γ(α)/Γ(α+β)),  α = (d−1)/2 + κ,  β = (d−1)/2",
        example: "power_spherical([0, 0, 1], 10)") { inputs in
        try PowerSpherical(mu: inputs[0], concentration: inputs[1])
    }

    public init(mu: Tensor, concentration: Tensor) throws {
        let name = Self.family.name
        guard mu.rank >= 1, mu.shape[mu.rank - 1] >= 2 else {
            throw ReparamError.invalidParameter(distribution: name, parameter: "mu", value: "shape \(mu.shape)",
                                                rule: "a vector of d ≥ 2 values (shape [..., d]): a direction in ℝᵈ, d ≥ 2")
        }
        try Constraint.real.check(name, "mu", mu)
        try Constraint.positive.check(name, "concentration", concentration)
        guard concentration.count > 0 else {
            throw ReparamError.invalidParameter(distribution: name, parameter: "concentration", value: "shape \(concentration.shape), no values",
                                                rule: "a number or a tensor with at least one value")
        }
        let d = mu.shape[mu.rank - 1], rows = mu.count / d
        for row in 0..<rows {
            let norm = (0..<d).reduce(0.0) { $0 + mu.scalars[row * d + $1] * mu.scalars[row * d + $1] }.squareRoot()
            guard norm > 0, norm.isFinite else {
                throw ReparamError.invalidParameter(distribution: name, parameter: "mu",
                                                    value: (norm == 0 ? "the zero vector" : "a vector of infinite length") + (rows > 1 ? " at row \(row)" : ""),
                                                    rule: "a nonzero vector of finite length (it is normalized to the mean direction μ/‖μ‖)")
            }
        }
        do {
            batchShape = try Shape.broadcast(Array(mu.shape.dropLast()), concentration.shape)
        } catch {
            throw ReparamError.shape("\(name): mu's batch shape \(Array(mu.shape.dropLast())) does not broadcast with concentration's \(concentration.shape) "
                                     + "(mu is [..., d])")
        }
        self.mu = mu
        self.concentration = concentration
        self.d = d
        direction = try mu.dividing(by: sqrt((mu * mu).sum(axis: -1)).unsqueezed(mu.rank - 1))
    }

    /// (d − 1)/2.
    private var halfDegrees: Double { Double(d - 1) / 2 }

    /// y = (1 − t)/2 ~ Beta((d−1)/2, (d−1)/2 + κ), over the batch.
    private var complementBeta: Beta {
        get throws {
            let b = try concentration.adding(Tensor(halfDegrees)).broadcast(to: batchShape)
            return try Beta(a: Tensor(repeating: halfDegrees, shape: batchShape), b: b)
        }
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        try place(complementBeta.rsample(sampleShape, using: &stream), sampleShape, using: &stream)
    }

    /// The same construction with each y = F⁻¹(u) of its Beta for fresh uniforms u, so a finite
    /// difference in κ moves every draw smoothly (gradcheck's common random numbers; the Beta's
    /// Gamma rejection sampler would change its accept pattern).
    public func rsampleByInversion(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = sampleShape + batchShape
        let u = Tensor(unchecked: shape, stream.uniform(count: Shape.count(shape)))
        return try place(complementBeta.icdf(u), sampleShape, using: &stream)
    }

    /// z = t μ̂ + r w for y = (1 − t)/2 of shape [sample…, batch…] and w the unit tangent
    /// (g − (μ̂ᵀg) μ̂)/‖g − (μ̂ᵀg) μ̂‖ of fresh standard normals g ∈ ℝᵈ.
    private func place(_ y: Tensor, _ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let axis = shape.count - 1
        let g = Tensor(unchecked: shape, stream.normal(count: Shape.count(shape)))
        let projected = try g.subtracting((g * direction).sum(axis: -1).unsqueezed(axis).multiplying(direction))
        let w = try projected.dividing(by: sqrt((projected * projected).sum(axis: -1)).unsqueezed(axis))
        let t = 1 - y * 2, r = sqrt(y * (1 - y)) * 2
        return try t.unsqueezed(axis).multiplying(direction).adding(r.unsqueezed(axis).multiplying(w))
    }

    /// log N(κ, d) = (α+β) log 2 + β log π + log Γ(α) − log Γ(α+β): the log normalizer, over the batch.
    public var logNormalizer: Tensor {
        get throws { try logScaledNormalizer.adding(concentration * Foundation.log(2.0)).broadcast(to: batchShape) }
    }

    /// log N − κ log 2 = 2β log 2 + β log π + log Γ(α) − log Γ(α+β), formed without κ log 2, which
    /// log p and the entropy would subtract again (at κ = 10⁴ it is 6931 against a result near 1).
    private var logScaledNormalizer: Tensor {
        get throws {
            let β = halfDegrees, (α, total) = shapes
            return try lgamma(α).subtracting(lgamma(total)).adding(Tensor(2 * β * Foundation.log(2.0) + β * Foundation.log(Double.pi)))
        }
    }

    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let d = self.d, rows = value.count / d
        let lead = Array(value.shape.dropLast())
        // Rows off the sphere get −∞; they are evaluated at the pole e₁ meanwhile.
        var x = value.scalars, inside = [Double](repeating: 1, count: rows)
        for row in 0..<rows {
            let norm = (0..<d).reduce(0.0) { $0 + x[row * d + $1] * x[row * d + $1] }.squareRoot()
            if !(Swift.abs(norm - 1) <= 1e-8) {
                inside[row] = 0
                for j in 0..<d { x[row * d + j] = j == 0 ? 1 : 0 }
            }
        }
        let safe = inside.contains(0) ? try `where`(Tensor(unchecked: lead + [1], inside), value, Tensor(unchecked: value.shape, x)) : value
        // 1 + μ̂ᵀz ≥ 0 on the sphere; rounding may leave −1e-17 at the antipode, where the density is 0 (κ > 0).
        let cosine = try (safe.multiplying(direction)).sum(axis: -1)
        // κ log(1 + μ̂ᵀz) − log N = κ log((1 + μ̂ᵀz)/2) − (log N − κ log 2).
        let body = try concentration.multiplying(log(clamp(cosine + 1, min: 0, max: 2) * 0.5)).subtracting(logScaledNormalizer)
        return try `where`(Tensor(unchecked: lead, inside), body, Tensor(-.infinity))
    }

    /// α = (d−1)/2 + κ and α + β over the batch.
    private var shapes: (α: Tensor, total: Tensor) {
        let α = concentration + halfDegrees
        return (α, α + halfDegrees)
    }

    /// E[t] = κ/(κ + d − 1), over the batch.
    private var meanCosine: Tensor { concentration / (concentration + Double(d - 1)) }

    public func computeEntropy() throws -> Tensor {
        let (α, total) = shapes
        return try logScaledNormalizer.subtracting(concentration.multiplying(digamma(α) - digamma(total))).broadcast(to: batchShape)
    }

    /// E[t] μ̂, spread to batch + event shape.
    public var mean: Tensor {
        (try? meanCosine.unsqueezed(concentration.rank).multiplying(direction).broadcast(to: batchShape + eventShape))
            ?? Tensor(repeating: .nan, shape: batchShape + eventShape)
    }

    /// The diagonal of Cov z = Var(t) μ̂μ̂ᵀ + (1 − E[t²])/(d − 1) (I − μ̂μ̂ᵀ).
    public var variance: Tensor {
        let (α, total) = shapes, β = halfDegrees
        let varianceT = α * (4 * β) / (total * total * (total + 1))
        let meanT = meanCosine
        let spread = (1 - varianceT - meanT * meanT) / Double(d - 1)
        let axis = concentration.rank
        let squared = direction * direction
        return (try? varianceT.unsqueezed(axis).multiplying(squared).adding(spread.unsqueezed(axis).multiplying(1 - squared))
            .broadcast(to: batchShape + eventShape)) ?? Tensor(repeating: .nan, shape: batchShape + eventShape)
    }
}
