/// Selecting, slicing, reshaping, concatenating and stacking.
///
/// Each backward rule scatters the upstream gradient back to where the
/// elements came from.
extension Tensor {
    /// The same elements under another shape with the same count.  ∂: reshape back.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        guard Shape.count(newShape) == count, newShape.allSatisfy({ $0 >= 0 }) else {
            throw ReparamError.shape("cannot reshape \(shape) (\(count) elements) to \(newShape)")
        }
        let old = shape
        return Tensor.record(newShape, scalars, inputs: [self]) { g in [Tensor(unchecked: old, g.scalars)] }
    }

    /// The same elements under `newShape`, which has the same count by construction.
    private func relabeled(_ newShape: [Int]) -> Tensor {
        let old = shape
        return Tensor.record(newShape, scalars, inputs: [self]) { g in [Tensor(unchecked: old, g.scalars)] }
    }

    /// All elements as a vector.
    public func flattened() -> Tensor { relabeled([count]) }

    /// A length-1 axis inserted at `axis` (0…rank).
    func unsqueezed(_ axis: Int) -> Tensor { var s = shape; s.insert(1, at: axis); return relabeled(s) }
    /// The length-1 axis at `axis` removed.
    func squeezed(_ axis: Int) -> Tensor { var s = shape; s.remove(at: axis); return relabeled(s) }

    /// Elements `range` along `axis` (`x.slice(axis: 0, 2..<5)`); negative bounds count from the end.
    public func slice(axis: Int, _ range: Range<Int>) throws -> Tensor {
        let axis = try Shape.axis(axis, rank: rank)
        let length = shape[axis]
        guard range.lowerBound >= 0, range.upperBound <= length else {
            throw ReparamError.shape("slice \(range.lowerBound):\(range.upperBound) is out of range for axis \(axis) of length \(length)")
        }
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        var newShape = shape
        newShape[axis] = range.count
        let source = scalars, width = range.count * inner
        // Block o of the result is the contiguous run (o·length + lower)·inner ..< + width of the source;
        // the blocks split across cores.
        let values = Kernels.make(outer * width) { out in
            let out = SharedBuffer(out)
            Parallel.forEachChunk(count: outer, alignment: 1) { blocks in
                for o in blocks {
                    let base = (o * length + range.lowerBound) * inner
                    for k in 0..<width { out[o * width + k] = source[base + k] }
                }
            }
        }
        let old = shape
        return Tensor.record(newShape, values, inputs: [self]) { g in
            let upstream = g.scalars
            // Each source block (length·inner numbers) is zero but for the slice's run.
            let out = Kernels.make(source.count) { out in
                let out = SharedBuffer(out)
                Parallel.forEachChunk(count: outer, alignment: 1) { blocks in
                    for o in blocks {
                        let start = o * length * inner, base = (o * length + range.lowerBound) * inner
                        for k in start..<(start + length * inner) { out[k] = 0 }
                        for k in 0..<width { out[base + k] = upstream[o * width + k] }
                    }
                }
            }
            return [Tensor(unchecked: old, out)]
        }
    }

    /// The sub-tensor at `index` along `axis`, with that axis removed
    /// (`x.select(axis: 0, 3)` is row 3; `x.select(axis: 1, 0)` column 0).
    /// A negative index counts from the end.
    public func select(axis: Int, _ index: Int) throws -> Tensor {
        let axis = try Shape.axis(axis, rank: rank)
        let length = shape[axis]
        let i = index < 0 ? index + length : index
        guard i >= 0, i < length else {
            throw ReparamError.shape("index \(index) is out of range for axis \(axis) of length \(length)")
        }
        return try slice(axis: axis, i..<(i + 1)).squeezed(axis)
    }

    /// Row `index` of a tensor of rank ≥ 1.
    public func row(_ index: Int) throws -> Tensor { try select(axis: 0, index) }
    /// Column `index` of a tensor of rank ≥ 2.
    public func column(_ index: Int) throws -> Tensor { try select(axis: 1, index) }
}

/// The tensors joined along an existing `axis`; other extents must agree.
public func concatenate(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
    guard let first = tensors.first else { throw ReparamError.shape("concatenate needs at least one tensor") }
    let axis = try Shape.axis(axis, rank: first.rank)
    for t in tensors where t.rank != first.rank || t.shape.enumerated().contains(where: { $0.offset != axis && $0.element != first.shape[$0.offset] }) {
        throw ReparamError.shape("cannot concatenate shapes \(first.shape) and \(t.shape) along axis \(axis)")
    }
    let outer = first.shape[..<axis].reduce(1, *), inner = first.shape[(axis + 1)...].reduce(1, *)
    let lengths = tensors.map { $0.shape[axis] }
    let total = lengths.reduce(0, +)
    var shape = first.shape
    shape[axis] = total
    var values = [Double]()
    values.reserveCapacity(outer * total * inner)
    for o in 0..<outer {
        for (t, n) in zip(tensors, lengths) { values += t.scalars[(o * n * inner)..<((o + 1) * n * inner)] }
    }
    let shapes = tensors.map(\.shape)
    return Tensor.record(shape, values, inputs: tensors) { g in
        var parts = lengths.map { [Double](repeating: 0, count: outer * $0 * inner) }
        var j = 0
        for o in 0..<outer {
            for (p, n) in lengths.enumerated() {
                for k in 0..<(n * inner) { parts[p][o * n * inner + k] = g.scalars[j]; j += 1 }
            }
        }
        return zip(parts, shapes).map { Tensor(unchecked: $1, $0) }
    }
}

/// The tensors (all of one shape) stacked along a new `axis`.
public func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
    guard let first = tensors.first else { throw ReparamError.shape("stack needs at least one tensor") }
    guard tensors.allSatisfy({ $0.shape == first.shape }) else {
        throw ReparamError.shape("stack needs tensors of one shape, got \(tensors.map(\.shape))")
    }
    let axis = try Shape.axis(axis, rank: first.rank + 1)
    return try concatenate(tensors.map { $0.unsqueezed(axis) }, axis: axis)
}

extension Tensor {
    /// The tensor repeated along broadcast axes to `shape`.  ∂: sum back over them.
    public func broadcast(to shape: [Int]) throws -> Tensor {
        guard try Shape.broadcast(self.shape, shape) == shape else {
            throw ReparamError.shape("cannot broadcast shape \(self.shape) to \(shape)")
        }
        let old = self.shape
        return Tensor.record(shape, Kernels.expand(self, to: shape), inputs: [self]) { g in [g.summed(to: old)] }
    }
}
