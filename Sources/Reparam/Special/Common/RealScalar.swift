import Foundation

/// A real number the special functions and CDFs are written over, once.
///
/// `Double` gives the plain value; `Dual` carries one derivative along, so
/// evaluating a CDF on `Dual(θ, 1)` returns F and ∂F/∂θ together:
///
///     let a = Dual(2.5, derivative: 1)       // seed ∂/∂a
///     let p = regularizedGammaP(a, Dual(1.7)) // p.value = P(2.5, 1.7), p.derivative = ∂P/∂a
///
/// New primitives with a known derivative enter through `lift`, so one
/// definition serves both types (chain rule: d f(x) = f'(x) dx).
public protocol RealScalar: Comparable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, Sendable {
    init(_ value: Double)
    /// The value without any derivative.
    var value: Double { get }
    /// `f(self)` given `f(self.value)` and `f'(self.value)`.
    func lift(value: Double, derivative: Double) -> Self
    /// The largest magnitude among the carried derivatives (0 for `Double`), for convergence
    /// tests that must also wait for the derivatives to settle.
    var derivativeMagnitude: Double { get }

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
}

extension RealScalar {
    @inlinable public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    @inlinable public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }
    @inlinable public static func /= (lhs: inout Self, rhs: Self) { lhs = lhs / rhs }
    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
    @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
    @inlinable public var isFinite: Bool { value.isFinite }
    @inlinable public var isNaN: Bool { value.isNaN }
    /// Whether `lift` keeps a derivative: false for `Double`, whose callers then skip forming a
    /// costly one (a ψ for log Γ, a pow for xⁿ) that `lift` would only discard.
    @inlinable public static var carriesDerivatives: Bool { Self.self != Double.self }
}

// MARK: Elementary functions, each with its derivative beside it.

@inlinable public func exp<T: RealScalar>(_ x: T) -> T { let e = Foundation.exp(x.value); return x.lift(value: e, derivative: e) }
@inlinable public func expm1<T: RealScalar>(_ x: T) -> T {
    x.lift(value: Foundation.expm1(x.value), derivative: T.carriesDerivatives ? Foundation.exp(x.value) : 0)
}
@inlinable public func log<T: RealScalar>(_ x: T) -> T { x.lift(value: Foundation.log(x.value), derivative: 1 / x.value) }
@inlinable public func log1p<T: RealScalar>(_ x: T) -> T { x.lift(value: Foundation.log1p(x.value), derivative: 1 / (1 + x.value)) }
@inlinable public func sqrt<T: RealScalar>(_ x: T) -> T { let s = Foundation.sqrt(x.value); return x.lift(value: s, derivative: 0.5 / s) }
@inlinable public func sin<T: RealScalar>(_ x: T) -> T { x.lift(value: Foundation.sin(x.value), derivative: Foundation.cos(x.value)) }
@inlinable public func cos<T: RealScalar>(_ x: T) -> T { x.lift(value: Foundation.cos(x.value), derivative: -Foundation.sin(x.value)) }
@inlinable public func atan<T: RealScalar>(_ x: T) -> T { x.lift(value: Foundation.atan(x.value), derivative: 1 / (1 + x.value * x.value)) }
@inlinable public func tanh<T: RealScalar>(_ x: T) -> T { let t = Foundation.tanh(x.value); return x.lift(value: t, derivative: 1 - t * t) }
@inlinable public func erf<T: RealScalar>(_ x: T) -> T {
    x.lift(value: Foundation.erf(x.value), derivative: 2 / Double.pi.squareRoot() * Foundation.exp(-x.value * x.value))
}
@inlinable public func erfc<T: RealScalar>(_ x: T) -> T {
    x.lift(value: Foundation.erfc(x.value), derivative: -2 / Double.pi.squareRoot() * Foundation.exp(-x.value * x.value))
}
/// x^y for x > 0, differentiable in both: d(x^y) = y x^(y-1) dx + x^y log(x) dy.
/// x^y = exp(y log x), with ∂/∂x = y x^y/x and ∂/∂y = x^y log x; at x = 0 (y > 0) they are the
/// limits (0, 1 or ∞, and 0), not the chain rule's 0·∞ = nan.
@inlinable public func pow<T: RealScalar>(_ x: T, _ y: T) -> T {
    guard x.value == 0, y.value > 0 else { return exp(y * log(x)) }
    let byX = y.value > 1 ? 0 : y.value == 1 ? 1 : Double.infinity
    return x.lift(value: 0, derivative: byX) + y.lift(value: 0, derivative: 0)
}
/// x^n for a fixed real exponent.
@inlinable public func pow<T: RealScalar>(_ x: T, _ n: Double) -> T {
    x.lift(value: Foundation.pow(x.value, n), derivative: T.carriesDerivatives ? n * Foundation.pow(x.value, n - 1) : 0)
}
@inlinable public func abs<T: RealScalar>(_ x: T) -> T { x.value < 0 ? -x : x }

extension Double: RealScalar {
    @inlinable public var value: Double { self }
    @inlinable public func lift(value: Double, derivative: Double) -> Double { value }
    @inlinable public var derivativeMagnitude: Double { 0 }
}
