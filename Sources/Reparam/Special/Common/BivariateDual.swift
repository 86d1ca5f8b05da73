/// A dual number carrying two derivatives at once: v + dₐ·εₐ + d_b·ε_b.
///
/// Evaluating the incomplete beta once on `BivariateDual` gives ∂I/∂a and
/// ∂I/∂b together, half the work of two `Dual` passes:
///
///     let a = BivariateDual(2, da: 1, db: 0), b = BivariateDual(3, da: 0, db: 1)
///     let s = a * b     // s.value = 6, s.da = 3, s.db = 2
struct BivariateDual: RealScalar {
    var value: Double
    var da: Double
    var db: Double

    init(_ value: Double, da: Double, db: Double) {
        self.value = value
        self.da = da
        self.db = db
    }
    init(_ value: Double) { self.init(value, da: 0, db: 0) }
    init(floatLiteral value: Double) { self.init(value) }
    init(integerLiteral value: Int) { self.init(Double(value)) }

    func lift(value: Double, derivative: Double) -> BivariateDual {
        BivariateDual(value, da: derivative * da, db: derivative * db)
    }
    var derivativeMagnitude: Double { Swift.max(Swift.abs(da), Swift.abs(db)) }

    static func + (x: BivariateDual, y: BivariateDual) -> BivariateDual {
        BivariateDual(x.value + y.value, da: x.da + y.da, db: x.db + y.db)
    }
    static func - (x: BivariateDual, y: BivariateDual) -> BivariateDual {
        BivariateDual(x.value - y.value, da: x.da - y.da, db: x.db - y.db)
    }
    static func * (x: BivariateDual, y: BivariateDual) -> BivariateDual {
        BivariateDual(x.value * y.value, da: x.da * y.value + x.value * y.da, db: x.db * y.value + x.value * y.db)
    }
    static func / (x: BivariateDual, y: BivariateDual) -> BivariateDual {
        let q = x.value / y.value
        return BivariateDual(q, da: (x.da - q * y.da) / y.value, db: (x.db - q * y.db) / y.value)
    }
    static prefix func - (x: BivariateDual) -> BivariateDual { BivariateDual(-x.value, da: -x.da, db: -x.db) }
}

