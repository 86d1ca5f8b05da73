/// The implicit reparameterization trick: differentiate a sample through its CDF.
///
/// Holding u = F(z; θ) fixed while θ moves gives
///
///     dz/dθ = −(∂F/∂θ)(z; θ) / p(z; θ)
///
/// so any sampler (rejection, inversion, composition) yields pathwise
/// gradients. Families write their CDF once, generic over `RealScalar`; the
/// engine evaluates it on `Dual` numbers to get ∂F/∂θ exactly.
public protocol UnivariateCDFFamily: Distribution {
    /// F(z; θ) at one point, with θ in `parameters` order.
    func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T
    /// log p(z; θ) at one point.
    func logDensity(at z: Double, parameters θ: [Double]) -> Double
    /// Whether `rsample`'s gradient holds u = F(z; θ) fixed, as the implicit rule through this CDF
    /// (or an explicit map of one uniform) does. False where a draw is built from several random
    /// variables and differentiated through theirs: FisherSnedecor's z = (d₂/d₁)·G₁/G₂ holds each
    /// Gamma's own quantile. Then `rsample(via: .implicit)` still gives the rule through this CDF.
    var drawsHoldTheQuantile: Bool { get }
}

extension UnivariateCDFFamily {
    public var drawsHoldTheQuantile: Bool { true }

    /// Every parameter broadcast to the batch shape, as flat arrays.
    func batchParameterValues() -> [[Double]] {
        parameters.map { Kernels.expand($0.value, to: batchShape) }
    }

    /// dz/dθₖ for every element of `samples` (shape sample + batch), by the implicit rule.
    public func implicitDerivatives(of samples: [Double], parameter k: Int) -> [Double] {
        implicitDerivatives(of: samples, parameters: [k])[0]
    }

    /// dz/dθₖ for each k in `wanted` (one array each, in that order), in one sweep split across
    /// cores: p(z) once per element, then ∂F/∂θₖ from the CDF on dual numbers.
    func implicitDerivatives(of samples: [Double], parameters wanted: [Int]) -> [[Double]] {
        let values = batchParameterValues()
        let batch = max(values.first?.count ?? 1, 1), arity = values.count, count = samples.count
        var out = [Double](repeating: 0, count: wanted.count * count)
        out.withUnsafeMutableBufferPointer { out in
            samples.withUnsafeBufferPointer { samples in
                let out = SharedBuffer(out), samples = SharedBuffer(samples)
                Parallel.forEachChunk(count: count) { range in
                    var θ = [Double](repeating: 0, count: arity)
                    var dual = [Dual](repeating: 0, count: arity)
                    var b = range.lowerBound % batch
                    for i in range {
                        for j in 0..<arity { θ[j] = values[j][b]; dual[j] = Dual(θ[j], derivative: 0) }
                        let z = samples[i]
                        let density = exp(logDensity(at: z, parameters: θ))
                        for (slot, k) in wanted.enumerated() {
                            dual[k].derivative = 1
                            out[slot * count + i] = -cdf(at: Dual(z), parameters: dual).derivative / density
                            dual[k].derivative = 0
                        }
                        b += 1
                        if b == batch { b = 0 }
                    }
                }
            }
        }
        return wanted.indices.map { slot in Array(out[(slot * count)..<((slot + 1) * count)]) }
    }

    /// The derivatives a backward pass asks for one parameter at a time, computed for all the
    /// parameters that need them in the first call (one sweep, one density per element).
    func implicitDerivativeSource(of samples: [Double]) -> (_ k: Int) throws -> [Double] {
        let wanted = parameters.indices.filter { parameters[$0].value.requiresGradient }
        let cache = DerivativeCache()
        return { k in
            if cache.rows == nil { cache.rows = self.implicitDerivatives(of: samples, parameters: wanted) }
            guard let rows = cache.rows, let slot = wanted.firstIndex(of: k) else { return self.implicitDerivatives(of: samples, parameter: k) }
            return rows[slot]
        }
    }

    /// F(value; θ) as a tensor, differentiable in the value and in every parameter
    /// (∂F/∂θ from dual numbers through the generic CDF).
    public func cdfThroughDuals(_ value: Tensor) throws -> Tensor {
        let parameterTensors = parameters.map(\.value)
        return try Tensor.dualElementwise([value] + parameterTensors) { v in
            self.cdf(at: v[0], parameters: Array(v.dropFirst()))
        }
    }

    /// z = F⁻¹(u; θ) with `inverse(u, θ)` solving for z, differentiable by the implicit rule:
    /// dz/du = 1/p(z), dz/dθ = −(∂F/∂θ)/p(z) (from the CDF's dual numbers, or from `derivatives(z)`
    /// when the family computes them its own way).
    public func quantileThroughImplicitRule(_ probability: Tensor, derivatives: (([Double]) -> (_ k: Int) throws -> [Double])? = nil,
                                            inverse: (Double, [Double]) throws -> Double) throws -> Tensor {
        let shape = try Shape.broadcast(probability.shape, batchShape)
        let u = Kernels.expand(probability, to: shape)
        let values = batchParameterValues()
        let batch = max(values.first?.count ?? 1, 1)
        var z = [Double](repeating: 0, count: u.count)
        for i in u.indices { z[i] = try inverse(u[i], values.map { $0[(i % batch)] }) }
        let inverseDensity = z.indices.map { i in exp(-logDensity(at: z[i], parameters: values.map { $0[i % batch] })) }
        return ImplicitGradient.quantiles(Tensor(unchecked: shape, z), probability: probability, inverseDensity: inverseDensity,
                                          parameters: parameters.map(\.value),
                                          derivatives: derivatives?(z) ?? implicitDerivativeSource(of: z))
    }

    /// `samples` (values from any sampler) with gradients to the parameters by the implicit rule.
    public func implicitlyReparameterized(_ samples: Tensor) -> Tensor {
        let values = samples.scalars
        return ImplicitGradient.attach(samples, to: parameters.map(\.value), derivatives: implicitDerivativeSource(of: values))
    }
}

/// Attaching per-sample derivatives dz/dθ to sampled values.
public enum ImplicitGradient {
    /// `samples` recorded as a function of `parameters`, with ∂z/∂θₖ (one per
    /// element of `samples`) computed by `derivatives(k)` only when a backward
    /// pass needs it. Each θₖ broadcasts against the samples' trailing axes.
    public static func attach(_ samples: Tensor, to parameters: [Tensor], derivatives: @escaping (_ k: Int) throws -> [Double]) -> Tensor {
        let shape = samples.shape
        return Tensor.record(shape, samples.scalars, inputs: parameters) { g in
            try parameters.enumerated().map { k, θ in
                guard θ.requiresGradient else { return nil }
                let dz = try derivatives(k)
                return Tensor(unchecked: shape, Kernels.zip(g.scalars, dz, Multiply())).summed(to: θ.shape)
            }
        }
    }

    /// Quantiles z = F⁻¹(u; θ) recorded with their implicit derivatives:
    /// dz/du = 1/p(z) (given as `inverseDensity`) and dz/dθₖ from `derivatives(k)`.
    public static func quantiles(_ z: Tensor, probability: Tensor, inverseDensity: [Double], parameters: [Tensor],
                                 derivatives: @escaping (_ k: Int) throws -> [Double]) -> Tensor {
        let shape = z.shape
        let parameterPart = attach(z, to: parameters, derivatives: derivatives)
        return Tensor.record(shape, z.scalars, inputs: [probability, parameterPart]) { g in
            [probability.requiresGradient ? Tensor(unchecked: shape, Kernels.zip(g.scalars, inverseDensity, Multiply())).summed(to: probability.shape) : nil, g]
        }
    }
}

/// Per-sample derivatives kept between the calls of one backward pass.
private final class DerivativeCache {
    var rows: [[Double]]?
}
