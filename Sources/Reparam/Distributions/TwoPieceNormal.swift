import Foundation

/// TwoPieceNormal(loc μ, lower_scale σ₁, upper_scale σ₂): a normal with scale σ₁ left of its mode μ
/// and σ₂ right of it, joined continuously (Gibbons & Mylroie 1973; the "split normal"):
///
///     p(z) = √(2/π)/(σ₁+σ₂) · exp(−(z−μ)²/(2σ²)),  σ = σ₁ below μ, σ₂ above
///     F(z) = 2σ₁/(σ₁+σ₂) Φ((z−μ)/σ₁) below μ,  1 − 2σ₂/(σ₁+σ₂) Φ(−(z−μ)/σ₂) above
///
/// Sampling: the side is a Bernoulli(σ₂/(σ₁+σ₂)) choice, then z = μ ∓ σ|ε|; the choice has no
/// pathwise derivative, so gradients are implicit through F, dz/dθ = −(∂F/∂θ)/p(z): in closed form
/// for `rsample` (`scaleDerivatives`), on dual numbers for `icdf`.
/// Mean μ + √(2/π)(σ₂ − σ₁), variance (1 − 2/π)(σ₂ − σ₁)² + σ₁σ₂, entropy log((σ₁+σ₂)√(π/2)) + ½.
///
///     let d = try TwoPieceNormal(loc: .parameter(0), lowerScale: .parameter(1), upperScale: .parameter(3))
public struct TwoPieceNormal: UnivariateCDFFamily {
    public let loc: Tensor
    public let lowerScale: Tensor
    public let upperScale: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("lower_scale", lowerScale), ("upper_scale", upperScale)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .real }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "two_piece_normal", name: "TwoPieceNormal",
        parameters: [.init("loc", .real, default: 0, meaning: "the mode μ"),
                     .init("lower_scale", .positive, default: 1, meaning: "σ₁ > 0 left of the mode"),
                     .init("upper_scale", .positive, default: 1, meaning: "σ₂ > 0 right of the mode")],
        support: .fixed(.real), route: .implicit,
        summary: "TwoPieceNormal(loc μ, lower_scale σ₁, upper_scale σ₂), a split normal; the side is a coin flip, so gradients are implicit",
        formula: "p(z) = √(2/π)/(σ₁+σ₂) · exp(−(z−μ)²/(2σ²)), σ = σ₁ below μ, σ₂ above", example: "two_piece_normal(0, 1, 3)") { inputs in
        try TwoPieceNormal(loc: inputs[0], lowerScale: inputs[1], upperScale: inputs[2])
    }

    public init(loc: Tensor, lowerScale: Tensor, upperScale: Tensor) throws {
        batchShape = try Self.family.checked([loc, lowerScale, upperScale])
        self.loc = loc
        self.lowerScale = lowerScale
        self.upperScale = upperScale
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let locs = Kernels.expand(loc, to: batchShape), lows = Kernels.expand(lowerScale, to: batchShape), highs = Kernels.expand(upperScale, to: batchShape)
        let batch = locs.count
        // The signed standardized draw y: −|ε| on the lower side, |ε| on the upper; z = μ + σ y.
        let standardized = Kernels.make(Shape.count(shape)) { out in
            stream.fillEach(out) { random, i in
                let b = i % batch
                let magnitude = Swift.abs(random.normal())
                return random.uniform() * (lows[b] + highs[b]) < lows[b] ? -magnitude : magnitude
            }
        }
        let values = Kernels.generate(standardized.count) { i in
            let b = i % batch, y = standardized[i]
            return locs[b] + (y < 0 ? lows[b] : highs[b]) * y
        }
        let loc = self.loc, lowerScale = self.lowerScale, upperScale = self.upperScale
        return Tensor.record(shape, values, inputs: [loc, lowerScale, upperScale]) { g in
            guard lowerScale.requiresGradient || upperScale.requiresGradient else {
                return [loc.requiresGradient ? g.summed(to: loc.shape) : nil, nil, nil]
            }
            let derivatives = Self.scaleDerivatives(standardized, lows, highs)
            func reduce(_ d: [Double], to target: [Int]) -> Tensor {
                Tensor(unchecked: shape, Kernels.zip(g.scalars, d, Multiply())).summed(to: target)
            }
            return [loc.requiresGradient ? g.summed(to: loc.shape) : nil,
                    lowerScale.requiresGradient ? reduce(derivatives.lower, to: lowerScale.shape) : nil,
                    upperScale.requiresGradient ? reduce(derivatives.upper, to: upperScale.shape) : nil]
        }
    }

    /// dz/dσ₁ and dz/dσ₂ of the implicit rule in closed form, from the signed standardized draws y
    /// (dz/dμ = 1). With s = σ₁ + σ₂ and R(t) = Φ(t)/φ(t) the Mills ratio, below the mode (y < 0)
    ///
    ///     dz/dσ₁ = y − σ₂R(y)/s,   dz/dσ₂ = σ₁R(y)/s,
    ///
    /// and above it (y ≥ 0) dz/dσ₁ = −σ₂R(−y)/s, dz/dσ₂ = y + σ₁R(−y)/s: each a sum of terms of one
    /// sign, continuous at y = 0, and R(−|y|) never underflows, so the far tails keep their digits.
    static func scaleDerivatives(_ y: [Double], _ lows: [Double], _ highs: [Double]) -> (lower: [Double], upper: [Double]) {
        let batch = lows.count
        let ratios = Kernels.generate(y.count) { i in
            let b = i % batch
            return millsRatio(-Swift.abs(y[i])) / (lows[b] + highs[b])
        }
        let lower = Kernels.generate(y.count) { i in
            let b = i % batch
            return (y[i] < 0 ? y[i] : 0) - highs[b] * ratios[i]
        }
        let upper = Kernels.generate(y.count) { i in
            let b = i % batch
            return (y[i] < 0 ? 0 : y[i]) + lows[b] * ratios[i]
        }
        return (lower, upper)
    }

    /// ½ log(2/π) − log(σ₁+σ₂) − (z−μ)²/(2σ²) with σ the scale of z's side.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let deviation = try value.subtracting(loc)
        let below = try deviation.compared(.less, Tensor(0))
        let side = try `where`(below, batched(lowerScale), batched(upperScale))
        let standardized = try deviation.dividing(by: side)
        return try (0.5 * Foundation.log(2 / Double.pi) - log(lowerScale + upperScale)).subtracting(0.5 * standardized * standardized)
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        let (mu, low, high) = (θ[0], θ[1], θ[2])
        let total = low + high
        return z.value < mu.value ? 2 * low / total * standardNormalCDF((z - mu) / low) : 1 - 2 * high / total * standardNormalCDF((mu - z) / high)
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let (mu, low, high) = (θ[0], θ[1], θ[2])
        let y = (z - mu) / (z < mu ? low : high)
        return 0.5 * Foundation.log(2 / Double.pi) - Foundation.log(low + high) - 0.5 * y * y
    }

    /// μ + σ₁Φ⁻¹(u(σ₁+σ₂)/(2σ₁)) below the mode's mass σ₁/(σ₁+σ₂), μ − σ₂Φ⁻¹((1−u)(σ₁+σ₂)/(2σ₂)) above.
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        try quantileThroughImplicitRule(probability) { u, θ in
            let (mu, low, high) = (θ[0], θ[1], θ[2])
            guard u >= 0, u <= 1 else { return .nan }
            let total = low + high
            return u * total < low ? mu + low * standardNormalQuantile(u * total / (2 * low)) : mu - high * standardNormalQuantile((1 - u) * total / (2 * high))
        }
    }

    /// μ + √(2/π)(σ₂ − σ₁).
    public var mean: Tensor { batched(loc + (2 / Double.pi).squareRoot() * (upperScale - lowerScale)) }
    /// (1 − 2/π)(σ₂ − σ₁)² + σ₁σ₂.
    public var variance: Tensor {
        let gap = upperScale - lowerScale
        return batched((1 - 2 / Double.pi) * gap * gap + lowerScale * upperScale)
    }
    /// log((σ₁+σ₂)√(π/2)) + ½.
    public func computeEntropy() -> Tensor { batched(log(lowerScale + upperScale) + 0.5 * Foundation.log(Double.pi / 2) + 0.5) }
}
