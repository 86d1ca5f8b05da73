/// The leading (batch) axes of matrix operands, broadcast against each other.
///
/// An operand of shape `[b…, r, c]` holds `Π b` matrices of r × c; operands broadcast over their
/// batch axes as NumPy does (`[5, 3, 3]` against `[3, 3]` is five products with one shared matrix).
/// For batch element t, `offsets[k][t]` is where operand k's matrix starts in its own storage.
///
///     let batch = try MatrixBatch([[4, 1, 2, 2], [3, 2, 2]])   // shape [4, 3], 12 elements
///     batch.offsets[0][5]   // 4 · (5 / 3): operand 0 repeats along its axis of length 1
struct MatrixBatch {
    /// The broadcast batch shape.
    let shape: [Int]
    let count: Int
    /// offsets[operand][t]: the first element of operand's matrix for batch element t.
    let offsets: [[Int]]
    /// Whether operand k has one matrix per batch element (so its gradient needs no summing).
    let isFull: [Bool]

    /// `shapes` are the operands' full shapes; each must have rank ≥ 2.
    init(_ shapes: [[Int]]) throws {
        let batches = shapes.map { Array($0.dropLast(2)) }
        var shape: [Int] = []
        for b in batches { shape = try Shape.broadcast(shape, b) }
        self.shape = shape
        count = Shape.count(shape)
        let targetStrides = Shape.strides(shape)
        offsets = zip(shapes, batches).map { full, batch in
            let matrixSize = full.suffix(2).reduce(1, *)
            let strides = Shape.broadcastStrides(batch, to: shape)
            return (0..<Shape.count(shape)).map { t in
                var rest = t, offset = 0
                for axis in shape.indices {
                    offset += (rest / targetStrides[axis]) * strides[axis]
                    rest %= targetStrides[axis]
                }
                return offset * matrixSize
            }
        }
        isFull = batches.map { Shape.count($0) == Shape.count(shape) }
    }
}

extension Tensor {
    /// Rows and columns of the trailing matrix axes; throws unless the rank is at least 2.
    func matrixDimensions(_ operation: String) throws -> (rows: Int, columns: Int) {
        guard rank >= 2 else { throw ReparamError.shape("\(operation) needs a matrix (rank ≥ 2), got shape \(shape)") }
        return (shape[rank - 2], shape[rank - 1])
    }
}
