/// Elementwise functions of several tensors whose partial derivatives come
/// from forward-mode dual numbers: write f once over `[Dual]`, and the tape
/// gets ∂f/∂xₖ for every input by seeding one input at a time.
///
///     // P(a, x) with gradients to both a and x:
///     let p = try Tensor.dualElementwise([a, x]) { v in regularizedGammaP(v[0], v[1]) }
extension Tensor {
    public static func dualElementwise(_ inputs: [Tensor], _ f: @escaping @Sendable ([Dual]) -> Dual) throws -> Tensor {
        var shape: [Int] = []
        for input in inputs { shape = try Shape.broadcast(shape, input.shape) }
        let count = Shape.count(shape)
        let columns = inputs.map { Kernels.expand($0, to: shape) }
        func evaluate(seeding k: Int?) -> [Double] {
            Kernels.make(count) { out in
                let out = SharedBuffer(out)
                Parallel.forEachChunk(count: count, alignment: 1) { range in
                    var arguments = [Dual](repeating: 0, count: columns.count)
                    for i in range {
                        for j in columns.indices { arguments[j] = Dual(columns[j][i], derivative: j == k ? 1 : 0) }
                        let y = f(arguments)
                        out[i] = k == nil ? y.value : y.derivative
                    }
                }
            }
        }
        let values = evaluate(seeding: nil)
        return Tensor.record(shape, values, inputs: inputs) { g in
            inputs.indices.map { k in
                guard inputs[k].requiresGradient else { return nil }
                return Tensor(unchecked: shape, Kernels.zip(g.scalars, evaluate(seeding: k), Multiply())).summed(to: inputs[k].shape)
            }
        }
    }
}
