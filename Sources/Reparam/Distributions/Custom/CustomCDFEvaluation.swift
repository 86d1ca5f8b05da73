import Foundation

/// Evaluating a user's CDF at one point with the checks that tell a CDF from a function that is not one.
///
/// Each failure names what is wrong and where:
///
///     Weibull: custom CDF returned nan at z = -1
///     Weibull: custom CDF returned 1.3 at z = 2, outside [0, 1]
///     Weibull: custom CDF is not monotone: F(1.5) = 0.62 > F(1.6) = 0.58
struct CustomCDFEvaluation: Sendable {
    let name: String
    let function: any CumulativeDistributionFunction
    /// θ as constant duals (no allocation per call).
    var constants: [Dual]
    var values: [Double]

    init(name: String, function: any CumulativeDistributionFunction, parameterCount: Int) {
        self.name = name
        self.function = function
        constants = [Dual](repeating: 0, count: parameterCount)
        values = [Double](repeating: 0, count: parameterCount)
    }

    mutating func setParameters(_ θ: [Double]) {
        for j in θ.indices { values[j] = θ[j]; constants[j] = Dual(θ[j]) }
    }

    /// F(z) and p(z) = ∂F/∂z, checked: finite, in [0, 1], p ≥ 0.
    func evaluate(_ z: Double) throws -> (cdf: Double, density: Double) {
        let y = function(Dual(z, derivative: 1), constants)
        guard y.value.isFinite else { throw ReparamError.numerical("\(name): custom CDF returned \(y.value) at z = \(z)") }
        guard y.value >= -1e-12 && y.value <= 1 + 1e-12 else {
            throw ReparamError.numerical("\(name): custom CDF returned \(y.value) at z = \(z), outside [0, 1]")
        }
        guard y.derivative.isFinite else { throw ReparamError.numerical("\(name): custom CDF has derivative \(y.derivative) at z = \(z)") }
        guard y.derivative >= -Self.wobble(y.value) / Swift.max(Swift.abs(z), Double.leastNormalMagnitude) else {
            throw ReparamError.numerical("\(name): custom CDF is not monotone: its derivative at z = \(z) is \(y.derivative)")
        }
        return (y.value, Swift.max(y.derivative, 0))
    }

    /// F(z) alone, checked to be finite and within [0, 1].
    func checkedValue(_ z: Double) throws -> Double {
        let y = try value(z)
        guard y >= -1e-12 && y <= 1 + 1e-12 else {
            throw ReparamError.numerical("\(name): custom CDF returned \(y) at z = \(z), outside [0, 1]")
        }
        return y
    }

    /// F(z) alone (for the checks at the ends of the support).
    func value(_ z: Double) throws -> Double {
        let y = function(z, values)
        guard y.isFinite else { throw ReparamError.numerical("\(name): custom CDF returned \(y) at z = \(z)") }
        return y
    }

    /// Throws unless F(a) ≤ F(b) for a < b, up to rounding (`wobble`).
    func checkOrder(_ a: Double, _ fa: Double, _ b: Double, _ fb: Double) throws {
        guard fa <= fb + Self.wobble(Swift.max(fa, fb)) else {
            throw ReparamError.numerical("\(name): custom CDF is not monotone: F(\(a)) = \(fa) > F(\(b)) = \(fb)")
        }
    }

    /// How far a CDF formula may step backwards by rounding alone: one ulp of F (two terms that
    /// nearly cancel, as in the inverse-Gaussian F = Φ(a) + e^{2λ/μ}Φ(−b), wobble by that much).
    /// A derivative counts as rounding when it moves F by no more than this over the distance |z|.
    static func wobble(_ f: Double) -> Double { Swift.abs(f).ulp }

    /// ∂F/∂z and ∂F/∂θⱼ at z in one pass (a dual with two directions).
    func densityAndParameterDerivative(at z: Double, parameter j: Int) -> (density: Double, derivative: Double) {
        var θ = values.map { BivariateDual($0) }
        θ[j].db = 1
        let y = function(BivariateDual(z, da: 1, db: 0), θ)
        return (y.da, y.db)
    }
}
