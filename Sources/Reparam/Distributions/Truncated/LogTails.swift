import Foundation

/// A univariate family that can give log F(z) and log(1 − F(z)) directly, each accurate where
/// the other tail's F would round to 0 or 1 (and below the smallest double): what truncation
/// far in a tail needs.
///
///     Normal:  log F = log Φ((z−μ)/σ),  log(1 − F) = log Φ((μ−z)/σ)
public protocol LogTailFamily: UnivariateCDFFamily {
    /// log F(z; θ).
    func logCDF<T: RealScalar>(at z: T, parameters θ: [T]) -> T
    /// log(1 − F(z; θ)).
    func logSurvival<T: RealScalar>(at z: T, parameters θ: [T]) -> T
}

extension UnivariateCDFFamily {
    /// log F(z; θ): the family's own where it has one (`LogTailFamily`), else log of its CDF.
    func logLowerTail<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        if let tails = self as? any LogTailFamily { return tails.logCDF(at: z, parameters: θ) }
        return log(cdf(at: z, parameters: θ))
    }
    /// log(1 − F(z; θ)): the family's own where it has one, else log1p(−F).
    func logUpperTail<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        if let tails = self as? any LogTailFamily { return tails.logSurvival(at: z, parameters: θ) }
        return log1p(-cdf(at: z, parameters: θ))
    }
}

extension Normal: LogTailFamily {
    public func logCDF<T: RealScalar>(at z: T, parameters θ: [T]) -> T { standardNormalLogCDF((z - θ[0]) / θ[1]) }
    public func logSurvival<T: RealScalar>(at z: T, parameters θ: [T]) -> T { standardNormalLogCDF((θ[0] - z) / θ[1]) }
}

extension Exponential: LogTailFamily {
    public func logCDF<T: RealScalar>(at z: T, parameters θ: [T]) -> T { z.value <= 0 ? T(-.infinity) : log(-expm1(-θ[0] * z)) }
    public func logSurvival<T: RealScalar>(at z: T, parameters θ: [T]) -> T { z.value <= 0 ? T(0) : -θ[0] * z }
}

extension Gamma: LogTailFamily {
    public func logCDF<T: RealScalar>(at z: T, parameters θ: [T]) -> T { z.value <= 0 ? T(-.infinity) : log(regularizedGammaP(θ[0], θ[1] * z)) }
    public func logSurvival<T: RealScalar>(at z: T, parameters θ: [T]) -> T { z.value <= 0 ? T(0) : log(regularizedGammaQ(θ[0], θ[1] * z)) }
}

extension Weibull: LogTailFamily {
    public func logCDF<T: RealScalar>(at z: T, parameters θ: [T]) -> T { log(cdf(at: z, parameters: θ)) }
    /// −(z/λ)ᵏ.
    public func logSurvival<T: RealScalar>(at z: T, parameters θ: [T]) -> T { z.value <= 0 ? T(0) : -exp(θ[1] * log(z / θ[0])) }
}

extension Pareto: LogTailFamily {
    public func logCDF<T: RealScalar>(at z: T, parameters θ: [T]) -> T { log(cdf(at: z, parameters: θ)) }
    /// −α log(z/xₘ).
    public func logSurvival<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        z.value <= θ[0].value ? T(0) : -θ[1] * log1p((z - θ[0]) / θ[0])
    }
}

extension GeneralizedPareto: LogTailFamily {
    public func logCDF<T: RealScalar>(at z: T, parameters θ: [T]) -> T { log(cdf(at: z, parameters: θ)) }
    /// −t(z), the cumulative hazard.
    public func logSurvival<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        let y = (z - θ[0]) / θ[1]
        return y.value <= 0 ? T(0) : -Self.cumulativeHazard(y, θ[2])
    }
}
