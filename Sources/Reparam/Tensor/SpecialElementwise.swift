import Foundation

/// Elementwise special functions on tensors, with their derivatives beside them.
public func erf(_ x: Tensor) -> Tensor { x.unary(Foundation.erf) { x, _ in 2 / Double.pi.squareRoot() * Foundation.exp(-x * x) } }
public func erfc(_ x: Tensor) -> Tensor { x.unary(Foundation.erfc) { x, _ in -2 / Double.pi.squareRoot() * Foundation.exp(-x * x) } }
public func atan(_ x: Tensor) -> Tensor { x.unary(Foundation.atan) { x, _ in 1 / (1 + x * x) } }
public func tan(_ x: Tensor) -> Tensor { x.unary(Foundation.tan) { _, y in 1 + y * y } }
/// Φ⁻¹(p);  d/dp = 1/φ(Φ⁻¹(p)) = √(2π)·exp(y²/2).
public func standardNormalQuantile(_ p: Tensor) -> Tensor {
    p.unary({ (u: Double) -> Double in standardNormalQuantile(u) }) { _, y in (2 * Double.pi).squareRoot() * Foundation.exp(0.5 * y * y) }
}
/// Φ(x) = ½ erfc(−x/√2).
public func standardNormalCDF(_ x: Tensor) -> Tensor {
    x.unary({ 0.5 * Foundation.erfc(-$0 / 2.0.squareRoot()) }) { x, _ in Foundation.exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }
}
/// log Γ(x);  d/dx = ψ(x).
public func lgamma(_ x: Tensor) -> Tensor { x.unary(logGamma) { x, _ in digamma(x) } }
/// log Γ(x + h) − log Γ(x) without cancellation (`logGammaDifference`);
/// ∂/∂x = ψ(x + h) − ψ(x), ∂/∂h = ψ(x + h). x and h must broadcast (as a family's parameters do).
public func lgammaDifference(_ x: Tensor, _ h: Tensor) -> Tensor {
    do { return try Tensor.dualElementwise([x, h]) { v in logGammaDifference(v[0], v[1]) } } catch { preconditionFailure("\(error)") }
}
/// ψ(x) = d/dx log Γ(x);  d/dx = ψ₁(x), the trigamma function.
public func digamma(_ x: Tensor) -> Tensor { x.unary(digamma) { x, _ in trigamma(x) } }
/// ψ₁(x), the trigamma function;  d/dx = ψ₂(x), the tetragamma function (x > 0).
public func trigamma(_ x: Tensor) -> Tensor { x.unary(trigamma) { x, _ in tetragamma(x) } }
