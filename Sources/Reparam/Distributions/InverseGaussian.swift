import Foundation

/// InverseGaussian(loc μ, concentration λ) (the Wald distribution; scipy's `invgauss(μ/λ, scale=λ)`):
///
///     p(z) = √(λ/(2πz³)) exp(−λ(z−μ)²/(2μ²z)),   F(z) = Φ(a) + e^{2λ/μ} Φ(−b)
///
/// on z > 0, with a = √(λ/z)(z/μ − 1), b = √(λ/z)(z/μ + 1). The second term is formed as
/// exp(2λ/μ + log Φ(−b)) with the engine's stable log Φ, so it neither overflows nor underflows;
/// above μ the survival function is computed instead (`survival(at:parameters:)`: Φ(−a) − e^{2λ/μ}Φ(−b)
/// where that does not cancel, an erfcx difference as one positive integral where it does), so the
/// upper tail keeps its digits however far out.
///
/// Sampling: Michael–Schucany–Haas (a root of the χ²₁ transform, chosen by a uniform), with the
/// smaller root written μ/(1 + φ/2 + √(φ + φ²/4)), φ = μν²/λ, free of cancellation. Gradients:
/// implicit, dz/dθ = −(∂F/∂θ)/p(z) with ∂F/∂θ from dual numbers through F.
/// Mean μ, variance μ³/λ; entropy ½ log(2π/λ) + ½ + (3/2)(log μ − e^{2λ/μ}E₁(2λ/μ)).
///
///     let d = try InverseGaussian(loc: .parameter(1), concentration: .parameter(2))
public struct InverseGaussian: UnivariateCDFFamily {
    public let loc: Tensor
    public let concentration: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("concentration", concentration)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "inverse_gaussian", name: "InverseGaussian",
        parameters: [.init("loc", .positive, meaning: "the mean μ > 0"),
                     .init("concentration", .positive, default: 1, meaning: "shape λ > 0; the variance is μ³/λ")],
        support: .fixed(.positive), route: .implicit,
        summary: "InverseGaussian(loc μ, concentration λ), the Wald law; Michael–Schucany–Haas draws, implicit gradients through a stable log Φ",
        formula: "F(z) = Φ(√(λ/z)(z/μ−1)) + e^(2λ/μ) Φ(−√(λ/z)(z/μ+1)) on z > 0", example: "inverse_gaussian(1, 2)") { inputs in
        try InverseGaussian(loc: inputs[0], concentration: inputs[1])
    }

    public init(loc: Tensor, concentration: Tensor) throws {
        batchShape = try Self.family.checked([loc, concentration])
        self.loc = loc
        self.concentration = concentration
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let means = Kernels.expand(loc, to: batchShape), shapes = Kernels.expand(concentration, to: batchShape)
        let batch = means.count
        let values = Kernels.make(Shape.count(shape)) { out in
            stream.fillEach(out) { random, i in
                let mu = means[i % batch], lambda = shapes[i % batch]
                let normal = random.normal()
                let phi = mu * normal * normal / lambda
                let smaller = mu / (1 + 0.5 * phi + (phi + 0.25 * phi * phi).squareRoot())
                return random.uniform() * (mu + smaller) <= mu ? smaller : mu * mu / smaller
            }
        }
        return implicitlyReparameterized(Tensor(unchecked: shape, values))
    }

    /// ½ log(λ/2π) − (3/2) log z − λ(z−μ)²/(2μ²z) for z > 0; −∞ elsewhere.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let positive = try value.compared(.greater, Tensor(0))
        let safe = try `where`(positive, value, Tensor(1))
        let deviation = try safe.subtracting(loc)
        let body = try (0.5 * log(concentration / (2 * Double.pi))).subtracting(1.5 * log(safe))
            .subtracting(concentration.multiplying(deviation * deviation).dividing(by: 2 * loc * loc * safe))
        return try `where`(positive, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// Φ(a) + e^{2λ/μ}Φ(−b) up to μ, 1 − `survival(at:parameters:)` above.
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        if z.value <= 0 { return T(0) }
        if z.value == .infinity { return T(1) }
        if z.value > θ[0].value { return 1 - survival(at: z, parameters: θ) }
        let (mu, lambda) = (θ[0], θ[1])
        let root = sqrt(lambda / z)
        let a = root * (z / mu - 1), b = root * (z / mu + 1)
        return standardNormalCDF(a) + exp(2 * lambda / mu + standardNormalLogCDF(-b))
    }

    /// 1 − F(z) for z > μ, accurate in relative terms however far out (its digits survive in the
    /// dual parts of `cdf` and in the quantile's upper side).
    ///
    /// Φ(−a) − e^{2λ/μ}Φ(−b) is used while the second term is below 0.9 of the first (at most one digit
    /// lost; the integral below costs 2.5 µs and halved rsample+backward at μ = 1, λ = 2 when it took
    /// over from ½); beyond, the two cancel (their ratio tends to (z − μ)/(z + μ), and log10(z/μ)
    /// digits were lost). There, with
    /// Φ(−x) = ½ e^{−x²/2} erfcx(x/√2) and b² − a² = 4λ/μ, the e^{2λ/μ} cancels exactly:
    ///
    ///     1 − F(z) = ½ e^{−a²/2} (erfcx(t) − erfcx(t + δ)),   t = a/√2, δ = (b − a)/√2,
    ///     erfcx(t) − erfcx(t + δ) = (2/√π) ∫₀^∞ e^{−s² − 2ts} (1 − e^{−2δs}) ds,
    ///
    /// an integral of a positive function, taken by Gauss–Legendre on panels doubling from
    /// h = 1/(2t + 2) until s² + 2ts > 60.
    ///
    ///     InverseGaussian survival at z = 1e6, μ = 1, λ = 2:  3.1e-434 would underflow; at z = 300: 1.9e-132
    func survival<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        let (mu, lambda) = (θ[0], θ[1])
        let root = sqrt(lambda / z)
        let a = root * (z / mu - 1), b = root * (z / mu + 1)
        let direct = standardNormalCDF(-a), reflected = exp(2 * lambda / mu + standardNormalLogCDF(-b))
        if reflected.value <= 0.9 * direct.value { return direct - reflected }
        let t = a * T(0.5.squareRoot()), delta = 2 * root * T(0.5.squareRoot())
        let rule = GaussianQuadrature.legendre
        var integral: T = 0
        var start = 0.0, width = 1 / (2 * t.value + 2)
        while start * start + 2 * t.value * start <= 60 {
            let middle = start + 0.5 * width
            for (node, weight) in zip(rule.nodes, rule.weights) {
                let s = middle + 0.5 * width * node
                integral = integral + T(0.5 * width * weight) * exp(T(-s * s) - T(2 * s) * t) * -expm1(T(-2 * s) * delta)
            }
            start += width
            width *= 2
        }
        return exp(-0.5 * a * a) * integral / T(Double.pi.squareRoot())
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let (mu, lambda) = (θ[0], θ[1])
        return 0.5 * Foundation.log(lambda / (2 * Double.pi)) - 1.5 * Foundation.log(z) - lambda * (z - mu) * (z - mu) / (2 * mu * mu * z)
    }

    /// F⁻¹(u) by safeguarded Newton in log z (on F below the median, on −(1 − F) above), then the implicit rule.
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        try quantileThroughImplicitRule(probability) { u, θ in
            guard u > 0 else { return u == 0 ? 0 : .nan }
            guard u < 1 else { return u == 1 ? .infinity : .nan }
            let upper = u > 0.5
            let target = upper ? -(1 - u) : u
            func evaluate(_ t: Double) -> (cdf: Double, density: Double) {
                let z = Foundation.exp(t)
                let density = Foundation.exp(self.logDensity(at: z, parameters: θ) + t)
                if upper { return (z > θ[0] ? -self.survival(at: z, parameters: θ) : self.cdf(at: z, parameters: θ) - 1, density) }
                return (self.cdf(at: z, parameters: θ), density)
            }
            var lo = Foundation.log(θ[0]) - 1, hi = Foundation.log(θ[0]) + 1
            while evaluate(lo).cdf > target && lo > -745 { lo = 2 * lo - hi }
            while evaluate(hi).cdf < target && hi < 709 { hi = 2 * hi - lo }
            return Foundation.exp(SafeguardedInversion.solve(target, lo: lo, hi: hi, evaluate: evaluate))
        }
    }

    /// μ.
    public var mean: Tensor { batched(loc) }
    /// μ³/λ.
    public var variance: Tensor { batched(loc * loc * loc / concentration) }
    /// ½ log(2π/λ) + ½ + (3/2)(log μ − e^{2λ/μ}E₁(2λ/μ)).
    public func computeEntropy() -> Tensor {
        let logMean = try? Tensor.dualElementwise([loc, concentration]) { v in
            log(v[0]) - scaledExponentialIntegral(2 * v[1] / v[0])
        }
        guard let logMean else { return Tensor(repeating: .nan, shape: batchShape) }
        return batched(0.5 * (Foundation.log(2 * Double.pi) + 1) - 0.5 * log(concentration) + 1.5 * logMean)
    }
}
