import Foundation

/// A univariate family that gives a value's implicit derivatives dw/dθ directly (closed form or its
/// own routine) and the ratio of its density at two nearby points without cancellation: what
/// `Truncated` needs to differentiate its draws in closed form instead of through G on dual numbers.
///
///     Gamma(α, β):  dw/dα = (dx/dα)(α, βw)/β (the Gamma sampler's own derivative),  dw/dβ = −w/β
public protocol SampleDerivativeFamily: UnivariateCDFFamily {
    /// dw/dθₖ = −(∂F/∂θₖ)(w)/p(w) for each of the family's parameters, at a point w of the support.
    func sampleDerivatives(at w: Double, parameters θ: [Double]) -> [Double]
    /// log p(w) − log p(z), accurate when w is close to z (no difference of two large logs).
    func logDensityRatio(_ w: Double, over z: Double, parameters θ: [Double]) -> Double
}

extension Normal: SampleDerivativeFamily {
    /// dw/dμ = 1, dw/dσ = (w − μ)/σ.
    public func sampleDerivatives(at w: Double, parameters θ: [Double]) -> [Double] { [1, (w - θ[0]) / θ[1]] }
    /// ((z − μ)² − (w − μ)²)/(2σ²) = (z − w)(z + w − 2μ)/(2σ²).
    public func logDensityRatio(_ w: Double, over z: Double, parameters θ: [Double]) -> Double {
        (z - w) * ((z - θ[0]) + (w - θ[0])) / (2 * θ[1] * θ[1])
    }
}

extension Exponential: SampleDerivativeFamily {
    /// dw/dλ = −w/λ.
    public func sampleDerivatives(at w: Double, parameters θ: [Double]) -> [Double] { [-w / θ[0]] }
    /// −λ(w − z).
    public func logDensityRatio(_ w: Double, over z: Double, parameters θ: [Double]) -> Double { -θ[0] * (w - z) }
}

extension Gamma: SampleDerivativeFamily {
    /// dw/dα = (dx/dα)(α, βw)/β from the standard Gamma's implicit derivative, dw/dβ = −w/β.
    public func sampleDerivatives(at w: Double, parameters θ: [Double]) -> [Double] {
        [gammaImplicitDerivative(concentration: θ[0], sample: θ[1] * w) / θ[1], -w / θ[1]]
    }
    /// (α − 1) log(w/z) − β(w − z), the logarithm taken as log1p((w − z)/z).
    public func logDensityRatio(_ w: Double, over z: Double, parameters θ: [Double]) -> Double {
        (θ[0] - 1) * Foundation.log1p((w - z) / z) - θ[1] * (w - z)
    }
}

/// The implicit derivatives of a draw z of a truncated family in closed form, from the base's own.
///
/// With G(z) = (F(z) − F(a))/(F(b) − F(a)) held fixed, the bounds enter only through F(a), F(b):
///
///     dz/da = (1 − G) p(a)/p(z),    dz/db = G p(b)/p(z),
///     dz/dθ = D(z) − (1 − G) p(a)/p(z) D(a) − G p(b)/p(z) D(b),
///
/// D(w) = dw/dθ being the base's implicit derivative at w (F_θ(w) = −p(w) D(w)). G and 1 − G each
/// come from the log-tails without subtracting from 1, and the density ratios from
/// `logDensityRatio`, so a draw near either bound keeps its digits; the θ-derivative is grouped
/// about the nearer bound, [D(z) − r_a D(a)] + G (r_a D(a) − r_b D(b)) for G < ½ (r = p(·)/p(z)),
/// the bracket as (D(z) − D(a)) − D(a) expm1(log r_a). From log-tails of size ℓ, G carries ℓε of
/// error, which that cancellation multiplies: `Truncated` takes the θ-derivatives here only while
/// |ℓ| ≤ 40 at both bounds (the bound derivatives always).
///
///     truncated(gamma(2.5, 1), low: 1, high: 4) at z = 2:  dz/dlow = (1 − G) p(1)/p(2)
struct TruncatedBoundDerivatives {
    /// The base's derivatives and log density at the bounds of one batch element (zero weight for an infinite bound).
    struct Element {
        let θ: [Double]
        let low: Double, high: Double
        let atLow: [Double], atHigh: [Double]
    }

    /// dz/dθₖ for the base's parameters, then low, then high, given G and 1 − G at z.
    static func derivatives(at z: Double, cdf g: Double, complement gc: Double, element e: Element,
                            base: any SampleDerivativeFamily) -> [Double] {
        let logRatioLow = e.low.isFinite ? base.logDensityRatio(e.low, over: z, parameters: e.θ) : -.infinity
        let logRatioHigh = e.high.isFinite ? base.logDensityRatio(e.high, over: z, parameters: e.θ) : -.infinity
        let ra = Foundation.exp(logRatioLow), rb = Foundation.exp(logRatioHigh)
        let dz = base.sampleDerivatives(at: z, parameters: e.θ)
        var out = [Double](repeating: 0, count: dz.count + 2)
        for k in dz.indices {
            // A bound where D vanishes adds nothing, even where the density there is infinite (Gamma α < 1 at 0).
            let a = ra == 0 || e.atLow[k] == 0 ? 0 : ra * e.atLow[k], b = rb == 0 || e.atHigh[k] == 0 ? 0 : rb * e.atHigh[k]
            // D(z) − r D(w) = (D(z) − D(w)) − D(w) expm1(log r): no 1 − r when w is next to z.
            if g < 0.5 {
                let nearLow = a == 0 ? dz[k] : (dz[k] - e.atLow[k]) - e.atLow[k] * Foundation.expm1(logRatioLow)
                out[k] = nearLow + g * (a - b)
            } else {
                let nearHigh = b == 0 ? dz[k] : (dz[k] - e.atHigh[k]) - e.atHigh[k] * Foundation.expm1(logRatioHigh)
                out[k] = nearHigh - gc * (a - b)
            }
        }
        out[dz.count] = gc * ra
        out[dz.count + 1] = g * rb
        return out
    }

    static func element(_ θ: [Double], low: Double, high: Double, base: any SampleDerivativeFamily) -> Element {
        let count = θ.count
        return Element(θ: θ, low: low, high: high,
                       atLow: low.isFinite ? base.sampleDerivatives(at: low, parameters: θ) : Array(repeating: 0, count: count),
                       atHigh: high.isFinite ? base.sampleDerivatives(at: high, parameters: θ) : Array(repeating: 0, count: count))
    }
}
