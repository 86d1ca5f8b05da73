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
    /// Whether a backward pass that needs ∂g/∂θ per draw draws ε again (from a copy of the stream)
    /// instead of keeping the partials from the forward sweep: for a g so cheap (z = a + (b − a)u,
    /// z = E/λ) that writing and reading back 8 bytes per draw per parameter costs more. False
    /// unless a family says otherwise.
    static var replaysNoise: Bool { get }
}

extension ExplicitTransformFamily {
    static var constantCount: Int { 0 }
    static func computeConstants(_ θ: UnsafeMutableBufferPointer<Double>) {}
    static var replaysNoise: Bool { false }
}

/// What the forward sweep of an explicit family leaves for the backward pass.
struct ExplicitSweep: Sendable {
    /// ∂g/∂θ per draw for each kept parameter, unless the family replays its noise.
    var partials: KeptPartials?
    /// Σᵢ ∂g/∂θ over all draws for each kept parameter, when the batch holds one element:
    /// all a one-number upstream gradient (a mean or a sum) needs.
    var sums: [Double]?
}

extension ExplicitTransformFamily {
    public var reparameterization: Reparameterization { .explicit }

    /// z = g(ε; θ). One sweep over the draws computes each z in place of its ε, together with the
    /// ∂g/∂θₖ of the parameters that need a gradient: their sums when the batch has one element
    /// (then a one-number upstream gradient, a mean or a sum, needs no pass at all) and, unless the
    /// family replays its noise, the partials per draw (8 bytes per draw per such parameter), so
    /// that any other upstream gradient only weights and sums them.
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let count = Shape.count(shape)
        let parameterTensors = parameters.map(\.value)
        let wanted = parameterTensors.indices.filter { parameterTensors[$0].requiresGradient }
        let streamAtDraw = stream
        var sweep = ExplicitSweep()
        let values = Kernels.make(count) { out in
            Self.noise.fill(out, using: &stream)
            sweep = pushForward(inPlace: out, keeping: wanted, storing: !Self.replaysNoise)
        }
        return Tensor.record(shape, values, inputs: parameterTensors, acceptsBroadcastGradient: true) { g in
            var result = [Tensor?](repeating: nil, count: parameterTensors.count)
            if g.count == 1, let sums = sweep.sums {
                for (slot, k) in wanted.enumerated() {
                    result[k] = Tensor(repeating: g.scalars[0] * sums[slot], shape: parameterTensors[k].shape)
                }
                return result
            }
            let partials = sweep.partials ?? {
                var replay = streamAtDraw
                let noise = Kernels.make(count) { Self.noise.fill($0, using: &replay) }
                return self.pushForward(noise, keeping: wanted).partials
            }()
            let upstream = g.count == 1 ? nil : g.expanded(to: shape).scalars
            for (slot, k) in wanted.enumerated() {
                let sum = Tensor(unchecked: shape, partials.weighted(slot, by: upstream)).summed(to: parameterTensors[k].shape)
                result[k] = upstream == nil ? g.scalars[0] * sum : sum
            }
            return result
        }
    }

    /// z = g(ε; θ) off the tape: no partials kept.
    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        return Tensor(unchecked: shape, Kernels.make(Shape.count(shape)) { out in
            Self.noise.fill(out, using: &stream)
            _ = pushForward(inPlace: out, keeping: [], storing: false)
        })
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

    /// g(εᵢ; θ) for every element of `noise` (θ cycling over the batch), and ∂g/∂θₖ for each k in
    /// `kept` (`partials[slot, i]` for k = kept[slot]).
    func pushForward(_ noise: [Double], keeping kept: [Int]) -> (values: [Double], partials: KeptPartials) {
        var partials: KeptPartials?
        let values = noise.withUnsafeBufferPointer { noise in
            Kernels.make(noise.count) { out in
                _ = out.initialize(fromContentsOf: noise)
                partials = pushForward(inPlace: out, keeping: kept, storing: true).partials
            }
        }
        return (values, partials ?? KeptPartials(count: noise.count, storage: []))
    }

    /// Replaces each εᵢ in `values` by g(εᵢ; θ) (θ cycling over the batch), summing ∂g/∂θₖ for each
    /// k in `kept` when the batch has one element and, with `storing`, keeping them per draw.
    func pushForward(inPlace values: UnsafeMutableBufferPointer<Double>, keeping kept: [Int], storing: Bool) -> ExplicitSweep {
        let parameterValues = batchParameterValues()
        let batch = Swift.max(parameterValues.first?.count ?? 1, 1), count = values.count
        // θ of batch element b, then its constants, at flat[b·width ..< (b+1)·width]: no gathering per draw.
        let arity = parameterValues.count, width = arity + Self.constantCount
        var flat = [Double](repeating: 0, count: batch * width)
        flat.withUnsafeMutableBufferPointer { flat in
            for b in 0..<batch {
                for j in 0..<arity { flat[b * width + j] = parameterValues[j][b] }
                Self.computeConstants(UnsafeMutableBufferPointer(rebasing: flat[(b * width)..<(b * width + width)]))
            }
        }
        let summing = batch == 1 && !kept.isEmpty, keptCount = kept.count
        // Uninitialized: the sweep writes every element.
        var storage = storing ? [Double](unsafeUninitializedCapacity: keptCount * count) { _, n in n = keptCount * count } : []
        let sums = flat.withUnsafeBufferPointer { flat in
            storage.withUnsafeMutableBufferPointer { storage in
                kept.withUnsafeBufferPointer { kept in
                    let out = SharedBuffer(values), flat = SharedBuffer(flat), kept = SharedBuffer(kept)
                    let partials = SharedBuffer(storage)
                    return Parallel.sums(count: count, width: summing ? keptCount : 0) { range, sums in
                        withUnsafeTemporaryAllocation(of: Double.self, capacity: Swift.max(arity, 1)) { scratch in
                            var b = range.lowerBound % batch
                            for i in range {
                                let θ = UnsafeBufferPointer(rebasing: flat.readOnly[(b * width)..<(b * width + width)])
                                out[i] = Self.transform(out[i], θ, scratch)
                                if storing { for slot in 0..<keptCount { partials[slot * count + i] = scratch[kept[slot]] } }
                                if summing { for slot in 0..<keptCount { sums[slot] += scratch[kept[slot]] } }
                                b += 1
                                if b == batch { b = 0 }
                            }
                        }
                    }
                }
            }
        }
        return ExplicitSweep(partials: storing ? KeptPartials(count: count, storage: storage) : nil, sums: summing ? sums : nil)
    }
}

/// The partial derivatives ∂g/∂θₖ an explicit family kept from its forward sweep, one run of
/// `count` values per kept parameter.
struct KeptPartials: Sendable {
    let count: Int
    let storage: [Double]
    /// ∂g/∂θ at draw i for the parameter kept in `slot`.
    subscript(slot: Int, i: Int) -> Double { storage[slot * count + i] }

    /// upstream[i] · ∂g/∂θ at draw i for the parameter kept in `slot` (the partials themselves for no upstream).
    func weighted(_ slot: Int, by upstream: [Double]?) -> [Double] {
        let base = slot * count
        guard let upstream else { return Array(storage[base..<(base + count)]) }
        return storage.withUnsafeBufferPointer { storage in
            upstream.withUnsafeBufferPointer { upstream in
                Kernels.make(count) { out in
                    let out = SharedBuffer(out), partials = SharedBuffer(storage), upstream = SharedBuffer(upstream)
                    Parallel.forEachChunk(count: count) { range in
                        for i in range { out[i] = upstream[i] * partials[base + i] }
                    }
                }
            }
        }
    }
}
