/// An elementwise function of several tensors (broadcast together) whose partial derivatives
/// are known in closed form, recorded as one tape node.
///
/// `body` receives one element of every input and writes ∂f/∂(input k) into `partials[k]`;
/// the backward pass multiplies by the upstream gradient and sums broadcast axes away.
///
///     // f(x, κ) with ∂f/∂x and ∂f/∂κ
///     let y = try recordElementwise([x, kappa]) { a, partials in partials[0] = ...; partials[1] = ...; return ... }
func recordElementwise(_ inputs: [Tensor], _ family: String,
                       _ body: (_ arguments: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double) throws -> Tensor {
    var shape: [Int] = []
    for input in inputs {
        do { shape = try Shape.broadcast(shape, input.shape) } catch {
            throw ReparamError.shape("\(family): shape \(input.shape) does not broadcast with \(shape)")
        }
    }
    let count = Shape.count(shape), arity = inputs.count
    let expanded = inputs.map { Kernels.expand($0, to: shape) }
    let wanted = inputs.map(\.requiresGradient)
    var values = [Double](repeating: 0, count: count)
    var partials = wanted.map { $0 ? [Double](repeating: 0, count: count) : [] }
    var arguments = [Double](repeating: 0, count: arity), slopes = [Double](repeating: 0, count: arity)
    arguments.withUnsafeMutableBufferPointer { a in
        slopes.withUnsafeMutableBufferPointer { d in
            for i in 0..<count {
                for k in 0..<arity { a[k] = expanded[k][i] }
                values[i] = body(UnsafeBufferPointer(a), d)
                for k in 0..<arity where wanted[k] { partials[k][i] = d[k] }
            }
        }
    }
    return Tensor.record(shape, values, inputs: inputs) { g in
        inputs.indices.map { k in
            guard wanted[k] else { return nil }
            return Tensor(unchecked: shape, Kernels.zip(g.scalars, partials[k], Multiply())).summed(to: inputs[k].shape)
        }
    }
}
