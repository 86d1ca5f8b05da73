import Foundation

/// A distribution defined by a user's CDF F(z; θ) on a support.
///
/// The density is p = ∂F/∂z (a dual number in z); samples come from
/// safeguarded inversion of F; their gradients from the implicit rule
///
///     dz/dθ = −(∂F/∂θ)(z; θ) / p(z; θ)
///
/// with ∂F/∂θ and p from one two-direction dual evaluation per parameter.
/// Sampling checks that F is a CDF on the support (finite, within [0, 1],
/// nondecreasing, 0 and 1 at the ends) and throws naming the first violation.
///
///     let d = try CustomDistribution(name: "Weibull", cdf: WeibullCDF(),
///                                    parameters: [("scale", .parameter(1.5)), ("shape", .parameter(2))], support: .positive)
///     let z = try d.rsample(1000, using: &stream)
public struct CustomDistribution: UnivariateCDFFamily {
    public let name: String
    public let function: any CumulativeDistributionFunction
    public let parameters: [(name: String, value: Tensor)]
    public let support: Support
    public let batchShape: [Int]
    public var eventShape: [Int] { [] }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "from_cdf", name: "FromCDF", parameters: [],
        composition: .cumulativeDistributionFunction, support: .given, route: .implicit, methods: [.cdf, .icdf],
        summary: "the distribution with CDF F(x, θ…) on (low, high); sampled by inversion, implicit gradients, density ∂F/∂x",
        formula: "P(Z ≤ x) = F(x; θ), p(x) = ∂F/∂x", example: "from_cdf((x, k) => 1 - exp(-(x/2)^k), k: 1.5, low: 0)") { inputs in
        guard let function = inputs.cumulativeDistributionFunction else {
            throw ReparamError.invalidArgument("from_cdf needs a cumulative distribution function F(x, θ…)")
        }
        let distribution = try CustomDistribution(name: "FromCDF", cdf: function, parameters: inputs.parameters, support: inputs.support ?? .real)
        // A function that is not a CDF is rejected where it is given, not at its first draw.
        try distribution.validate()
        return distribution
    }

    /// `support` is `.real`, `.positive`, `.unitInterval` or `.interval(a, b)` with a < b
    /// (one end may be infinite: `.interval(2, .infinity)` is the half-line z ≥ 2).
    public init(name: String = "Custom", cdf: any CumulativeDistributionFunction,
                parameters: [(name: String, value: Tensor)], support: Support = .real) throws {
        switch support {
        case .real, .positive, .unitInterval: break
        case let .interval(a, b):
            guard a < b, a.isFinite || b.isFinite else {
                throw ReparamError.invalidArgument("\(name): the support interval [\(a), \(b)] must have ends a < b, at least one of them finite")
            }
        default: throw ReparamError.invalidArgument("\(name): a custom CDF needs a support on the real line (real, positive or an interval), not \(support)")
        }
        for p in parameters { try Validation.check(name, p.name, p.value, .real) }
        self.name = name
        function = cdf
        self.parameters = parameters
        self.support = support
        batchShape = try Validation.batchShape(name, parameters.map { ($0.name, $0.value) })
    }

    var lowerEnd: Double { support.lowerEnd }
    var upperEnd: Double { support.upperEnd }

    /// F(z; θ), 0 below the support and 1 above it.
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        if z.value < lowerEnd { return T(0) }
        if z.value > upperEnd { return T(1) }
        return function(z, θ)
    }

    /// log ∂F/∂z (−∞ outside the support).
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        if z < lowerEnd || z > upperEnd { return -.infinity }
        return Foundation.log(function(Dual(z, derivative: 1), θ.map { Dual($0) }).derivative)
    }

    // MARK: Sampling

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        return Tensor(unchecked: shape, try invert(stream.uniform(count: Shape.count(shape))))
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        try attachImplicitGradient(sample(sampleShape, using: &stream))
    }

    /// F⁻¹(uᵢ; θ) for each u (element i with the parameters of batch element i mod batch).
    func invert(_ u: [Double]) throws -> [Double] {
        let batch = max(batchParameterValues().first?.count ?? 1, 1)
        // A quantile table pays off with many samples per parameter value.
        let inverters = try inverters(withTables: u.count / batch >= 256)
        // The first failure of each chunk (chunks start at multiples of the chunk length).
        let chunks = Parallel.threadCount
        var failures = [ReparamError?](repeating: nil, count: chunks)
        let z = failures.withUnsafeMutableBufferPointer { failures in
            return Kernels.make(u.count) { out in
                let failures = SharedBuffer(failures), out = SharedBuffer(out)
                Parallel.forEachChunk(count: u.count) { range in
                    do {
                        for i in range { out[i] = try inverters[i % batch].invert(u[i]) }
                    } catch {
                        let chunk = min(range.lowerBound * chunks / max(u.count, 1), chunks - 1)
                        failures[chunk] = (error as? ReparamError) ?? .numerical("\(error)")
                        for i in range { out[i] = .nan }
                    }
                }
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        return z
    }

    /// One checked inverter per batch element (ends of the support checked; with tables, F scanned between quantiles).
    func inverters(withTables: Bool) throws -> [CustomCDFInversion] {
        let values = batchParameterValues()
        let batch = max(values.first?.count ?? 1, 1)
        return try (0..<batch).map { b in
            var evaluation = CustomCDFEvaluation(name: name, function: function, parameterCount: values.count)
            evaluation.setParameters(values.map { $0[b] })
            var inverter = CustomCDFInversion(evaluation: evaluation, support: support)
            try inverter.checkEnds()
            if withTables { try inverter.buildTable() }
            return inverter
        }
    }

    /// Checks now, at the current parameters, what sampling would check: that F
    /// is finite, within [0, 1], nondecreasing (scanned at 63 quantiles and 16
    /// points between each two), 0 and 1 at the ends of the support. Throws the
    /// first violation; for a front end that wants to reject a bad CDF when it is given.
    ///
    ///     try CustomDistribution(name: "mine", cdf: cdf, parameters: [], support: .unitInterval).validate()
    public func validate() throws { _ = try inverters(withTables: true) }

    // MARK: Gradients

    /// dz/dθⱼ = −(∂F/∂θⱼ)/p at each sample (element i with batch element i mod batch).
    func implicitDerivative(at z: Double, parameters θ: [Double], parameter j: Int, evaluation: inout CustomCDFEvaluation) -> Double {
        evaluation.setParameters(θ)
        let (p, dF) = evaluation.densityAndParameterDerivative(at: z, parameter: j)
        return -dF / p
    }

    /// `samples` with gradients to every parameter by the implicit rule; throws where p(z) = 0.
    func attachImplicitGradient(_ samples: Tensor) throws -> Tensor {
        let z = samples.scalars, shape = samples.shape
        let values = batchParameterValues()
        let batch = max(values.first?.count ?? 1, 1)
        let batchShape = self.batchShape, name = self.name, function = self.function
        let parameterTensors = parameters.map(\.value)
        return Tensor.record(shape, z, inputs: parameterTensors, acceptsBroadcastGradient: true) { g in
            let width = values.count * batch, upstream = g.scalars
            let sums = Parallel.sums(count: z.count, width: width) { range, s in
                var evaluation = CustomCDFEvaluation(name: name, function: function, parameterCount: values.count)
                var current = -1
                for i in range {
                    let b = i % batch
                    if b != current { evaluation.setParameters(values.map { $0[b] }); current = b }
                    let gi = upstream.count == 1 ? upstream[0] : upstream[i]
                    for j in values.indices {
                        let (p, dF) = evaluation.densityAndParameterDerivative(at: z[i], parameter: j)
                        // p = 0 only where F is flat: no sample lands there (F⁻¹ skips flats); give the limit 0.
                        s[j * batch + b] -= p > 0 ? gi * dF / p : 0
                    }
                }
            }
            return parameterTensors.indices.map { j in
                parameterTensors[j].requiresGradient
                    ? Tensor(unchecked: batchShape, Array(sums[(j * batch)..<((j + 1) * batch)])).summed(to: parameterTensors[j].shape) : nil
            }
        }
    }

    /// dz/dθ per sample and parameter (each of the samples' shape), for teaching and for accuracy checks.
    public func sampleDerivatives(_ samples: Tensor) throws -> [Tensor] {
        let values = batchParameterValues()
        let batch = max(values.first?.count ?? 1, 1)
        var evaluation = CustomCDFEvaluation(name: name, function: function, parameterCount: values.count)
        return values.indices.map { j in
            Tensor(unchecked: samples.shape, samples.scalars.indices.map { i in
                implicitDerivative(at: samples.scalars[i], parameters: values.map { $0[i % batch] }, parameter: j, evaluation: &evaluation)
            })
        }
    }

    // MARK: Densities and quantiles

    /// log ∂F/∂z. Its gradient in θ and z (for the score-function estimator) is
    /// the Richardson-extrapolated central difference of the dual density (error ≈ 1e-10 relative).
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(value.shape, batchShape)
        let x = Kernels.expand(value, to: shape)
        let values = batchParameterValues()
        let batch = max(values.first?.count ?? 1, 1)
        func logDensity(_ i: Int, shiftingValue dz: Double = 0, parameter j: Int = -1, by dθ: Double = 0) -> Double {
            var θ = values.map { $0[i % batch] }
            if j >= 0 { θ[j] += dθ }
            return self.logDensity(at: x[i] + dz, parameters: θ)
        }
        func derivative(_ f: (Double) -> Double, step h: Double) -> Double {
            let coarse = (f(h) - f(-h)) / (2 * h), fine = (f(h / 2) - f(-h / 2)) / h
            return (4 * fine - coarse) / 3
        }
        let result = x.indices.map { logDensity($0) }
        let parameterTensors = parameters.map(\.value)
        return Tensor.record(shape, result, inputs: [value] + parameterTensors) { g in
            var gradients: [Tensor?] = [value.requiresGradient ? Tensor(unchecked: shape, x.indices.map { i in
                g.scalars[i] * derivative({ logDensity(i, shiftingValue: $0) }, step: 1e-3 * max(abs(x[i]), 1e-2))
            }).summed(to: value.shape) : nil]
            for j in parameterTensors.indices {
                gradients.append(parameterTensors[j].requiresGradient ? Tensor(unchecked: shape, x.indices.map { i in
                    g.scalars[i] * derivative({ logDensity(i, parameter: j, by: $0) }, step: 1e-3 * max(abs(values[j][i % batch]), 1e-2))
                }).summed(to: parameterTensors[j].shape) : nil)
            }
            return gradients
        }
    }

    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    /// F⁻¹(u; θ) by the checked inversion, differentiable by the implicit rule.
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        try quantileThroughImplicitRule(probability) { u, θ in
            // F⁻¹(0) and F⁻¹(1) are the ends of the support.
            if u == 0 { return lowerEnd }
            if u == 1 { return upperEnd }
            var evaluation = CustomCDFEvaluation(name: name, function: function, parameterCount: θ.count)
            evaluation.setParameters(θ)
            return try CustomCDFInversion(evaluation: evaluation, support: support).invert(u)
        }
    }

    /// E[Z] = ∫₀¹ F⁻¹(u) du by tanh–sinh quadrature (see `QuantileQuadrature`),
    /// differentiable through the quantiles; NaN where the integral does not
    /// converge (no finite mean) or the CDF fails its checks.
    public var mean: Tensor { QuantileQuadrature.moments(batchShape: batchShape, quantile: icdf).mean }
    /// Var[Z] by the same quadrature; NaN where it does not converge.
    public var variance: Tensor { QuantileQuadrature.moments(batchShape: batchShape, quantile: icdf).variance }
    public func computeEntropy() throws -> Tensor {
        throw ReparamError.invalidArgument("\(name): the entropy of a custom CDF has no closed form; estimate it as -mean(logProb(sample(n)))")
    }
}
