/// Shape arithmetic: broadcasting (NumPy rules), strides and axis checks.
enum Shape {
    /// Product of the extents.
    @inline(__always) static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in shape.indices.reversed() {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// The shape both operands broadcast to: align right, each pair of extents
    /// equal or one of them 1.
    ///
    ///     broadcast([1000, 3], [3]) == [1000, 3]
    static func broadcast(_ a: [Int], _ b: [Int]) throws -> [Int] {
        if a == b { return a }
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else {
                throw ReparamError.shape("shapes \(a) and \(b) cannot be broadcast together (axis \(i): \(x) vs \(y))")
            }
            result[i] = x == 1 ? y : x
        }
        return result
    }

    /// Strides for reading a tensor of `shape` as if it had `target` shape
    /// (0 along broadcast axes).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return target.indices.map { axis in
            axis < offset || shape[axis - offset] == 1 ? 0 : own[axis - offset]
        }
    }

    /// A valid axis for a tensor of `rank` (negative counts from the end).
    static func axis(_ axis: Int, rank: Int) throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < rank else {
            throw ReparamError.shape("axis \(axis) is out of range for a tensor of rank \(rank)")
        }
        return resolved
    }
}
