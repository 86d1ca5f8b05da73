import Foundation

/// Broadcasting arithmetic, each forward rule with its backward rule beside it.
///
/// The throwing methods (`adding`, `multiplying`, …) report shapes that do not
/// broadcast; the operators are for code whose shapes are known to agree and
/// stop with the same message otherwise.
extension Tensor {
    /// Applies `f` elementwise over the broadcast of `self` and `other`, recording
    /// `backward(g, shape)` → (∂L/∂self, ∂L/∂other) before reduction to each shape.
    @inline(__always)
    private func binary<F: BinaryOperation>(_ other: Tensor, _ f: F,
                        backward: @escaping (_ upstream: Tensor, _ result: Tensor) -> (Tensor?, Tensor?)) throws -> Tensor {
        let shape = try Shape.broadcast(self.shape, other.shape)
        let values = Kernels.broadcastZip(self, other, to: shape, f)
        let a = self.detached, b = other.detached
        let needA = requiresGradient, needB = other.requiresGradient
        return Tensor.record(shape, values, inputs: [self, other]) { g in
            let (ga, gb) = backward(g, Tensor(unchecked: shape, values))
            return [needA ? ga?.summed(to: a.shape) : nil, needB ? gb?.summed(to: b.shape) : nil]
        }
    }

    /// self + other.  ∂/∂self = 1, ∂/∂other = 1.
    public func adding(_ other: Tensor) throws -> Tensor {
        try binary(other, Add()) { g, _ in (g, g) }
    }

    /// self − other.  ∂/∂self = 1, ∂/∂other = −1.
    public func subtracting(_ other: Tensor) throws -> Tensor {
        try binary(other, Subtract()) { g, _ in (g, -g) }
    }

    /// self · other.  ∂/∂self = other, ∂/∂other = self.
    public func multiplying(_ other: Tensor) throws -> Tensor {
        let a = detached, b = other.detached
        return try binary(other, Multiply()) { g, _ in (g * b, g * a) }
    }

    /// self / other.  ∂/∂self = 1/other, ∂/∂other = −result/other.
    public func dividing(by other: Tensor) throws -> Tensor {
        let b = other.detached
        return try binary(other, Divide()) { g, y in (g / b, -(g * y) / b) }
    }

    /// self ^ other.  ∂/∂self = other·self^(other−1), ∂/∂other = result·log(self) (0 where self = 0).
    public func raised(to other: Tensor) throws -> Tensor {
        let a = detached, b = other.detached
        let needExponent = other.requiresGradient
        return try binary(other, BinaryClosure(f: Foundation.pow)) { g, y in
            let da = g * b * Tensor.elementwise(a, b, to: g.shape) { x, p in p == 0 ? 0 : Foundation.pow(x, p - 1) }
            let db = needExponent ? g * Tensor.elementwise(y, a, to: g.shape) { r, x in x == 0 ? 0 : r * Foundation.log(x) } : nil
            return (da, db)
        }
    }

    /// The elementwise maximum; the gradient goes to the larger operand (to self on ties).
    public func maximum(_ other: Tensor) throws -> Tensor {
        let a = detached, b = other.detached
        return try binary(other, BinaryClosure { Swift.max($0, $1) }) { g, _ in
            (g * Tensor.elementwise(a, b, to: g.shape) { $0 >= $1 ? 1 : 0 }, g * Tensor.elementwise(a, b, to: g.shape) { $0 >= $1 ? 0 : 1 })
        }
    }

    /// The elementwise minimum; the gradient goes to the smaller operand (to self on ties).
    public func minimum(_ other: Tensor) throws -> Tensor {
        let a = detached, b = other.detached
        return try binary(other, BinaryClosure { Swift.min($0, $1) }) { g, _ in
            (g * Tensor.elementwise(a, b, to: g.shape) { $0 <= $1 ? 1 : 0 }, g * Tensor.elementwise(a, b, to: g.shape) { $0 <= $1 ? 0 : 1 })
        }
    }

    /// −self.
    public static prefix func - (x: Tensor) -> Tensor {
        Tensor.record(x.shape, Kernels.map(x.scalars, Negate()), inputs: [x]) { g in [-g] }
    }

    /// A constant tensor f(a, b) over `shape`, the broadcast of a and b (no tape; for backward rules).
    static func elementwise(_ a: Tensor, _ b: Tensor, to shape: [Int], _ f: @escaping @Sendable (Double, Double) -> Double) -> Tensor {
        Tensor(unchecked: shape, Kernels.broadcastZip(a, b, to: shape, f))
    }

    /// Sums broadcast axes away so the result has `shape` (no tape; for backward rules).
    func summed(to shape: [Int]) -> Tensor {
        Tensor(unchecked: shape, Kernels.sum(scalars, from: self.shape, to: shape))
    }
}

// MARK: Operators

private func orStop(_ body: () throws -> Tensor) -> Tensor {
    do { return try body() } catch { preconditionFailure("\(error)") }
}

extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor { orStop { try a.adding(b) } }
    public static func - (a: Tensor, b: Tensor) -> Tensor { orStop { try a.subtracting(b) } }
    public static func * (a: Tensor, b: Tensor) -> Tensor { orStop { try a.multiplying(b) } }
    public static func / (a: Tensor, b: Tensor) -> Tensor { orStop { try a.dividing(by: b) } }

    public static func + (a: Tensor, b: Double) -> Tensor { a + Tensor(b) }
    public static func + (a: Double, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Tensor, b: Double) -> Tensor { a - Tensor(b) }
    public static func - (a: Double, b: Tensor) -> Tensor { Tensor(a) - b }
    public static func * (a: Tensor, b: Double) -> Tensor { a * Tensor(b) }
    public static func * (a: Double, b: Tensor) -> Tensor { Tensor(a) * b }
    public static func / (a: Tensor, b: Double) -> Tensor { a / Tensor(b) }
    public static func / (a: Double, b: Tensor) -> Tensor { Tensor(a) / b }
}

/// x ^ p elementwise with broadcasting.
public func pow(_ x: Tensor, _ p: Tensor) throws -> Tensor { try x.raised(to: p) }
/// x ^ p for a constant exponent.
public func pow(_ x: Tensor, _ p: Double) -> Tensor { orStop { try x.raised(to: Tensor(p)) } }
