import Foundation

/// A univariate family whose draws are a monotone function of one standard Gamma variable:
///
///     log z = h(log G; θ),   G ~ Gamma(α(θ), 1)
///
/// (InverseGamma: h = log β − log G; Chi: h = ½(log 2 + log G); GeneralizedGamma:
/// h = log s + (log G)/c). Working with log G keeps tiny shapes exact where G underflows.
/// The gradient is implicit in α through the engine's exact Gamma derivative and explicit
/// in everything else:
///
///     d log z/dθₖ = ∂h/∂θₖ + (∂h/∂log G) · (d log G/dα) · ∂α/∂θₖ
protocol GammaTransformFamily: UnivariateCDFFamily {
    /// α(θ), writing ∂α/∂θₖ into `partials[k]`.
    static func gammaShape(_ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double
    /// h(log G; θ), writing ∂h/∂θₖ (at fixed G) into `partials[k]`; `slope` is ∂h/∂log G
    /// (its sign says whether z grows with G).
    static func logValue(logGamma: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> (logValue: Double, slope: Double)
    /// Whether z grows with G (then F_Z(z) = P(α, G), else Q(α, G)).
    static var increasingInGamma: Bool { get }
}

extension GammaTransformFamily {
    public var reparameterization: Reparameterization { .implicit }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        try transformRsample(sampleShape, using: &stream)
    }

    /// z = exp(h(log G; θ)) from log-space Gamma draws (finite where G underflows), the route every
    /// family of this kind takes; a family with a faster exact route for common parameters keeps this
    /// one for the rest.
    func transformRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let shapes = shapeAndPartials()
        let logGamma = shapes.alphas.withUnsafeBufferPointer { p in Kernels.make(Shape.count(shape)) { stream.fillLogStandardGamma($0, concentration: p) } }
        return try recorded(shape, logGamma: logGamma, shapes: shapes, probability: nil)
    }

    /// z at probability u: G is the Gamma(α) quantile of u where z grows with G, of 1 − u where it falls
    /// (solved as the upper quantile, so both tails keep their digits).
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(probability.shape, batchShape)
        let u = Kernels.expand(probability, to: shape)
        let shapes = shapeAndPartials(), alphas = shapes.alphas, batch = alphas.count
        let increasing = Self.increasingInGamma
        let logGamma = Kernels.generate(u.count) { i in
            Foundation.log(increasing ? inverseRegularizedGammaP(a: alphas[i % batch], p: u[i])
                                      : inverseRegularizedGammaQ(a: alphas[i % batch], q: u[i]))
        }
        return try recorded(shape, logGamma: logGamma, shapes: shapes, probability: probability)
    }

    /// α and ∂α/∂θₖ (`partials[k][b]`) for each batch element b, the elements split across threads.
    private func shapeAndPartials() -> (alphas: [Double], partials: [[Double]]) {
        let values = batchParameterValues()
        let batch = Swift.max(values.first?.count ?? 1, 1), arity = values.count
        var alphas = [Double](repeating: 0, count: batch)
        var flat = [Double](repeating: 0, count: batch * arity)   // ∂α/∂θⱼ of element b at j·batch + b
        alphas.withUnsafeMutableBufferPointer { alphas in
            flat.withUnsafeMutableBufferPointer { flat in
                let alphas = SharedBuffer(alphas), flat = SharedBuffer(flat)
                Parallel.forEachChunk(count: batch) { range in
                    var θ = [Double](repeating: 0, count: arity), scratch = θ
                    for b in range {
                        for j in 0..<arity { θ[j] = values[j][b] }
                        alphas[b] = θ.withUnsafeBufferPointer { θ in scratch.withUnsafeMutableBufferPointer { Self.gammaShape(θ, $0) } }
                        for j in 0..<arity { flat[j * batch + b] = scratch[j] }
                    }
                }
            }
        }
        return (alphas, (0..<arity).map { j in Array(flat[(j * batch)..<((j + 1) * batch)]) })
    }

    /// z = exp(h(log G; θ)) recorded with dz/dθₖ = z·(∂h/∂θₖ + slope·(d log G/dα)·∂α/∂θₖ);
    /// with a probability (icdf), also dz/du = 1/p(z).
    /// `shapes` is `shapeAndPartials()`, computed once by the caller.
    private func recorded(_ shape: [Int], logGamma: [Double], shapes: (alphas: [Double], partials: [[Double]]),
                          probability: Tensor?) throws -> Tensor {
        let alphas = shapes.alphas, alphaPartials = shapes.partials
        let count = logGamma.count, batch = alphas.count
        let values = batchParameterValues(), arity = values.count
        // h and ∂h/∂log G per sample; ∂h/∂θₖ per sample only when a backward pass asks (k).
        func evaluate(partial k: Int?) -> [Double] {
            logGamma.withUnsafeBufferPointer { logGamma in
                Kernels.make(count) { out in
                    let logGamma = SharedBuffer(logGamma), out = SharedBuffer(out)
                    Parallel.forEachChunk(count: count) { range in
                        var θ = [Double](repeating: 0, count: arity), partials = θ
                        θ.withUnsafeMutableBufferPointer { θ in
                            partials.withUnsafeMutableBufferPointer { partials in
                                for i in range {
                                    for j in 0..<arity { θ[j] = values[j][i % batch] }
                                    let (h, slope) = Self.logValue(logGamma: logGamma[i], UnsafeBufferPointer(θ), partials)
                                    out[i] = k.map { $0 < 0 ? slope : partials[$0] } ?? h
                                }
                            }
                        }
                    }
                }
            }
        }
        let z = Kernels.map(evaluate(partial: nil)) { Foundation.exp($0) }
        let parameterTensors = parameters.map(\.value)
        let derivatives: (Int) throws -> [Double] = { k in
            let direct = evaluate(partial: k)
            guard alphaPartials[k].contains(where: { $0 != 0 }) else { return Kernels.zip(z, direct, Multiply()) }
            let slopes = evaluate(partial: -1)
            let dLogGamma = try GammaGradients.standardLogSampleDerivatives(concentrations: alphas, logSamples: logGamma)
            return Kernels.generate(count) { i in z[i] * (direct[i] + slopes[i] * dLogGamma[i] * alphaPartials[k][i % batch]) }
        }
        guard let probability else {
            return ImplicitGradient.attach(Tensor(unchecked: shape, z), to: parameterTensors, derivatives: derivatives)
        }
        let inverseDensity = Kernels.generate(count) { i in Foundation.exp(-logDensity(at: z[i], parameters: values.map { $0[i % batch] })) }
        return ImplicitGradient.quantiles(Tensor(unchecked: shape, z), probability: probability, inverseDensity: inverseDensity,
                                          parameters: parameterTensors, derivatives: derivatives)
    }
}

extension GammaGradients {
    /// d log G/dα for log standard Gamma draws (α cycling over the batch): the shared-α route
    /// when the batch has one element, the per-element exact route otherwise.
    static func standardLogSampleDerivatives(concentrations: [Double], logSamples: [Double]) throws -> [Double] {
        try ParameterBatches.derivatives(samples: logSamples, parameters: [concentrations]) { p, logZ, out in
            try gammaImplicitLogDerivatives(concentration: p[0], logSamples: logZ, into: out)
        } perElement: { p, logZ, out in
            // Each element on its own: split across threads, the same bits on any thread count.
            let alphas = SharedBuffer(p[0]), logSamples = SharedBuffer(logZ), derivatives = SharedBuffer(out)
            Parallel.forEachChunk(count: logZ.count) { range in
                for i in range { derivatives[i] = gammaImplicitDerivative(concentration: alphas[i], logSample: logSamples[i]) }
            }
            if let bad = out.firstIndex(where: { $0.isNaN }) {
                throw ReparamError.numerical("no accurate d log z/dα for a Gamma(\(p[0][bad])) sample at log z = \(logZ[bad])")
            }
        }
    }
}
