/// A dual number v + d·ε with ε² = 0: forward-mode differentiation in one direction.
///
///     let x = Dual(3, derivative: 1)
///     let y = x * x + 2 * x      // y.value = 15, y.derivative = 2·3 + 2 = 8
public struct Dual: RealScalar {
    public var value: Double
    public var derivative: Double

    @inlinable public init(_ value: Double, derivative: Double) {
        self.value = value
        self.derivative = derivative
    }
    @inlinable public init(_ value: Double) { self.init(value, derivative: 0) }
    @inlinable public init(floatLiteral value: Double) { self.init(value) }
    @inlinable public init(integerLiteral value: Int) { self.init(Double(value)) }

    /// f(self) for f(value) = `value`, f′ = `derivative`: the chain rule, with an input that does not
    /// move (derivative 0) giving 0 even where f′ is infinite (ψ′ at a shape of 1e-300), not 0·∞ = nan.
    @inlinable public func lift(value: Double, derivative: Double) -> Dual {
        Dual(value, derivative: derivative.isFinite || self.derivative != 0 ? derivative * self.derivative : 0)
    }
    @inlinable public var derivativeMagnitude: Double { Swift.abs(derivative) }

    @inlinable public static func + (a: Dual, b: Dual) -> Dual { Dual(a.value + b.value, derivative: a.derivative + b.derivative) }
    @inlinable public static func - (a: Dual, b: Dual) -> Dual { Dual(a.value - b.value, derivative: a.derivative - b.derivative) }
    @inlinable public static func * (a: Dual, b: Dual) -> Dual {
        Dual(a.value * b.value, derivative: a.derivative * b.value + a.value * b.derivative)
    }
    @inlinable public static func / (a: Dual, b: Dual) -> Dual {
        let q = a.value / b.value
        return Dual(q, derivative: (a.derivative - q * b.derivative) / b.value)
    }
    @inlinable public static prefix func - (a: Dual) -> Dual { Dual(-a.value, derivative: -a.derivative) }
}
