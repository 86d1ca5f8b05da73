import Synchronization

/// One recorded operation on the tape.
///
/// A node knows the nodes of its inputs and how to turn the gradient of its
/// output into gradients of its inputs (the vector–Jacobian product). Leaves
/// (parameters) have no inputs and no backward rule. Nodes are numbered in
/// creation order, so sorting by `id` in reverse is a topological order.
///
/// `@unchecked Sendable` (so that a `Tensor`, and a distribution holding tensors, may be read
/// by the chunks of a parallel kernel): every property is a constant, and `backward` is only
/// called by the backward pass on the thread that runs it.
final class Node: @unchecked Sendable {
    let id: UInt64
    /// Shape of the value this node produced.
    let shape: [Int]
    let inputs: [Node?]
    /// Maps ∂L/∂output to ∂L/∂input for each input (nil where an input needs none).
    /// A returned gradient may have any shape that broadcasts to its input's
    /// shape (a sum's gradient is one number, not n copies of it).
    let backward: ((Tensor) throws -> [Tensor?])?
    /// Whether `backward` takes ∂L/∂output in any shape that broadcasts to
    /// `shape`; otherwise it is expanded to `shape` first.
    let acceptsBroadcastGradient: Bool

    init(shape: [Int], inputs: [Node?], backward: ((Tensor) throws -> [Tensor?])?, acceptsBroadcastGradient: Bool = false) {
        self.id = Node.counter.add(1, ordering: .relaxed).newValue
        self.shape = shape
        self.inputs = inputs
        self.backward = backward
        self.acceptsBroadcastGradient = acceptsBroadcastGradient
    }

    private static let counter = Atomic<UInt64>(0)
}

extension Tensor {
    /// Records `value` as the result of an operation on `inputs`.
    ///
    /// When no input requires a gradient the result is a plain constant and
    /// `backward` is dropped. `backward` receives ∂L/∂result (same shape as the
    /// result) and returns ∂L/∂input in each input's own shape, or nil for
    /// inputs that do not require gradients.
    /// With `acceptsBroadcastGradient`, `backward` may receive ∂L/∂result in
    /// any shape that broadcasts to the result's (e.g. one number after a mean).
    static func record(_ shape: [Int], _ scalars: [Double], inputs: [Tensor], acceptsBroadcastGradient: Bool = false,
                       backward: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        if !inputs.contains(where: { $0.node != nil }) { return Tensor(unchecked: shape, scalars) }
        let node = Node(shape: shape, inputs: inputs.map(\.node), backward: backward, acceptsBroadcastGradient: acceptsBroadcastGradient)
        return Tensor(unchecked: shape, scalars, node: node)
    }
}
