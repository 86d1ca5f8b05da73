import Foundation

/// The CDF of the standard Student-t distribution with ν degrees of freedom,
/// generic so that `Dual` in ν gives ∂F/∂ν (and `Dual` in t the density).
///
/// With x = ν/(ν+t²) and y = t²/(ν+t²) = 1 − x,
///
///     F(t; ν) = ½ I_x(ν/2, ½)        for t < 0,   1 − ½ I_x(ν/2, ½) for t > 0,
///
/// where I_x(ν/2, ½) = 1 − I_y(½, ν/2) is taken from whichever side converges.
/// x and y are formed from r = ν/t² (|t| ≥ 1) or t²/ν (|t| < 1) so neither
/// cancels, and log x, log y are passed on separately so that very heavy tails
/// (ν = 0.1, |t| ~ 1e30) keep full relative accuracy. For t = 0, or |t| so
/// small that t²/ν underflows, F = ½ + t·f(0; ν). For ν ≥ 1e4 the tail is a quadrature of
/// the density instead (`studentTLargeDfLowerTail`). NaN for ν not positive and finite or t NaN.
///
///     studentTCDF(-2.0, df: 3.0)                        // 0.06966…
///     studentTCDF(-2.0, df: Dual(3, derivative: 1))     // .derivative = ∂F/∂ν
public func studentTCDF<T: RealScalar>(_ t: T, df: T) -> T {
    guard df.value > 0, df.isFinite, !t.isNaN else { return T(.nan) }
    if !t.isFinite { return t.value < 0 ? 0 : 1 }
    if df.value >= studentTLargeDfCDFThreshold {
        // Quadrature of the density; ∂F/∂t = f(t), ∂F/∂ν = −f(t) dt/dν from the score integral.
        let tail = studentTLargeDfLowerTail(df: df.value, magnitude: Swift.abs(t.value))
        let value = t.value < 0 ? tail : 1 - tail
        let density = Foundation.exp(studentTLogDensityAtZero(df: df.value)
            - 0.5 * (df.value + 1) * Foundation.log1p(t.value * t.value / df.value))
        let byDf = df.derivativeMagnitude > 0 ? -density * studentTLargeDfDerivative(df: df.value, sample: t.value) : 0
        return t.lift(value: value, derivative: density) + df.lift(value: 0, derivative: byDf)
    }
    if df.value >= studentTLargeDfThreshold && df.derivativeMagnitude > 0 && t.derivativeMagnitude == 0 {
        // Only ν carries a derivative: take ∂F/∂ν = −f(t) dt/dν from the score
        // integral, which keeps its digits where the beta route cancels.
        let value = studentTCDF(t.value, df: df.value)
        let logDensity = studentTLogDensityAtZero(df: df.value) - 0.5 * (df.value + 1) * Foundation.log1p(t.value * t.value / df.value)
        return df.lift(value: value, derivative: -Foundation.exp(logDensity) * studentTLargeDfDerivative(df: df.value, sample: t.value))
    }
    guard let pieces = studentTPieces(t: t, df: df) else {
        return 0.5 + t * exp(studentTLogDensityAtZero(df: df))
    }
    let direct = exp(pieces.logFront) * pieces.factor
    // `direct` is 2·P(T < −|t|) or, as the complement, 2·P(−|t| < T < 0).
    let lowerTail = pieces.isComplement ? 0.5 - 0.5 * direct : 0.5 * direct
    return t.value < 0 ? lowerTail : 1 - lowerTail
}

/// log f(0; ν) = log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ), the density at the centre.
///
/// For z = ν/2 ≥ 8 the log-gamma difference is taken from Stirling's formula,
/// log Γ(z+½) − log Γ(z) = (z − ½) log1p(1/(2z)) + ½ log(z+½) − ½ + Δ(z+½) − Δ(z),
/// and ½ log(z+½) − ½ log(νπ) = ½ log1p(1/ν) − ½ log(2π), so that no two large
/// logarithms are subtracted (at ν = 1e300 they are 345 each).
func studentTLogDensityAtZero<T: RealScalar>(df: T) -> T {
    let z = 0.5 * df
    if z.value >= 8 {
        // ½ log(z+½) − ½ log(νπ) = ½ log1p(1/ν) − ½ log(2π): no two large logarithms subtracted.
        let ratio: T = (z - 0.5) * log1p(0.5 / z) - 0.5
        let corrections: T = stirlingCorrection(z + 0.5) - stirlingCorrection(z)
        let scale: T = 0.5 * log1p(1 / df) - T(0.5 * Foundation.log(2 * Double.pi))
        return ratio + corrections + scale
    }
    return logGamma(z + 0.5) - logGamma(z) - 0.5 * log(df * T(Double.pi))
}

/// The incomplete beta pieces of I_x(ν/2, ½) at x = ν/(ν+t²), or nil when
/// t²/ν underflows (t is then at the centre to working precision).
///
/// The front is xᵛᐟ² y¹ᐟ² / B(ν/2, ½) = |t| f(t; ν), which is what lets the
/// implicit derivative divide by the density without exponentiating.
func studentTPieces<T: RealScalar>(t: T, df: T) -> IncompleteBetaPieces<T>? {
    guard let c = studentTBetaCoordinates(t: t, df: df) else { return nil }
    return incompleteBetaPieces(x: c.x, y: c.y, logX: c.logX, logY: c.logY, a: 0.5 * df, b: 0.5)
}

/// x = ν/(ν+t²), y = t²/(ν+t²) and their logarithms, each without cancellation (see
/// `studentTCDF`), or nil when t²/ν underflows.
func studentTBetaCoordinates<T: RealScalar>(t: T, df: T) -> (x: T, y: T, logX: T, logY: T)? {
    let magnitude = abs(t)
    let x: T, y: T, logX: T, logY: T
    if magnitude.value >= 1 {
        let r = df / magnitude / magnitude              // ν/t², may underflow harmlessly
        let logR = log(df) - 2 * log(magnitude)
        let log1pR = r.value > 1e-300 ? log1p(r) : r
        x = r / (1 + r)
        y = 1 / (1 + r)
        // log x = −log1p(t²/ν) where that is small: log R − log1p(R) would cancel (4e-12 at ν = 7e3, t = 1.65).
        logX = r.value >= 1 ? -log1p(magnitude * magnitude / df) : logR - log1pR
        logY = -log1pR
    } else {
        let s = magnitude / sqrt(df)
        let ratio = s * s                               // t²/ν
        guard ratio.value > 1e-300 else { return nil }
        x = 1 / (1 + ratio)
        y = ratio / (1 + ratio)
        logX = -log1p(ratio)
        logY = 2 * log(s) - log1p(ratio)
    }
    return (x, y, logX, logY)
}
