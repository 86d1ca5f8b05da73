import Foundation

/// InverseGamma's rsample from linear Gamma draws when no concentration is small: z = β/G with
/// G ~ Gamma(α, 1) drawn as Gamma draws it, and the gradient from Gamma's exact dG/dα,
///
///     dz/dα = −(β/G²) dG/dα = −z (dG/dα)/G,   dz/dβ = 1/G = z/β,
///
/// one pass of draws and one of derivatives, against the log-space route's logarithms, exponentials
/// and per-parameter passes (`transformRsample`). With every α ≥ `directLowestConcentration`, G falls
/// below 2⁻¹⁰⁰⁰ (where 1/G loses digits or overflows) only if Marsaglia–Tsang's boost exponent E/α
/// passes ~690, E > 69 for an Exp(1) number E: probability e⁻⁶⁹ ≈ 1e-30 a draw; if it happens, the
/// whole draw is made again by the log-space route from the same stream position. Smaller α take
/// the log-space route throughout.
///
///     var stream = RandomStream(seed: 1)
///     let d = try InverseGamma(concentration: .parameter(Tensor([0.5, 3])), rate: Tensor(2))
///     let z = try d.rsample([1000], using: &stream)     // [1000, 2], through the linear route
extension InverseGamma {
    /// The smallest α drawn through linear Gamma draws (see the extension's documentation).
    static let directLowestConcentration = 0.1

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let alphas = Kernels.expand(concentration, to: batchShape)
        guard (alphas.min() ?? 0) >= Self.directLowestConcentration else { return try transformRsample(sampleShape, using: &stream) }
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let streamAtDraw = stream
        let standard = Gamma.standardDraws(shape, concentrations: alphas, using: &stream)
        guard !standard.contains(where: { !($0 >= 0x1p-1000) }) else {
            stream = streamAtDraw
            return try transformRsample(sampleShape, using: &stream)
        }
        let rates = Kernels.expand(rate, to: batchShape), batch = alphas.count
        let values = Kernels.generate(standard.count) { i in rates[i % batch] / standard[i] }
        let concentration = self.concentration, rate = self.rate
        return Tensor.record(shape, values, inputs: [concentration, rate], acceptsBroadcastGradient: true) { g in
            let upstream = g.count == 1 ? nil : g.expanded(to: shape).scalars
            let s = g.scalars[0]
            /// Σ over the draws of (upstream × term(i)), summed to `target`, in one pass.
            func reduce(_ term: @escaping @Sendable (Int) -> Double, to target: [Int]) -> Tensor {
                let weighted = upstream.map { u in Kernels.generate(values.count) { i in u[i] * term(i) } }
                    ?? Kernels.generate(values.count) { i in s * term(i) }
                return Tensor(unchecked: shape, weighted).summed(to: target)
            }
            var result: [Tensor?] = [nil, nil]
            if concentration.requiresGradient {
                let dG = try GammaGradients.standardSampleDerivatives(concentrations: alphas, samples: standard)
                result[0] = reduce({ i in -values[i] * dG[i] / standard[i] }, to: concentration.shape)
            }
            if rate.requiresGradient {
                result[1] = reduce({ i in 1 / standard[i] }, to: rate.shape)
            }
            return result
        }
    }
}
