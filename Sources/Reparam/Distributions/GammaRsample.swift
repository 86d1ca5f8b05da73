import Foundation

extension Gamma {
    /// Gamma(αᵢ, β) draws of shape `shape` (sample + batch), α cycling over the batch, recorded with
    /// their implicit gradients: z = G/β with G ~ Gamma(α, 1) by Marsaglia–Tsang, and for αᵢ = c·θᵢ
    ///
    ///     ∂z/∂θ = c·(dG/dα)/β   (dG/dα exact, `GammaGradients.standardSampleDerivatives`),   ∂z/∂β = −z/β.
    ///
    /// Gamma passes θ = α (c = 1); Chi2(k) passes θ = k, c = ½ and β = ½, where c/β = 1 and
    /// dz/dk = dG/dα exactly, with no node for k/2 and no per-element rates.
    ///
    ///     let z = try Gamma.implicitRsample([3], batchShape: [3], parameter: df, concentrations: [1, 2, 3],
    ///                                       concentrationScale: 0.5, rate: Tensor(0.5), using: &stream)
    static func implicitRsample(_ shape: [Int], batchShape: [Int], parameter: Tensor, concentrations alphas: [Double],
                                concentrationScale c: Double, rate: Tensor, using stream: inout RandomStream) throws -> Tensor {
        // z = G/β; with every rate 1 the draws are the samples (no copy, and no per-element rates), with
        // one rate for the whole batch (Chi2's ½) a division by it (no per-element rates or index arithmetic).
        let rateScalars = rate.scalars
        let unitRates = rateScalars.allSatisfy { $0 == 1 }
        let commonRate: Double? = unitRates ? 1 : rateScalars.count == 1 ? rateScalars[0] : nil
        let rates = commonRate == nil ? Kernels.expand(rate, to: batchShape) : []
        let standard = standardDraws(shape, concentrations: alphas, using: &stream)
        let batch = alphas.count
        let values: [Double]
        if unitRates {
            values = standard
        } else if let beta = commonRate {
            values = Kernels.generate(standard.count) { i in standard[i] / beta }
        } else {
            values = Kernels.generate(standard.count) { i in standard[i] / rates[i % batch] }
        }
        /// β for sample i.
        @Sendable func rateOf(_ i: Int) -> Double { commonRate ?? rates[i % batch] }
        // c/β when it is exactly 1 (Gamma at unit rates, Chi2): the gradient to θ is dG itself.
        let unitFactor = commonRate.map { c / $0 == 1 } ?? false
        return Tensor.record(shape, values, inputs: [parameter, rate], acceptsBroadcastGradient: true) { g in
            // A one-number upstream gradient s (a mean or sum) needs only per-batch sums:
            // ∂/∂θ_b = s·Σ c·dG/β_b, ∂/∂β_b = −s·Σ z/β_b.
            let upstream = g.count == 1 ? nil : g.expanded(to: shape).scalars
            let s = g.scalars[0]
            func reduce(_ term: @escaping @Sendable (Int) -> Double, to target: [Int]) -> Tensor {
                if let upstream {
                    return Tensor(unchecked: shape, Kernels.generate(values.count) { i in upstream[i] * term(i) }).summed(to: target)
                }
                if batch == values.count {  // one draw per parameter value: each term is its own sum
                    return Tensor(unchecked: batchShape, Kernels.generate(batch) { i in s * term(i) }).summed(to: target)
                }
                let sums = Parallel.sums(count: values.count, width: batch) { range, partial in
                    for i in range { partial[i % batch] += term(i) }
                }
                return Tensor(unchecked: batchShape, sums.map { s * $0 }).summed(to: target)
            }
            var result: [Tensor?] = [nil, nil]
            if parameter.requiresGradient {
                var dG = try GammaGradients.standardSampleDerivatives(concentrations: alphas, samples: standard)
                if upstream == nil && batch == values.count {
                    // One draw per parameter value (a VAE's batch) and a one-number upstream: s·c·dG/β in
                    // place, the same products as `reduce`, without its 8 MB a million draws; nothing to do
                    // when s = 1 and c/β = 1 (the sum of Gamma(α, 1) or Chi2 draws).
                    let identity = s == 1 && unitFactor
                    if !identity {
                        dG.withUnsafeMutableBufferPointer { buffer in
                            let terms = SharedBuffer(buffer)
                            Parallel.forEachChunk(count: terms.count) { range in
                                if unitFactor {
                                    for i in range { terms[i] = s * terms[i] }
                                } else if let beta = commonRate {
                                    for i in range { terms[i] = s * (terms[i] / beta) * c }
                                } else {
                                    for i in range { terms[i] = s * (terms[i] / rates[i]) * c }
                                }
                            }
                        }
                    }
                    result[0] = Tensor(unchecked: batchShape, dG).summed(to: parameter.shape)
                } else {
                    let dG = dG
                    result[0] = unitFactor ? reduce({ i in dG[i] }, to: parameter.shape)
                        : reduce({ i in dG[i] / rateOf(i) * c }, to: parameter.shape)
                }
            }
            if rate.requiresGradient {
                result[1] = unitRates ? reduce({ i in -values[i] }, to: rate.shape)
                    : reduce({ i in -values[i] / rateOf(i) }, to: rate.shape)
            }
            return result
        }
    }
}
