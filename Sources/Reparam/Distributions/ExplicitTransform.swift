import Foundation

/// The fixed law ε that an explicitly reparameterized family pushes through z = g(ε; θ).
///
/// Each law draws from the stream and has a quantile function accurate in both tails,
/// so `icdf(u)` = g(G⁻¹(u); θ) keeps the digits of small u and of 1 − u:
///
///     StandardNoise.exponential.quantile(1e-20)   // 1e-20 (−log1p(−u), not −log(1 − u))
public enum StandardNoise: Sendable {
    /// U ~ Uniform(0, 1).
    case uniform
    /// E ~ Exponential(1), G⁻¹(u) = −log(1 − u).
    case exponential
    /// ε ~ Normal(0, 1), G⁻¹(u) = Φ⁻¹(u).
    case normal
    /// |ε| with ε ~ Normal(0, 1), G⁻¹(u) = √2 erf⁻¹(u).
    case halfNormal

    func fill(_ out: UnsafeMutableBufferPointer<Double>, using stream: inout RandomStream) {
        switch self {
        case .uniform: stream.fillUniform(out)
        case .exponential: stream.fillExponential(out)
        case .normal: stream.fillNormal(out)
        case .halfNormal:
            stream.fillNormal(out)
            let out = SharedBuffer(out)
            Parallel.forEachChunk(count: out.count) { range in
                for i in range { out[i] = Swift.abs(out[i]) }
            }
        }
    }

    /// G⁻¹(u); nan outside [0, 1].
    func quantile(_ u: Double) -> Double {
        guard u >= 0, u <= 1 else { return .nan }
        switch self {
        case .uniform: return u
        case .exponential: return -Foundation.log1p(-u)
        case .normal: return standardNormalQuantile(u)
        case .halfNormal: return halfNormalQuantile(u)
        }
    }
}

/// ε ≥ 0 with erf(ε/√2) = u: above ½ from the upper tail, −Φ⁻¹((1 − u)/2) with (1 − u)/2 exact;
/// below, Newton on erf from the small-u slope √(π/2)·u, which keeps u's relative digits.
func halfNormalQuantile(_ u: Double) -> Double {
    if u > 0.5 { return -standardNormalQuantile(0.5 * (1 - u)) }
    if u == 0 { return 0 }
    var z = u < 1e-3 ? (0.5 * Double.pi).squareRoot() * u : standardNormalQuantile(0.5 + 0.5 * u)
    for _ in 0..<6 {
        let step = (Foundation.erf(z / 2.0.squareRoot()) - u) / ((2 / Double.pi).squareRoot() * Foundation.exp(-0.5 * z * z))
        z -= step
        if Swift.abs(step) <= 1e-17 * z { break }
    }
    return z
}

/// A univariate family sampled as z = g(ε; θ) with ε from a `StandardNoise` and g increasing in ε.
///
/// The family states g and its partial derivatives once; `rsample` (explicit, ∂z/∂θ = ∂g/∂θ at the
/// drawn ε) and `icdf` (z = g(G⁻¹(u); θ), the same partials at fixed u, dz/du = 1/p(z)) follow.
/// Weibull, for instance: ε = E ~ Exponential(1), z = λE^{1/k}, ∂z/∂λ = z/λ, ∂z/∂k = −z log E / k².
protocol ExplicitTransformFamily: UnivariateCDFFamily {
    /// The law of ε.
    static var noise: StandardNoise { get }
    /// z = g(ε; θ) (θ in `parameters` order), writing ∂g/∂θₖ into `partials[k]`.
    static func transform(_ noise: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double
}

extension ExplicitTransformFamily {
    public var reparameterization: Reparameterization { .explicit }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let noise = Kernels.make(Shape.count(shape)) { Self.noise.fill($0, using: &stream) }
        let values = pushForward(noise, partialsFor: nil)
        let parameterTensors = parameters.map(\.value)
        return Tensor.record(shape, values, inputs: parameterTensors) { g in
            parameterTensors.indices.map { k in
                guard parameterTensors[k].requiresGradient else { return nil }
                let dz = pushForward(noise, partialsFor: k)
                return Tensor(unchecked: shape, Kernels.zip(g.scalars, dz, *)).summed(to: parameterTensors[k].shape)
            }
        }
    }

    /// z = g(G⁻¹(u); θ), differentiable in θ (the explicit partials at fixed u) and in u (1/p(z)).
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(probability.shape, batchShape)
        let noise = Kernels.map(Kernels.expand(probability, to: shape), Self.noise.quantile)
        let z = pushForward(noise, partialsFor: nil)
        let values = batchParameterValues()
        let batch = Swift.max(values.first?.count ?? 1, 1)
        let inverseDensity = Kernels.generate(z.count) { i in
            Foundation.exp(-logDensity(at: z[i], parameters: values.map { $0[i % batch] }))
        }
        return ImplicitGradient.quantiles(Tensor(unchecked: shape, z), probability: probability, inverseDensity: inverseDensity,
                                          parameters: parameters.map(\.value)) { k in pushForward(noise, partialsFor: k) }
    }

    /// g(εᵢ; θ) for every element (θ cycling over the batch), or ∂g/∂θₖ when `k` is given.
    func pushForward(_ noise: [Double], partialsFor k: Int?) -> [Double] {
        let values = batchParameterValues()
        let batch = Swift.max(values.first?.count ?? 1, 1), arity = values.count
        return noise.withUnsafeBufferPointer { noise in
            Kernels.make(noise.count) { out in
                let noise = SharedBuffer(noise), out = SharedBuffer(out)
                Parallel.forEachChunk(count: noise.count) { range in
                    var θ = [Double](repeating: 0, count: arity), partials = θ
                    θ.withUnsafeMutableBufferPointer { θ in
                        partials.withUnsafeMutableBufferPointer { partials in
                            for i in range {
                                for j in 0..<arity { θ[j] = values[j][i % batch] }
                                let z = Self.transform(noise[i], UnsafeBufferPointer(θ), partials)
                                out[i] = k.map { partials[$0] } ?? z
                            }
                        }
                    }
                }
            }
        }
    }
}
