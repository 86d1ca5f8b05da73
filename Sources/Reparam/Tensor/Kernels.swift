/// The loops every elementwise operation runs: contiguous buffers, no
/// per-element allocation, split across cores for large tensors.
enum Kernels {
    /// A fresh buffer of `count` elements filled by `body(output)`.
    @inline(__always)
    static func make(_ count: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
    }

    /// `columns` fresh buffers of `count` elements each, filled together by one `body(outputs)`:
    /// a kernel that forms several results per element (dz/dθₖ for every k) writes each straight
    /// into its own array, with no flat buffer to copy apart afterwards.
    ///
    ///     let columns = Kernels.makeColumns(2, n) { out in ... }   // columns[k][i] is what body wrote to out[k][i]
    static func makeColumns(_ columns: Int, _ count: Int, _ body: ([UnsafeMutableBufferPointer<Double>]) -> Void) -> [[Double]] {
        // Each level lends one more buffer; the innermost runs `body` with all of them.
        func fill(_ lent: [UnsafeMutableBufferPointer<Double>]) -> [[Double]] {
            guard lent.count < columns else {
                body(lent)
                return []
            }
            var rest: [[Double]] = []
            let column = make(count) { buffer in rest = fill(lent + [buffer]) }
            return [column] + rest
        }
        return fill([])
    }

    /// out[i] = f(i), split across cores for large counts.
    ///
    /// `f` is called indirectly per element on the worker threads: for a hot loop, write it
    /// inside a `Parallel.forEachChunk` body or use an operation type (`UnaryOperation`).
    @inline(__always)
    static func generate(_ count: Int, _ f: @Sendable (Int) -> Double) -> [Double] {
        make(count) { out in
            let out = SharedBuffer(out)
            Parallel.forEachChunk(count: count) { range in
                for i in range { out[i] = f(i) }
            }
        }
    }

    /// out[i] = f(x[i]).
    @inline(__always)
    static func map<F: UnaryOperation>(_ x: [Double], _ f: F) -> [Double] {
        x.withUnsafeBufferPointer { x in
            make(x.count) { out in
                let out = SharedBuffer(out), x = SharedBuffer(x)
                Parallel.forEachChunk(count: x.count) { range in
                    for i in range { out[i] = f(x[i]) }
                }
            }
        }
    }

    /// x[i] = f(x[i]) in place, split across cores for large counts.
    ///
    ///     stream.fillUniform(out); Kernels.update(out, CauchyFromUniform())   // tan(π(u − ½))
    @inline(__always)
    static func update<F: UnaryOperation>(_ x: UnsafeMutableBufferPointer<Double>, _ f: F) {
        let x = SharedBuffer(x)
        Parallel.forEachChunk(count: x.count) { range in
            for i in range { x[i] = f(x[i]) }
        }
    }

    /// out[i] = f(x[i]) for a closure (called indirectly per element; see `UnaryOperation`).
    static func map(_ x: [Double], _ f: @escaping @Sendable (Double) -> Double) -> [Double] { map(x, UnaryClosure(f: f)) }

    /// out[i] = f(x[i], y[i]) for equal counts.
    @inline(__always)
    static func zip<F: BinaryOperation>(_ x: [Double], _ y: [Double], _ f: F) -> [Double] {
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                make(x.count) { out in
                    let out = SharedBuffer(out), x = SharedBuffer(x), y = SharedBuffer(y)
                    Parallel.forEachChunk(count: x.count) { range in
                        for i in range { out[i] = f(x[i], y[i]) }
                    }
                }
            }
        }
    }

    /// out[i] = f(x[i], y[i]) for a closure (called indirectly per element; see `UnaryOperation`).
    static func zip(_ x: [Double], _ y: [Double], _ f: @escaping @Sendable (Double, Double) -> Double) -> [Double] {
        zip(x, y, BinaryClosure(f: f))
    }

    /// out[i] = f(x[i], y[i], z[i]) for equal counts.
    @inline(__always)
    static func zip3<F: TernaryOperation>(_ x: [Double], _ y: [Double], _ z: [Double], _ f: F) -> [Double] {
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                z.withUnsafeBufferPointer { z in
                    make(x.count) { out in
                        let out = SharedBuffer(out), x = SharedBuffer(x), y = SharedBuffer(y), z = SharedBuffer(z)
                        Parallel.forEachChunk(count: x.count) { range in
                            for i in range { out[i] = f(x[i], y[i], z[i]) }
                        }
                    }
                }
            }
        }
    }

    /// out[i] = f(x[i], y[i], z[i]) for a closure (called indirectly per element; see `UnaryOperation`).
    static func zip3(_ x: [Double], _ y: [Double], _ z: [Double], _ f: @escaping @Sendable (Double, Double, Double) -> Double) -> [Double] {
        zip3(x, y, z, TernaryClosure(f: f))
    }

    /// out[i] = f(a[i'], b[i'']) where a and b are read broadcast to `shape`.
    @inline(__always)
    static func broadcastZip<F: BinaryOperation>(_ a: Tensor, _ b: Tensor, to shape: [Int], _ f: F) -> [Double] {
        if a.shape == shape && b.shape == shape { return zip(a.scalars, b.scalars, f) }
        if a.count == 1 { return map(b.count == Shape.count(shape) ? b.scalars : expand(b, to: shape), FixedFirst(f: f, a: a.scalars[0])) }
        if b.count == 1 { return map(a.count == Shape.count(shape) ? a.scalars : expand(a, to: shape), FixedSecond(f: f, b: b.scalars[0])) }
        return zip(a.shape == shape ? a.scalars : expand(a, to: shape),
                   b.shape == shape ? b.scalars : expand(b, to: shape), f)
    }

    /// `broadcastZip` for a closure (called indirectly per element; see `UnaryOperation`).
    static func broadcastZip(_ a: Tensor, _ b: Tensor, to shape: [Int], _ f: @escaping @Sendable (Double, Double) -> Double) -> [Double] {
        broadcastZip(a, b, to: shape, BinaryClosure(f: f))
    }

    /// The elements of `x` laid out as if broadcast to `shape`.
    static func expand(_ x: Tensor, to shape: [Int]) -> [Double] {
        let count = Shape.count(shape)
        if x.shape == shape { return x.scalars }
        // An empty operand or result (`[] + [[], []]`) has nothing to lay out.
        if count == 0 || x.count == 0 { return [] }
        if x.count == 1 {
            // Split across cores: a one-number gradient spread over a million draws is 8 MB to write.
            let value = x.scalars[0]
            return make(count) { out in
                let out = SharedBuffer(out)
                Parallel.forEachChunk(count: count) { range in (out.start + range.lowerBound).initialize(repeating: value, count: range.count) }
            }
        }
        let strides = Shape.broadcastStrides(x.shape, to: shape)
        // Fast path: x repeats along the leading axes (batch shape trailing).
        let trailing = x.count
        let core = Array(x.shape.drop(while: { $0 == 1 }))
        if Array(shape.suffix(core.count)) == core {
            return x.scalars.withUnsafeBufferPointer { src in
                make(count) { out in
                    let out = SharedBuffer(out), src = SharedBuffer(src)
                    Parallel.forEachChunk(count: count / trailing, alignment: 1) { rows in
                        for r in rows {
                            (out.baseAddress! + r * trailing).update(from: src.baseAddress!, count: trailing)
                        }
                    }
                }
            }
        }
        return x.scalars.withUnsafeBufferPointer { src in
            make(count) { out in
                var index = [Int](repeating: 0, count: shape.count)
                var offset = 0
                for i in 0..<count {
                    out[i] = src[offset]
                    var axis = shape.count - 1
                    while axis >= 0 {
                        index[axis] += 1
                        offset += strides[axis]
                        if index[axis] < shape[axis] { break }
                        offset -= strides[axis] * shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
    }

    /// Sums `x` (of shape `from`) down to `target`, the inverse of broadcasting.
    static func sum(_ x: [Double], from shape: [Int], to target: [Int]) -> [Double] {
        if shape == target { return x }
        let targetCount = Shape.count(target)
        if targetCount == 1 { return [total(x)] }
        // Summing an empty tensor gives zeros; an empty target holds nothing.
        if targetCount == 0 || x.isEmpty { return [Double](repeating: 0, count: targetCount) }
        let strides = Shape.broadcastStrides(target, to: shape)
        // Fast path: target is the trailing block repeated over leading axes.
        let core = Array(target.drop(while: { $0 == 1 }))
        if Array(shape.suffix(core.count)) == core {
            return x.withUnsafeBufferPointer { x in
                let x = SharedBuffer(x)
                return Parallel.sums(count: x.count / targetCount, width: targetCount, elementsPerItem: targetCount) { rows, out in
                    for r in rows {
                        let base = r * targetCount
                        for j in 0..<targetCount { out[j] += x[base + j] }
                    }
                }
            }
        }
        var out = [Double](repeating: 0, count: targetCount)
        var index = [Int](repeating: 0, count: shape.count)
        var offset = 0
        for i in 0..<x.count {
            out[offset] += x[i]
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < shape[axis] { break }
                offset -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }

    /// Σ x[i], split across cores for large inputs.
    static func total(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { x in
            let x = SharedBuffer(x)
            return Parallel.sum(count: x.count) { range in total(x.start, range) }
        }
    }

    /// Σ x[i] over `range` on this thread, in four interleaved running sums (no chain of
    /// dependent additions through every element).
    @inline(__always)
    static func total(_ x: UnsafeMutablePointer<Double>, _ range: Range<Int>) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = range.lowerBound
        while i + 4 <= range.upperBound {
            s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3]
            i += 4
        }
        while i < range.upperBound { s0 += x[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// Σ x[i]·y[i], split across cores for large inputs.
    static func dot(_ x: [Double], _ y: [Double]) -> Double {
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                let x = SharedBuffer(x), y = SharedBuffer(y)
                return Parallel.sum(count: x.count) { range in
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    var i = range.lowerBound
                    while i + 4 <= range.upperBound {
                        s0 += x[i] * y[i]; s1 += x[i + 1] * y[i + 1]; s2 += x[i + 2] * y[i + 2]; s3 += x[i + 3] * y[i + 3]
                        i += 4
                    }
                    while i < range.upperBound { s0 += x[i] * y[i]; i += 1 }
                    return (s0 + s1) + (s2 + s3)
                }
            }
        }
    }
}
