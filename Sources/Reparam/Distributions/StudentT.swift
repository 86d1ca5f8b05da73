import Foundation

/// Student-t(df ν, loc μ, scale σ): z = μ + σt with t a standard Student-t.
///
/// Sampling: t = ε / √(V/ν), ε ~ N(0, 1), V ~ χ²(ν) = 2·Gamma(ν/2, 1).
/// Gradients: implicit in ν through the CDF of t, explicit in μ and σ:
///
///     dz/dν = σ · (−(∂F/∂ν)(t; ν) / p(t; ν)),   dz/dμ = 1,   dz/dσ = t
///
/// Draws beyond the largest double: for small ν the law's tails are so heavy
/// that |t| > 1.8e308 happens (P = 8e-4 per draw at ν = 0.01); such a draw
/// (or quantile) is ±∞, and its dz/dν, dz/dσ and dz/du are 0 (the exact ones
/// are infinite), so the rest of the batch keeps its exact gradients.
public struct StudentT: UnivariateCDFFamily {
    public let df: Tensor
    public let loc: Tensor
    public let scale: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("df", df), ("loc", loc), ("scale", scale)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .real }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "student_t", name: "StudentT",
        parameters: [.init("df", .positive, meaning: "degrees of freedom ν > 0 (heavier tails as ν falls)")]
            + Normal.locationScaleParameters(scale: "σ > 0; the standard deviation is σ√(ν/(ν−2)) for ν > 2"),
        support: .fixed(.real), route: .implicit,
        summary: "Student-t(df ν, loc, scale); implicit in ν through the t CDF, explicit in loc and scale; "
            + "a draw beyond the largest double (ν ≲ 0.02: 8e-4 of draws at ν = 0.01) is ±inf, with gradient 0 so the rest of the batch stays exact",
        formula: "p(z) ∝ (1 + ((z−μ)/σ)²/ν)^(−(ν+1)/2)", example: "student_t(4, 0, 1)") { inputs in
        try StudentT(df: inputs[0], loc: inputs[1], scale: inputs[2])
    }

    public init(df: Tensor, loc: Tensor = Tensor(0), scale: Tensor = Tensor(1)) throws {
        batchShape = try Self.family.checked([df, loc, scale])
        try Validation.checkHalvable("StudentT", "df", df)
        self.df = df
        self.loc = loc
        self.scale = scale
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let count = Shape.count(shape)
        let nus = Kernels.expand(df, to: batchShape), locs = Kernels.expand(loc, to: batchShape), scales = Kernels.expand(scale, to: batchShape)
        let batch = nus.count
        let standard = StudentTDraws.standard(count: count, df: nus, using: &stream)
        // With loc 0 and scale 1 (one value each) the draws are the samples (no copy).
        let isStandard = locs.count == 1 && scales.count == 1 && locs[0] == 0 && scales[0] == 1
        let values = isStandard ? standard : Kernels.generate(count) { i in locs[i % batch] + scales[i % batch] * standard[i] }
        let df = self.df, loc = self.loc, scale = self.scale
        return Tensor.record(shape, values, inputs: [df, loc, scale], acceptsBroadcastGradient: true) { g in
            var result: [Tensor?] = [nil, nil, nil]
            // A one-number upstream gradient (a sum or mean) is not expanded to one per sample.
            let upstream = g.count == 1 ? nil : g.expanded(to: shape).scalars
            if df.requiresGradient {
                let dt = try ParameterBatches.derivatives(samples: standard, parameters: [nus]) { p, t, out in
                    try studentTImplicitDerivatives(df: p[0], samples: t, derivatives: out)
                } perElement: { p, t, out in
                    try studentTImplicitDerivatives(df: p[0], samples: t, derivatives: out)
                }
                // dz/dν = σ dt/dν, times the upstream gradient.
                let s = g.scalars[0]
                let terms = if let upstream { Kernels.generate(count) { i in upstream[i] * scales[i % batch] * dt[i] } }
                    else if isStandard && s == 1 { dt }
                    else { Kernels.generate(count) { i in s * scales[i % batch] * dt[i] } }
                result[0] = Tensor(unchecked: shape, terms).summed(to: df.shape)
            }
            if loc.requiresGradient { result[1] = g.expanded(to: shape).summed(to: loc.shape) }
            if scale.requiresGradient {
                let s = g.scalars[0]
                let terms = upstream.map { u in Kernels.zip(u, standard) { g, t in t.isFinite ? g * t : 0 } }
                    ?? Kernels.map(standard) { t in t.isFinite ? s * t : 0 }
                result[2] = Tensor(unchecked: shape, terms).summed(to: scale.shape)
            }
            return result
        }
    }

    /// log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − (ν+1)/2 · log(1 + y²/ν), y = (z−μ)/σ.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let y = try value.subtracting(loc).dividing(by: scale)
        let normalizer = lgamma((df + 1) * 0.5) - lgamma(df * 0.5) - 0.5 * log(df * Double.pi) - log(scale)
        return try normalizer.subtracting((df + 1) * 0.5 * log1p(y * y / df))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }
    /// z = μ + σ·T⁻¹(u; ν), with dz/dν = σ·dt/dν (implicit), dz/dμ = 1, dz/dσ = t, dz/du = 1/p(z).
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(probability.shape, batchShape)
        let u = Kernels.expand(probability, to: shape)
        let nus = Kernels.expand(df, to: batchShape), locs = Kernels.expand(loc, to: batchShape), scales = Kernels.expand(scale, to: batchShape)
        let batch = nus.count
        let t = try u.indices.map { i -> Double in
            // Below df = 1e-300 every quantile but the median is already ±∞ in double precision
            // (|t_p| grows as df falls), and the incomplete beta's series crawls at a subnormal a.
            let df = nus[i % batch]
            if df < 1e-300 && u[i] != 0.5 { return u[i] < 0.5 ? -.infinity : .infinity }
            return try inverseStudentTCDF(p: u[i], df: df)
        }
        let z = Kernels.generate(u.count) { i in locs[i % batch] + scales[i % batch] * t[i] }
        let inverseDensity = Kernels.generate(u.count) { i in
            // A quantile beyond the largest double gets dz/du = 0 (see the type's documentation).
            z[i].isFinite ? Foundation.exp(-logDensity(at: z[i], parameters: [nus[i % batch], locs[i % batch], scales[i % batch]])) : 0
        }
        return ImplicitGradient.quantiles(Tensor(unchecked: shape, z), probability: probability, inverseDensity: inverseDensity,
                                          parameters: [df, loc, scale]) { k in
            switch k {
            case 0:
                let dt = try ParameterBatches.derivatives(samples: t, parameters: [nus]) { p, t, out in
                    try studentTImplicitDerivatives(df: p[0], samples: t, derivatives: out)
                } perElement: { p, t, out in
                    try studentTImplicitDerivatives(df: p[0], samples: t, derivatives: out)
                }
                return Kernels.generate(t.count) { i in scales[i % batch] * dt[i] }
            case 1: return [Double](repeating: 1, count: t.count)
            default: return t.map { $0.isFinite ? $0 : 0 }
            }
        }
    }

    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T { studentTCDF((z - θ[1]) / θ[2], df: θ[0]) }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        let (nu, y) = (θ[0], (z - θ[1]) / θ[2])
        return logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Foundation.log(nu * Double.pi) - Foundation.log(θ[2])
            - (nu + 1) / 2 * Foundation.log1p(y * y / nu)
    }

    /// μ for ν > 1, undefined (NaN) otherwise.
    public var mean: Tensor {
        batched(select(df.compared(.greater, 1), loc, Tensor(.nan)))
    }
    /// σ²ν/(ν−2) for ν > 2, ∞ for 1 < ν ≤ 2, NaN for ν ≤ 1.
    public var variance: Tensor {
        let finite = scale * scale * df / (df - 2)
        let heavy = select(df.compared(.greater, 1), Tensor(.infinity), Tensor(.nan))
        return batched(select(df.compared(.greater, 2), finite, heavy))
    }
    /// (ν+1)/2 (ψ((ν+1)/2) − ψ(ν/2)) + ½ log ν + log B(ν/2, ½) + log σ (`standardEntropy`).
    public func computeEntropy() throws -> Tensor {
        batched(try Tensor.dualElementwise([df]) { v in Self.standardEntropy(v[0]) } + log(scale))
    }

    /// The entropy of StudentT(ν, 0, 1) with a = ν/2: (a + ½)(ψ(a + ½) − ψ(a)) + ½ log ν + log Γ(½)
    /// − (log Γ(a + ½) − log Γ(a)), the ψ and log Γ differences each formed without cancelling two
    /// values of size log a (`digammaHalfStep`, `logGammaDifference`; the plain form lost ε·ν:
    /// 5e-4 at ν = 1e12).
    ///
    /// Its slope, dH/dν = ½((a + ½)D′(a) + 1/(2a)) with D(a) = ψ(a + ½) − ψ(a), is O(1/ν²) while its
    /// terms are O(1/ν); from a = 8 on it comes from D's series D = 1/(2a) + Σ cⱼ/a²ʲ
    /// (`digammaHalfStep`) with the 1/(2a) parts cancelled by hand:
    /// (a + ½)D′ + 1/(2a) = −1/(4a²) − Σ 2j cⱼ (1/a²ʲ + 1/(2a²ʲ⁺¹)).
    static func standardEntropy<T: RealScalar>(_ df: T) -> T {
        let a = 0.5 * df.value
        let value = (a + 0.5) * digammaHalfStep(a) + 0.5 * Foundation.log(df.value) + logGamma(0.5) - logGammaDifference(a, 0.5)
        guard T.carriesDerivatives else { return df.lift(value: value, derivative: 0) }
        let slope: Double
        if a >= 8 {
            let r = 1 / a, r2 = r * r
            var sum = -0.25 * r2, power = r2
            for (j, c) in DigammaHalfStepTable.asymptotic.enumerated() {
                sum -= 2 * Double(j + 1) * c * power * (1 + 0.5 * r)
                power *= r2
            }
            slope = sum
        } else {
            slope = (a + 0.5) * (trigamma(a + 0.5) - trigamma(a)) + 0.5 / a
        }
        return df.lift(value: value, derivative: 0.5 * slope)
    }
}
