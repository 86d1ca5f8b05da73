import Foundation

/// A family whose mean, variance and entropy have no closed form (a relaxed categorical, a
/// logistic normal): `mean` and `variance` are NaN, `entropy` says how to estimate it, and the
/// language answers `d.mean` with the estimate from draws to use instead.
///
///     let d = try LogisticNormal(loc: Tensor([0, 1]), scale: Tensor(1))
///     d.mean                 // [nan, nan, nan]
///     try d.entropy()        // throws: LogisticNormal has no closed-form entropy; estimate it as …
public protocol MomentsFromDrawsOnly: Distribution {}

extension MomentsFromDrawsOnly {
    public var mean: Tensor { Tensor(repeating: .nan, shape: batchShape + eventShape) }
    public var variance: Tensor { Tensor(repeating: .nan, shape: batchShape + eventShape) }
    public func computeEntropy() throws -> Tensor {
        throw ReparamError.invalidArgument("\(name) has no closed-form entropy; estimate it as -mean(d.log_prob(d.sample(n)))")
    }
}

/// log p(x) on the simplex for a density that vanishes on its boundary: `body` receives log x with
/// every coordinate of a boundary row (one with a coordinate at 0) replaced by log(1/K), so neither
/// its value nor its gradient meets log 0; those rows get −∞.
///
///     try logDensityInsideSimplex(x) { logX in try logX.sum(axis: -1) }   // Σ log xₖ, −∞ on the boundary
func logDensityInsideSimplex(_ value: Tensor, _ body: (_ logX: Tensor) throws -> Tensor) throws -> Tensor {
    let positive = try value.compared(.greater, Tensor(0))
    let logX = log(try `where`(positive, value, Tensor(1 / Double(value.shape.last ?? 1))))
    let boundary = try (1 - positive).sum(axis: -1).compared(.greater, Tensor(0))
    return try `where`(boundary, Tensor(-.infinity), body(logX))
}
