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
    /// z = g(ε; θ) (θ in `parameters` order, then the `constantCount` constants), writing ∂g/∂θₖ into `partials[k]`.
    static func transform(_ noise: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double
    /// How many numbers g needs that depend on θ alone (0 unless a family says otherwise).
    static var constantCount: Int { get }
    /// Writes those numbers into θ[arity ..< arity + constantCount], from θ[0 ..< arity]: once per
    /// batch element, not once per draw.
    static func computeConstants(_ θ: UnsafeMutableBufferPointer<Double>)
}

extension ExplicitTransformFamily {
    static var constantCount: Int { 0 }
    static func computeConstants(_ θ: UnsafeMutableBufferPointer<Double>) {}
}

extension ExplicitTransformFamily {
    public var reparameterization: Reparameterization { .explicit }

    /// z = g(ε; θ). One sweep over the draws computes each z together with the ∂g/∂θₖ of the
    /// parameters that need a gradient, kept for the backward pass: it then only weights and sums
    /// them (for a one-number upstream gradient, a mean or a sum, just their sums), with no second
    /// evaluation of g. Costs 8 bytes per draw per such parameter.
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let noise = Kernels.make(Shape.count(shape)) { Self.noise.fill($0, using: &stream) }
        let parameterTensors = parameters.map(\.value)
        let wanted = parameterTensors.indices.filter { parameterTensors[$0].requiresGradient }
        let (values, partials) = pushForward(noise, keeping: wanted)
        return Tensor.record(shape, values, inputs: parameterTensors, acceptsBroadcastGradient: true) { g in
            let upstream = g.count == 1 ? nil : g.expanded(to: shape).scalars
            var result = [Tensor?](repeating: nil, count: parameterTensors.count)
            for (slot, k) in wanted.enumerated() {
                let weighted = Kernels.generate(values.count) { i in (upstream?[i] ?? 1) * partials[slot, i] }
                let sum = Tensor(unchecked: shape, weighted).summed(to: parameterTensors[k].shape)
                result[k] = upstream == nil ? g.scalars[0] * sum : sum
            }
            return result
        }
    }

    /// z = g(ε; θ) off the tape: no partials kept.
    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let noise = Kernels.make(Shape.count(shape)) { Self.noise.fill($0, using: &stream) }
        return Tensor(unchecked: shape, pushForward(noise, keeping: []).values)
    }

    /// z = g(G⁻¹(u); θ), differentiable in θ (the explicit partials at fixed u) and in u (1/p(z)).
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(probability.shape, batchShape)
        let noise = Kernels.map(Kernels.expand(probability, to: shape), Self.noise.quantile)
        let (z, partials) = pushForward(noise, keeping: Array(parameters.indices))
        let values = batchParameterValues()
        let batch = Swift.max(values.first?.count ?? 1, 1)
        let inverseDensity = Kernels.generate(z.count) { i in
            Foundation.exp(-logDensity(at: z[i], parameters: values.map { $0[i % batch] }))
        }
        return ImplicitGradient.quantiles(Tensor(unchecked: shape, z), probability: probability, inverseDensity: inverseDensity,
                                          parameters: parameters.map(\.value)) { k in Kernels.generate(z.count) { i in partials[k, i] } }
    }

    /// g(εᵢ; θ) for every element (θ cycling over the batch), and ∂g/∂θₖ for each k in `kept`
    /// (`partials[slot, i]` for k = kept[slot]).
    func pushForward(_ noise: [Double], keeping kept: [Int]) -> (values: [Double], partials: KeptPartials) {
        let values = batchParameterValues()
        let batch = Swift.max(values.first?.count ?? 1, 1), count = noise.count
        // θ of batch element b, then its constants, at flat[b·width ..< (b+1)·width]: no gathering per draw.
        let arity = values.count, width = arity + Self.constantCount
        var flat = [Double](repeating: 0, count: batch * width)
        flat.withUnsafeMutableBufferPointer { flat in
            for b in 0..<batch {
                for j in 0..<arity { flat[b * width + j] = values[j][b] }
                Self.computeConstants(UnsafeMutableBufferPointer(rebasing: flat[(b * width)..<(b * width + width)]))
            }
        }
        var kept = kept
        var partials = [Double](repeating: 0, count: kept.count * count)
        let z = noise.withUnsafeBufferPointer { noise in
            flat.withUnsafeBufferPointer { flat in
                partials.withUnsafeMutableBufferPointer { partials in
                    kept.withUnsafeMutableBufferPointer { kept in
                        Kernels.make(count) { out in
                            let noise = SharedBuffer(noise), out = SharedBuffer(out), flat = SharedBuffer(flat)
                            let partials = SharedBuffer(partials), kept = SharedBuffer(kept)
                            Parallel.forEachChunk(count: count) { range in
                                var scratch = [Double](repeating: 0, count: arity)
                                scratch.withUnsafeMutableBufferPointer { scratch in
                                    var b = range.lowerBound % batch
                                    for i in range {
                                        let θ = UnsafeBufferPointer(rebasing: flat.readOnly[(b * width)..<(b * width + width)])
                                        out[i] = Self.transform(noise[i], θ, scratch)
                                        for slot in 0..<kept.count { partials[slot * count + i] = scratch[kept[slot]] }
                                        b += 1
                                        if b == batch { b = 0 }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (z, KeptPartials(count: count, storage: partials))
    }
}

/// The partial derivatives ∂g/∂θₖ an explicit family kept from its forward sweep, one run of
/// `count` values per kept parameter.
struct KeptPartials: Sendable {
    let count: Int
    let storage: [Double]
    /// ∂g/∂θ at draw i for the parameter kept in `slot`.
    subscript(slot: Int, i: Int) -> Double { storage[slot * count + i] }
}
