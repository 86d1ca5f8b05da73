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

    @inlinable public func lift(value: Double, derivative: Double) -> Dual {
        Dual(value, derivative: derivative * self.derivative)
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
