import Foundation

// The implicit Gamma gradient at large shapes by Temme's uniform asymptotic expansion
// (Temme 1979; DiDonato & Morris 1986, §3), which needs no iteration at any α:
//
//     Q(a, x) = ½ erfc(η√(a/2)) + E·(C₀(η) + C₁(η)/a + O(a⁻²)),   E = e^{−aη²/2}/√(2πa),
//     λ = x/a,   η²/2 = λ − 1 − log λ,   sign η = sign(λ − 1).
//
// Differentiating in a at fixed x (∂η/∂a = −(λ−1)/(aη), and λ − 1 − η²/2 = log λ), and dividing
// by the density p(x) = E/(λ Γ*(a)), Γ*(a) = Γ(a)/(√(2π/a) aᵃe⁻ᵃ) = exp(c(a)), the factor E cancels:
//
//     dz/dα = λ Γ*(a) · [ (λ−1)/η − η/2 + (log λ − 1/(2a)) S + ∂η/∂a (C₀′ + C₁′/a) − C₁/a² ],
//     S = C₀ + C₁/a.
//
// Regions and methods:
// * |η| ≤ 1: C₀ by its Taylor series (28 terms, last term < 2e-18), C₁ by 12 terms (enters × 1/a ≤ 1e-6);
//   coefficients from scripts/fixtures/gamma_temme_coefficients.py (mpmath, 60 digits);
// * |η| > 1: the closed forms C₀ = 1/(λ−1) − 1/η, C₁ = 1/η³ − 1/(λ−1)³ − 1/(λ−1)² − 1/(12(λ−1))
//   (they lose at most 3× and 540× to cancellation there, C₁'s loss scaled down by 1/a).
// The truncation is |C₂|/a² ≤ 5e-15 relative for a ≥ 1e6 (C₂(0) = 25/6048).
// Measured against mpmath quadrature (gamma_distinct.tsv, 120 held-out points with log α uniform
// on [1e6, 1e15], quantiles in [1e-10, 1 − 1e-10]): worst relative error printed by
// GammaDistinctTests (1.9e-15 when written).

/// The smallest shape that takes Temme's expansion instead of the series and continued fraction.
@usableFromInline let gammaTemmeMinimumConcentration = 1e6

/// d log z/dα for a Gamma(α, 1) sample z (or, when z overflows, its log), α ≥ `gammaTemmeMinimumConcentration`.
///
///     gammaTemmeLogDerivative(1e12, sample: 1e12 + 3e6, logSample: log(1e12 + 3e6)) // ≈ (1 + 1.5e-6)/z
@usableFromInline func gammaTemmeLogDerivative(_ a: Double, sample z: Double, logSample logZ: Double) -> Double {
    // λ − 1 (exact for λ ∈ [½, 2]), log λ and m = log λ − λ + 1 = −η²/2 without cancellation near λ = 1.
    let lambdaMinusOne: Double, logLambda: Double, m: Double
    if z.isFinite {
        lambdaMinusOne = (z - a) / a
        logLambda = lambdaMinusOne.magnitude < 0.5 ? Foundation.log1p(lambdaMinusOne) : Foundation.log(z / a)
        m = logRatioMinusLinear(z, a)
    } else {
        logLambda = logZ - Foundation.log(a)
        lambdaMinusOne = Foundation.expm1(logLambda)
        m = logLambda - lambdaMinusOne
    }
    let lambda = 1 + lambdaMinusOne
    let eta = (lambdaMinusOne < 0 ? -1.0 : 1.0) * (-2 * m).squareRoot()
    let (c0, c0Slope, c1, c1Slope) = TemmeCoefficients.values(eta: eta, lambdaMinusOne: lambdaMinusOne, lambda: lambda)
    let inverseA = 1 / a
    // (λ−1)/η → 1 and ∂η/∂a → −1/a as η → 0.
    let ratio = eta == 0 ? 1 : lambdaMinusOne / eta
    let etaSlope = -ratio * inverseA
    let s = c0 + c1 * inverseA
    let bracket = ratio - eta / 2 + (logLambda - 0.5 * inverseA) * s + etaSlope * (c0Slope + c1Slope * inverseA)
        - c1 * inverseA * inverseA
    // dz/dα / z = Γ*(a) · bracket / a.
    return Foundation.exp(stirlingCorrection(a)) * bracket * inverseA
}

/// C₀, C₀′, C₁, C₁′ of Temme's expansion at η (λ − 1 and λ given alongside, for the closed forms).
@usableFromInline enum TemmeCoefficients {
    static func values(eta: Double, lambdaMinusOne e: Double, lambda: Double) -> (Double, Double, Double, Double) {
        if eta.magnitude <= 1 {
            let (c0, c0Slope) = series(c0, eta)
            let (c1, c1Slope) = series(c1, eta)
            return (c0, c0Slope, c1, c1Slope)
        }
        // dλ/dη = ηλ/(λ−1), from η dη = (1 − 1/λ) dλ.
        let eSlope = eta * lambda / e
        let (ie, ieta) = (1 / e, 1 / eta)
        let c0 = ie - ieta
        let c0Slope = -eSlope * ie * ie + ieta * ieta
        let c1 = ieta * ieta * ieta - ie * ie * ie - ie * ie - ie / 12
        let c1Slope = -3 * ieta * ieta * ieta * ieta + eSlope * (3 * ie * ie * ie * ie + 2 * ie * ie * ie + ie * ie / 12)
        return (c0, c0Slope, c1, c1Slope)
    }

    /// Σ cₙηⁿ and its η-derivative by Horner.
    @inline(__always) static func series(_ c: [Double], _ eta: Double) -> (Double, Double) {
        var value = 0.0, slope = 0.0
        for k in stride(from: c.count - 1, through: 0, by: -1) {
            slope = slope * eta + value
            value = value * eta + c[k]
        }
        return (value, slope)
    }

    static let c0: [Double] = [
        -0.3333333333333333, 0.08333333333333333, -0.014814814814814815, 0.0011574074074074073, 0.0003527336860670194,
        -0.0001787551440329218, 3.919263178522438e-05, -2.185448510679992e-06, -1.85406221071516e-06, 8.296711340953087e-07,
        -1.7665952736826078e-07, 6.707853543401498e-09, 1.0261809784240309e-08, -4.382036018453353e-09, 9.14769958223679e-10,
        -2.5514193994946248e-11, -5.830772132550426e-11, 2.4361948020667415e-11, -5.0276692801141755e-12, 1.1004392031956135e-13,
        3.371763262400985e-13, -1.392388722418162e-13, 2.8534893807047445e-14, -5.139111834242572e-16, -1.9752288294349442e-15,
        8.099521156704561e-16, -1.6522531216398162e-16, 2.5305430097478883e-18,
    ]
    static let c1: [Double] = [
        -0.001851851851851852, -0.003472222222222222, 0.0026455026455026454, -0.0009902263374485596, 0.00020576131687242798,
        -4.018775720164609e-07, -1.8098550334489977e-05, 7.64916091608111e-06, -1.6120900894563446e-06, 4.647127802807434e-09,
        1.378633446915721e-07, -5.752545603517705e-08,
    ]
}
