/// Comparisons give 0/1 constants; `where` selects between two tensors and is
/// differentiable in both branches but not in the condition.
public enum Comparison: Sendable {
    case less, lessOrEqual, greater, greaterOrEqual, equal, notEqual

    @inline(__always) func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        case .equal: a == b
        case .notEqual: a != b
        }
    }
}

extension Tensor {
    /// 1 where `self op other` holds, else 0 (broadcast; no gradient).
    public func compared(_ comparison: Comparison, _ other: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(self.shape, other.shape)
        return Tensor(unchecked: shape, Kernels.broadcastZip(self, other, to: shape) { comparison.holds($0, $1) ? 1 : 0 })
    }

    /// 1 where `self op bound` holds, else 0 (no gradient).
    public func compared(_ comparison: Comparison, _ bound: Double) -> Tensor {
        Tensor(unchecked: shape, Kernels.map(scalars) { comparison.holds($0, bound) ? 1 : 0 })
    }
}

/// `a` where `condition` is nonzero, `b` elsewhere (all three broadcast).
///
/// ∂/∂a = condition ≠ 0, ∂/∂b = condition = 0; the condition gets no gradient.
public func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    let shape = try Shape.broadcast(Shape.broadcast(condition.shape, a.shape), b.shape)
    let mask = Kernels.expand(condition, to: shape)
    let values = Kernels.zip3(mask, Kernels.expand(a, to: shape), Kernels.expand(b, to: shape)) { $0 != 0 ? $1 : $2 }
    let needA = a.requiresGradient, needB = b.requiresGradient
    return Tensor.record(shape, values, inputs: [a, b]) { g in
        [needA ? Tensor(unchecked: shape, Kernels.zip(g.scalars, mask) { $1 != 0 ? $0 : 0 }).summed(to: a.shape) : nil,
         needB ? Tensor(unchecked: shape, Kernels.zip(g.scalars, mask) { $1 != 0 ? 0 : $0 }).summed(to: b.shape) : nil]
    }
}
