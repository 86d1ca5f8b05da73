import Synchronization

/// One recorded operation on the tape.
///
/// A node knows the nodes of its inputs and how to turn the gradient of its
/// output into gradients of its inputs (the vector–Jacobian product). Leaves
/// (parameters) have no inputs and no backward rule. Nodes are numbered in
/// creation order, so sorting by `id` in reverse is a topological order.
final class Node {
    let id: UInt64
    let inputs: [Node?]
    /// Maps ∂L/∂output to ∂L/∂input for each input (nil where an input needs none).
    let backward: ((Tensor) -> [Tensor?])?

    init(inputs: [Node?], backward: ((Tensor) -> [Tensor?])?) {
        self.id = Node.counter.add(1, ordering: .relaxed).newValue
        self.inputs = inputs
        self.backward = backward
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
    static func record(_ shape: [Int], _ scalars: [Double], inputs: [Tensor],
                       backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        if !inputs.contains(where: { $0.node != nil }) { return Tensor(unchecked: shape, scalars) }
        return Tensor(unchecked: shape, scalars, node: Node(inputs: inputs.map(\.node), backward: backward))
    }
}
