import Foundation

/// Reductions over all elements or along one axis, each with its backward rule.
///
/// Along an axis the result drops that axis (`[n, 3].sum(axis: 0)` has shape
/// `[3]`). Over everything the result is a scalar.
extension Tensor {
    /// The (outer, length, inner) split of this tensor's elements around `axis`.
    private func split(_ axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Applies `reduce(lane)` to each lane along `axis`; lanes are strided views.
    private func reduceLanes(_ axis: Int, _ reduce: (_ base: UnsafePointer<Double>, _ length: Int, _ stride: Int) -> Double) -> [Double] {
        let (outer, length, inner) = split(axis)
        return scalars.withUnsafeBufferPointer { x in
            Kernels.make(outer * inner) { out in
                for o in 0..<outer {
                    for i in 0..<inner { out[o * inner + i] = reduce(x.baseAddress! + o * length * inner + i, length, inner) }
                }
            }
        }
    }

    /// `reduced` (shape without `axis`) repeated along `axis` back to this shape.
    private func spread(_ reduced: [Double], along axis: Int) -> [Double] {
        let (outer, length, inner) = split(axis)
        return Kernels.make(count) { out in
            for o in 0..<outer {
                for k in 0..<length {
                    for i in 0..<inner { out[(o * length + k) * inner + i] = reduced[o * inner + i] }
                }
            }
        }
    }

    private func reducedShape(_ axis: Int) -> [Int] { var s = shape; s.remove(at: axis); return s }

    // MARK: sum, mean

    /// Σ of all elements.  ∂/∂x = 1 (passed on as one number that broadcasts).
    public func sum() -> Tensor {
        return Tensor.record([], [Kernels.total(scalars)], inputs: [self]) { g in [g] }
    }

    /// Σ along `axis`.  ∂/∂x = 1 spread along the axis.
    public func sum(axis: Int) throws -> Tensor {
        let axis = try Shape.axis(axis, rank: rank)
        let values = reduceLanes(axis) { p, n, s in var t = 0.0; for k in 0..<n { t += p[k * s] }; return t }
        let this = detached
        return Tensor.record(reducedShape(axis), values, inputs: [self]) { g in
            [Tensor(unchecked: this.shape, this.spread(g.scalars, along: axis))]
        }
    }

    /// The average of all elements.  ∂/∂x = 1/n.
    public func mean() -> Tensor {
        let n = Double(count)
        return Tensor.record([], [Kernels.total(scalars) / n], inputs: [self]) { g in [g / n] }
    }

    /// The average along `axis`.
    public func mean(axis: Int) throws -> Tensor {
        let axis = try Shape.axis(axis, rank: rank)
        return try sum(axis: axis) / Double(shape[axis])
    }

    // MARK: var, std

    /// Variance of all elements with `correction` degrees of freedom removed
    /// (1: the unbiased sample variance, as torch.var; 0: the population variance).
    public func variance(correction: Int = 1) -> Tensor {
        let centered = self - mean()
        return (centered * centered).sum() / Double(Swift.max(count - correction, 0))
    }

    /// Variance along `axis`.
    public func variance(axis: Int, correction: Int = 1) throws -> Tensor {
        let axis = try Shape.axis(axis, rank: rank)
        let centered = try subtracting(mean(axis: axis).unsqueezed(axis))
        return try (centered * centered).sum(axis: axis) / Double(Swift.max(shape[axis] - correction, 0))
    }

    /// Standard deviation, √variance.
    public func standardDeviation(correction: Int = 1) -> Tensor { Reparam.sqrt(variance(correction: correction)) }

    /// Standard deviation along `axis`.
    public func standardDeviation(axis: Int, correction: Int = 1) throws -> Tensor {
        Reparam.sqrt(try variance(axis: axis, correction: correction))
    }

    // MARK: min, max

    /// The largest element; the gradient goes to its first occurrence.
    public func max() throws -> Tensor { try flattened().extremum(axis: 0, larger: true) }
    /// The smallest element; the gradient goes to its first occurrence.
    public func min() throws -> Tensor { try flattened().extremum(axis: 0, larger: false) }
    /// The largest element along `axis`.
    public func max(axis: Int) throws -> Tensor { try extremum(axis: Shape.axis(axis, rank: rank), larger: true) }
    /// The smallest element along `axis`.
    public func min(axis: Int) throws -> Tensor { try extremum(axis: Shape.axis(axis, rank: rank), larger: false) }

    private func extremum(axis: Int, larger: Bool) throws -> Tensor {
        guard shape[axis] > 0 else { throw ReparamError.shape("\(larger ? "max" : "min") of an empty axis") }
        // Position of the winner in each lane, then its value.
        let positions = reduceLanes(axis) { p, n, s in
            var best = 0
            for k in 1..<Swift.max(n, 1) where larger ? p[k * s] > p[best * s] : p[k * s] < p[best * s] { best = k }
            return Double(best)
        }
        let (_, length, inner) = split(axis)
        let x = scalars
        let values = positions.indices.map { j in x[(j / inner) * length * inner + Int(positions[j]) * inner + j % inner] }
        let shape = self.shape
        return Tensor.record(reducedShape(axis), values, inputs: [self]) { g in
            var out = [Double](repeating: 0, count: x.count)
            for j in positions.indices { out[(j / inner) * length * inner + Int(positions[j]) * inner + j % inner] = g.scalars[j] }
            return [Tensor(unchecked: shape, out)]
        }
    }

    // MARK: logsumexp

    /// log Σ exp(x), computed as m + log Σ exp(x − m).  ∂/∂x = softmax(x).
    public func logSumExp() throws -> Tensor { try flattened().logSumExp(axis: 0) }

    /// log Σ exp along `axis`.
    public func logSumExp(axis: Int) throws -> Tensor {
        let axis = try Shape.axis(axis, rank: rank)
        let peak = try max(axis: axis).detached.unsqueezed(axis)
        let shifted = try subtracting(peak)
        return try Reparam.log(Reparam.exp(shifted).sum(axis: axis)).adding(peak.squeezed(axis))
    }
}
