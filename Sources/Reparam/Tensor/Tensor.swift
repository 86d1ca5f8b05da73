/// A dense, row-major tensor of `Double`s that can take part in reverse-mode autodiff.
///
/// Shapes follow NumPy: `[]` is a scalar, `[3]` a vector, `[2, 3]` a matrix.
/// Binary operations broadcast; every operation on a tensor that requires a
/// gradient records one node on the tape (one per operation, not per element).
///
///     let loc = Tensor.parameter(2.0)
///     let z = loc + Tensor([0.5, -1.0, 2.0])
///     let g = try gradients(of: z.mean(), withRespectTo: [loc])   // [1.0]
public struct Tensor: Sendable {
    /// Extent of each axis; the element count is their product.
    public let shape: [Int]
    /// The elements in row-major order.
    public internal(set) var scalars: [Double]
    /// The tape node this value came from; `nil` for constants.
    var node: Node?

    /// A tensor of `shape` holding `scalars` (row-major). Throws when the counts disagree.
    public init(shape: [Int], scalars: [Double]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw ReparamError.shape("shape \(shape) has a negative extent") }
        guard shape.reduce(1, *) == scalars.count else {
            throw ReparamError.shape("shape \(shape) needs \(shape.reduce(1, *)) values, got \(scalars.count)")
        }
        self.init(unchecked: shape, scalars)
    }

    init(unchecked shape: [Int], _ scalars: [Double], node: Node? = nil) {
        self.shape = shape
        self.scalars = scalars
        self.node = node
    }

    /// A rank-0 tensor.
    public init(_ value: Double) { self.init(unchecked: [], [value]) }

    /// A rank-1 tensor.
    public init(_ values: [Double]) { self.init(unchecked: [values.count], values) }

    /// A rank-2 tensor from rows of equal length.
    public init(rows: [[Double]]) throws {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else {
            throw ReparamError.shape("matrix rows have different lengths: \(rows.map(\.count))")
        }
        self.init(unchecked: [rows.count, width], rows.flatMap { $0 })
    }

    /// A tensor of `shape` with every element `value`.
    public init(repeating value: Double, shape: [Int]) {
        self.init(unchecked: shape, [Double](repeating: value, count: shape.reduce(1, *)))
    }

    /// Number of elements.
    @inlinable public var count: Int { scalars.count }
    /// Number of axes.
    @inlinable public var rank: Int { shape.count }
    /// The single element of a one-element tensor, else `nil`.
    public var scalar: Double? { scalars.count == 1 ? scalars[0] : nil }

    /// Whether gradients flow back through this value.
    public var requiresGradient: Bool { node != nil }

    /// The same values, cut off from the tape.
    public var detached: Tensor { Tensor(unchecked: shape, scalars) }

    /// A leaf of the tape: a parameter whose gradient `gradients(of:withRespectTo:)` reports.
    public static func parameter(_ value: Tensor) -> Tensor {
        Tensor(unchecked: value.shape, value.scalars, node: Node(shape: value.shape, inputs: [], backward: nil))
    }

    /// A rank-0 parameter.
    public static func parameter(_ value: Double) -> Tensor { parameter(Tensor(value)) }
    /// A rank-1 parameter.
    public static func parameter(_ values: [Double]) -> Tensor { parameter(Tensor(values)) }

    /// Whether two tensors are the same tape leaf (or the same recorded value).
    public func isSameNode(as other: Tensor) -> Bool {
        guard let a = node, let b = other.node else { return false }
        return a === b
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let values = scalars.count <= 8 ? scalars.map { "\($0)" }.joined(separator: ", ")
            : (scalars.prefix(3).map { "\($0)" } + ["…"] + scalars.suffix(3).map { "\($0)" }).joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(values)]\(requiresGradient ? ", grad" : ""))"
    }
}
