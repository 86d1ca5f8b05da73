import Foundation

/// Elementwise functions. Each line gives the forward rule and, beside it,
/// the local derivative dy/dx in terms of the input x and the output y; the
/// backward pass multiplies it by the upstream gradient.
extension Tensor {
    @inline(__always)
    func unary(_ f: @Sendable (Double) -> Double, derivative: @escaping @Sendable (_ x: Double, _ y: Double) -> Double) -> Tensor {
        let values = Kernels.map(scalars, f)
        let x = scalars
        return Tensor.record(shape, values, inputs: [self]) { g in
            [Tensor(unchecked: g.shape, Kernels.zip3(g.scalars, x, values) { g, x, y in g * derivative(x, y) })]
        }
    }
}

public func exp(_ x: Tensor) -> Tensor { x.unary(Foundation.exp) { _, y in y } }
public func log(_ x: Tensor) -> Tensor { x.unary(Foundation.log) { x, _ in 1 / x } }
public func log1p(_ x: Tensor) -> Tensor { x.unary(Foundation.log1p) { x, _ in 1 / (1 + x) } }
public func expm1(_ x: Tensor) -> Tensor { x.unary(Foundation.expm1) { _, y in y + 1 } }
public func sqrt(_ x: Tensor) -> Tensor { x.unary(Foundation.sqrt) { _, y in 0.5 / y } }
public func abs(_ x: Tensor) -> Tensor { x.unary(Swift.abs) { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) } }
public func sin(_ x: Tensor) -> Tensor { x.unary(Foundation.sin) { x, _ in Foundation.cos(x) } }
public func cos(_ x: Tensor) -> Tensor { x.unary(Foundation.cos) { x, _ in -Foundation.sin(x) } }
public func tanh(_ x: Tensor) -> Tensor { x.unary(Foundation.tanh) { _, y in 1 - y * y } }
/// σ(x) = 1/(1+e^−x);  σ' = σ(1−σ).
public func sigmoid(_ x: Tensor) -> Tensor { x.unary(logistic) { _, y in y * (1 - y) } }
/// log(1+eˣ) without overflow;  derivative σ(x).
public func softplus(_ x: Tensor) -> Tensor {
    x.unary({ $0 > 0 ? $0 + Foundation.log1p(Foundation.exp(-$0)) : Foundation.log1p(Foundation.exp($0)) }) { x, _ in logistic(x) }
}
/// x clamped to [low, high]; the gradient passes where low < x < high.
public func clamp(_ x: Tensor, min low: Double, max high: Double) -> Tensor {
    x.unary({ Swift.min(Swift.max($0, low), high) }) { x, _ in x > low && x < high ? 1 : 0 }
}

/// The logistic function, stable for large |x|.
@inline(__always) func logistic(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + Foundation.exp(-x)) : { let e = Foundation.exp(x); return e / (1 + e) }()
}
