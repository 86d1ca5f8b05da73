/// Reverse-mode differentiation: ∂output/∂leaf for each requested leaf.
///
/// `output` must hold one element (a loss). Leaves it does not depend on get
/// zeros of their own shape. The tape is walked once, newest node first; the
/// intermediate gradients are released as soon as they have been propagated,
/// and nothing is stored on the graph, so it is freed with the last tensor
/// that refers to it.
///
///     let a = Tensor.parameter([1.0, 2.0])
///     let g = try gradients(of: (a * a).sum(), withRespectTo: [a])  // [[2, 4]]
public func gradients(of output: Tensor, withRespectTo leaves: [Tensor]) throws -> [Tensor] {
    guard output.count == 1 else {
        throw ReparamError.shape("can only differentiate a single number; this value has shape \(output.shape) (reduce it first, e.g. with mean or sum)")
    }
    return try gradients(of: output, seed: Tensor(repeating: 1, shape: output.shape), withRespectTo: leaves)
}

/// The vector–Jacobian product seedᵀ ∂output/∂leaf for each leaf.
public func gradients(of output: Tensor, seed: Tensor, withRespectTo leaves: [Tensor]) throws -> [Tensor] {
    guard seed.shape == output.shape else {
        throw ReparamError.shape("seed shape \(seed.shape) does not match output shape \(output.shape)")
    }
    guard let root = output.node else { return leaves.map { Tensor(repeating: 0, shape: $0.shape) } }

    // Collect every node reachable from the root, then visit newest first.
    var seen = Set<ObjectIdentifier>([ObjectIdentifier(root)])
    var order = [root]
    var stack = [root]
    while let node = stack.popLast() {
        for case let input? in node.inputs where seen.insert(ObjectIdentifier(input)).inserted {
            order.append(input)
            stack.append(input)
        }
    }
    order.sort { $0.id > $1.id }

    let wanted = Set(leaves.compactMap { $0.node.map(ObjectIdentifier.init) })
    var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed.detached]
    var results: [ObjectIdentifier: Tensor] = [:]
    for node in order {
        let key = ObjectIdentifier(node)
        guard var upstream = pending.removeValue(forKey: key) else { continue }
        if wanted.contains(key) { results[key] = upstream }
        guard let backward = node.backward else { continue }
        if upstream.shape != node.shape && !node.acceptsBroadcastGradient { upstream = upstream.expanded(to: node.shape) }
        let inputGradients = try backward(upstream)
        for (input, gradient) in zip(node.inputs, inputGradients) {
            guard let input, let gradient else { continue }
            let inputKey = ObjectIdentifier(input)
            if let existing = pending[inputKey] {
                pending[inputKey] = existing.accumulating(gradient, shape: input.shape)
            } else {
                pending[inputKey] = gradient.detached
            }
        }
    }
    return leaves.map { leaf in
        leaf.node.flatMap { results[ObjectIdentifier($0)] }?.expanded(to: leaf.shape) ?? Tensor(repeating: 0, shape: leaf.shape)
    }
}

extension Tensor {
    /// The values broadcast to `shape`, off the tape.
    func expanded(to shape: [Int]) -> Tensor {
        self.shape == shape ? detached : Tensor(unchecked: shape, Kernels.expand(self, to: shape))
    }

    /// self + other, two gradients of a value of `shape` (each possibly broadcast).
    fileprivate consuming func accumulating(_ other: Tensor, shape: [Int]) -> Tensor {
        if self.shape != other.shape {
            return Tensor(unchecked: shape, Kernels.broadcastZip(self, other, to: shape, Add()))
        }
        var result = self.detached
        other.scalars.withUnsafeBufferPointer { b in
            result.scalars.withUnsafeMutableBufferPointer { a in
                let a = SharedBuffer(a), b = SharedBuffer(b)
                Parallel.forEachChunk(count: a.count) { range in
                    for i in range { a[i] += b[i] }
                }
            }
        }
        return result
    }
}
