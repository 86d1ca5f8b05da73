/// Families of the form z = loc + scale·ε with ε from a fixed standard
/// distribution: Normal, Laplace, Logistic, Cauchy, Gumbel.
///
/// Each family states its standard law once (sampler, CDF, log density,
/// quantile); sampling, the explicit and implicit gradients, `logProb`, `cdf`
/// and `icdf` follow here for all of them.
///
///     rsample: z = loc + scale·ε              ∂z/∂loc = 1, ∂z/∂scale = ε
///     cdf:     F(z) = F₀((z − loc)/scale)
///     logProb: log p₀((z − loc)/scale) − log scale
public protocol LocationScaleFamily: UnivariateCDFFamily, SendableMetatype {
    var loc: Tensor { get }
    var scale: Tensor { get }
    init(loc: Tensor, scale: Tensor) throws
    /// Fills `out` with draws of the standard law.
    static func standardDraws(_ out: UnsafeMutableBufferPointer<Double>, using stream: inout RandomStream)
    /// F₀(x), generic so the implicit path can differentiate it.
    static func standardCDF<T: RealScalar>(_ x: T) -> T
    /// log p₀(x) on tensors (differentiable).
    static func standardLogDensity(_ x: Tensor) -> Tensor
    /// log p₀(x) at one point.
    static func standardLogDensity(_ x: Double) -> Double
    /// F₀(x) on tensors (differentiable).
    static func standardCDF(_ x: Tensor) throws -> Tensor
    /// F₀⁻¹(u) on tensors (differentiable).
    static func standardQuantile(_ u: Tensor) throws -> Tensor
}

extension LocationScaleFamily {
    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("scale", scale)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .real }
    public var reparameterization: Reparameterization { .explicit }

    /// Draws ε into `values` and turns it into z = loc + scale·ε in place.
    ///
    /// Returns Σε per batch element (summed over the sample axes), which is all
    /// the backward pass needs when the upstream gradient is one number (a
    /// mean or sum of the samples): then ∂/∂scale = g·Σε with no per-sample pass.
    private func draw(into values: UnsafeMutableBufferPointer<Double>, using stream: inout RandomStream) -> [Double] {
        Self.standardDraws(values, using: &stream)
        let locs = Kernels.expand(loc, to: batchShape), scales = Kernels.expand(scale, to: batchShape)
        let batch = locs.count
        if batch == 1 {
            let m = locs[0], s = scales[0]
            let values = SharedBuffer(values)
            return [Parallel.sum(count: values.count) { range in
                var sum = 0.0
                for i in range { let e = values[i]; values[i] = m + s * e; sum += e }
                return sum
            }]
        }
        let values = SharedBuffer(values)
        return Parallel.sums(count: values.count, width: batch) { range, sums in
            var b = range.lowerBound % batch
            for i in range {
                let e = values[i]
                values[i] = locs[b] + scales[b] * e
                sums[b] += e
                b += 1
                if b == batch { b = 0 }
            }
        }
    }

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        return Tensor(unchecked: shape, Kernels.make(Shape.count(shape)) { _ = draw(into: $0, using: &stream) })
    }

    /// z = loc + scale·ε;  ∂z/∂loc = 1, ∂z/∂scale = ε.
    ///
    /// ε is not kept: when a backward pass needs it per sample, it is drawn
    /// again from a copy of the stream as it was (counter-based, so identical).
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let count = Shape.count(shape), batchShape = self.batchShape
        let streamAtDraw = stream
        var noiseSums: [Double] = []
        let values = Kernels.make(count) { noiseSums = draw(into: $0, using: &stream) }
        let loc = self.loc, scale = self.scale
        let perBatch = Double(count / Swift.max(Shape.count(batchShape), 1))
        return Tensor.record(shape, values, inputs: [loc, scale], acceptsBroadcastGradient: true) { g in
            if g.count == 1 {
                let s = g.scalars[0]
                return [loc.requiresGradient ? Tensor(repeating: s * perBatch, shape: batchShape).summed(to: loc.shape) : nil,
                        scale.requiresGradient ? Tensor(unchecked: batchShape, noiseSums.map { s * $0 }).summed(to: scale.shape) : nil]
            }
            let full = g.expanded(to: shape)
            var replay = streamAtDraw
            let noise = Kernels.make(count) { Self.standardDraws($0, using: &replay) }
            return [loc.requiresGradient ? full.summed(to: loc.shape) : nil,
                    scale.requiresGradient ? Tensor(unchecked: shape, Kernels.zip(full.scalars, noise, Multiply())).summed(to: scale.shape) : nil]
        }
    }

    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        try Self.standardLogDensity(value.subtracting(loc).dividing(by: scale)).subtracting(log(scale))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try Self.standardCDF(value.subtracting(loc).dividing(by: scale)) }
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        try loc.adding(scale.multiplying(Self.standardQuantile(probability)))
    }

    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T { Self.standardCDF((z - θ[0]) / θ[1]) }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        Self.standardLogDensity((z - θ[0]) / θ[1]) - log(θ[1])
    }

    /// The two parameters every location–scale family declares.
    static func locationScaleParameters(scale meaning: String) -> [Family.Parameter] {
        [.init("loc", .real, default: 0, meaning: "location (shifts every draw)"),
         .init("scale", .positive, default: 1, meaning: meaning)]
    }

    /// The declaration of a location–scale family: loc and scale, real support, explicit route.
    static func locationScaleFamily(constructor: String, scale: String, summary: String, formula: String, example: String) -> Family {
        Family(constructor: constructor, name: String(describing: Self.self), parameters: locationScaleParameters(scale: scale),
               support: .fixed(.real), route: .explicit, summary: summary, formula: formula, example: example) { inputs in
            try Self(loc: inputs[0], scale: inputs[1])
        }
    }
}
