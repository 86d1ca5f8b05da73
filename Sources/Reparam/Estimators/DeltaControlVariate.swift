import Foundation

/// The delta-method control variate: the second-order Taylor expansion of f about m = E[z],
///
///     h(z) = f(m) + f′(m)(z − m) + ½ f″(m)(z − m)²,
///     E[h] = f(m) + f′(m)(E[z] − m) + ½ f″(m)(Var[z] + (E[z] − m)²),
///
/// with the coefficients fixed numbers (f′ and f″ by central differences at the current θ) and
/// E[h] a differentiable function of θ through the family's mean and variance. An estimator of
/// ∇θ E[f − h] plus the exact ∇θ E[h] stays unbiased; where f is close to quadratic the residual
/// f − h is small and so is the variance (Mohamed et al. 2020, §7.1.2).
///
///     let control = try DeltaControlVariate({ $0 * $0 }, around: normal)   // h = f exactly: zero variance
public struct DeltaControlVariate {
    let centre: Double
    let value: Double
    let slope: Double
    let curvature: Double

    public init(_ f: (Tensor) throws -> Tensor, around distribution: any Distribution) throws {
        let m = distribution.mean.scalars[0]
        guard m.isFinite, distribution.variance.scalars[0].isFinite else {
            throw ReparamError.invalidArgument("the delta-method control variate needs a finite mean and variance; \(distribution.name) has none here")
        }
        let step = 1e-3 * max(1, abs(m), distribution.standardDeviation.scalars[0])
        let values = try f(Tensor([m - step, m, m + step])).scalars
        guard values.count == 3, values.allSatisfy(\.isFinite) else {
            throw ReparamError.invalidArgument("the delta-method control variate needs f finite near the mean \(m), one value per point")
        }
        centre = m
        value = values[1]
        slope = (values[2] - values[0]) / (2 * step)
        curvature = (values[2] - 2 * values[1] + values[0]) / (step * step)
    }

    /// h(z), differentiable in z.
    func h(_ z: Tensor) throws -> Tensor {
        let d = try z.subtracting(Tensor(centre))
        return try Tensor(value).adding(d.multiplying(Tensor(slope))).adding(d.multiplying(d).multiplying(Tensor(0.5 * curvature)))
    }

    /// E[h] under the distribution, differentiable in its parameters.
    func expectation(under distribution: any Distribution) throws -> Tensor {
        let offset = try distribution.mean.subtracting(Tensor(centre))
        let secondMoment = try distribution.variance.adding(offset.multiplying(offset))
        return try Tensor(value).adding(offset.multiplying(Tensor(slope))).adding(secondMoment.multiplying(Tensor(0.5 * curvature))).sum()
    }
}
