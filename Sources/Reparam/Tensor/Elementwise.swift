import Foundation

/// A function of one number with its derivative, as a type (see `UnaryOperation` for why a type).
///
/// `derivative(x, y)` is dy/dx in terms of the input x and the output y = value(x); the backward
/// pass multiplies it by the upstream gradient.
///
///     struct Exp: DifferentiableFunction { value: eˣ; derivative: y }
protocol DifferentiableFunction: Sendable {
    func value(_ x: Double) -> Double
    func derivative(_ x: Double, _ y: Double) -> Double
}

/// A function and its derivative given as closures (called indirectly per element).
private struct ClosureFunction: DifferentiableFunction {
    let f: @Sendable (Double) -> Double
    let slope: @Sendable (Double, Double) -> Double
    @inline(__always) func value(_ x: Double) -> Double { f(x) }
    @inline(__always) func derivative(_ x: Double, _ y: Double) -> Double { slope(x, y) }
}

/// y = f(x) as an operation.
private struct Value<F: DifferentiableFunction>: UnaryOperation {
    let f: F
    @inline(__always) func callAsFunction(_ x: Double) -> Double { f.value(x) }
}

/// g · dy/dx at (x, y): the chain rule for one element.
private struct ChainRule<F: DifferentiableFunction>: TernaryOperation {
    let f: F
    @inline(__always) func callAsFunction(_ g: Double, _ x: Double, _ y: Double) -> Double { g * f.derivative(x, y) }
}

private struct Exp: DifferentiableFunction {
    @inline(__always) func value(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) func derivative(_ x: Double, _ y: Double) -> Double { y }
}
private struct Log: DifferentiableFunction {
    @inline(__always) func value(_ x: Double) -> Double { Foundation.log(x) }
    @inline(__always) func derivative(_ x: Double, _ y: Double) -> Double { 1 / x }
}
private struct Log1p: DifferentiableFunction {
    @inline(__always) func value(_ x: Double) -> Double { Foundation.log1p(x) }
    @inline(__always) func derivative(_ x: Double, _ y: Double) -> Double { 1 / (1 + x) }
}
private struct Expm1: DifferentiableFunction {
    @inline(__always) func value(_ x: Double) -> Double { Foundation.expm1(x) }
    @inline(__always) func derivative(_ x: Double, _ y: Double) -> Double { y + 1 }
}
private struct SquareRoot: DifferentiableFunction {
    @inline(__always) func value(_ x: Double) -> Double { Foundation.sqrt(x) }
    @inline(__always) func derivative(_ x: Double, _ y: Double) -> Double { 0.5 / y }
}
private struct Sigmoid: DifferentiableFunction {
    @inline(__always) func value(_ x: Double) -> Double { logistic(x) }
    @inline(__always) func derivative(_ x: Double, _ y: Double) -> Double { y * (1 - y) }
}

/// Elementwise functions. Each line gives the forward rule and, beside it,
/// the local derivative dy/dx in terms of the input x and the output y; the
/// backward pass multiplies it by the upstream gradient.
extension Tensor {
    @inline(__always)
    fileprivate func unary<F: DifferentiableFunction>(_ f: F) -> Tensor {
        let values = Kernels.map(scalars, Value(f: f))
        let x = scalars
        return Tensor.record(shape, values, inputs: [self]) { g in
            [Tensor(unchecked: g.shape, Kernels.zip3(g.scalars, x, values, ChainRule(f: f)))]
        }
    }

    func unary(_ f: @escaping @Sendable (Double) -> Double, derivative: @escaping @Sendable (_ x: Double, _ y: Double) -> Double) -> Tensor {
        unary(ClosureFunction(f: f, slope: derivative))
    }
}

public func exp(_ x: Tensor) -> Tensor { x.unary(Exp()) }
public func log(_ x: Tensor) -> Tensor { x.unary(Log()) }
public func log1p(_ x: Tensor) -> Tensor { x.unary(Log1p()) }
public func expm1(_ x: Tensor) -> Tensor { x.unary(Expm1()) }
public func sqrt(_ x: Tensor) -> Tensor { x.unary(SquareRoot()) }
public func abs(_ x: Tensor) -> Tensor { x.unary(Swift.abs) { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) } }
public func sin(_ x: Tensor) -> Tensor { x.unary(Foundation.sin) { x, _ in Foundation.cos(x) } }
public func cos(_ x: Tensor) -> Tensor { x.unary(Foundation.cos) { x, _ in -Foundation.sin(x) } }
public func tanh(_ x: Tensor) -> Tensor { x.unary(Foundation.tanh) { _, y in 1 - y * y } }
/// σ(x) = 1/(1+e^−x);  σ' = σ(1−σ).
public func sigmoid(_ x: Tensor) -> Tensor { x.unary(Sigmoid()) }
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
