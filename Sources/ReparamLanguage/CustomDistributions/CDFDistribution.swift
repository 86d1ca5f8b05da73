import Foundation
import Reparam

/// A distribution given by its CDF formula F(x; θ) on (low, high): samples by
/// inverting F, density p = ∂F/∂x (differentiated symbolically), gradients by
/// the implicit rule dz/dθ = −(∂F/∂θ)/p with ∂F/∂θ from dual numbers.
///
///     // Weibull with shape k and scale 2:
///     from_cdf((x, k) => 1 - exp(-(x/2)^k), k: 1.5, low: 0)
struct CDFDistribution: UnivariateCDFFamily {
    let cumulative: ScalarFormula
    let density: ScalarFormula
    let parameterNames: [String]
    let parameterValues: [Tensor]
    let low: Double
    let high: Double

    init(cumulative: ScalarFormula, parameterNames: [String], parameterValues: [Tensor], low: Double, high: Double) throws {
        for (name, value) in zip(parameterNames, parameterValues) where value.count != 1 {
            throw ReparamError.invalidArgument("from_cdf: the parameter \(name) must be a single number, got shape \(value.shape)")
        }
        self.cumulative = cumulative
        self.density = cumulative.derivative(withRespectTo: 0)
        self.parameterNames = parameterNames
        self.parameterValues = parameterValues.map { $0.rank == 0 ? $0 : (try? $0.reshaped([])) ?? $0 }
        self.low = low
        self.high = high
        try validate()
    }

    var name: String { "FromCDF" }
    var parameters: [(name: String, value: Tensor)] { Array(zip(parameterNames, parameterValues)) }
    var batchShape: [Int] { [] }
    var eventShape: [Int] { [] }
    var reparameterization: Reparameterization { .implicit }
    var support: Support {
        switch (low, high) {
        case (-.infinity, .infinity): return .real
        case (0, .infinity): return .positive
        case (0, 1): return .unitInterval
        default: return .interval(low, high)
        }
    }

    private var θ: [Double] { parameterValues.map { $0.scalars[0] } }

    /// Checks that F rises from 0 to 1 over the support, at a grid of points.
    private func validate() throws {
        let a = low.isFinite ? low : (high.isFinite ? high - 20 : -10)
        let b = high.isFinite ? high : a + 20
        var previous = -Double.infinity
        for i in 1..<64 {
            let x = a + (b - a) * Double(i) / 64
            let value = cdf(at: x, parameters: θ)
            guard value.isFinite, value >= -1e-12, value <= 1 + 1e-12 else {
                throw ReparamError.invalidArgument("from_cdf: F must stay in [0, 1], but F(\(NumberFormat.short(x))) = \(NumberFormat.short(value))")
            }
            guard value >= previous - 1e-12 else {
                throw ReparamError.invalidArgument("from_cdf: F must not decrease, but it falls before x = \(NumberFormat.short(x))")
            }
            previous = value
        }
    }

    func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        if z.value <= low { return 0 }
        if z.value >= high { return 1 }
        return cumulative.evaluate([z] + θ)
    }

    func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        guard z > low, z < high else { return -.infinity }
        return Foundation.log(density.evaluate([z] + θ))
    }

    func sample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let count = sampleShape.reduce(1, *)
        guard sampleShape.allSatisfy({ $0 >= 0 }), count <= 10_000_000 else {
            throw ReparamError.invalidArgument("from_cdf: cannot draw a sample of shape \(sampleShape)")
        }
        let parameters = θ
        let uniforms = stream.uniform(count: count)
        return try Tensor(shape: sampleShape, scalars: uniforms.map { try invert($0, parameters) })
    }

    func rsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        implicitlyReparameterized(try sample(sampleShape, using: &stream))
    }

    func logProb(_ value: Tensor) throws -> Tensor {
        let (low, high, density) = (low, high, density)
        return try Tensor.dualElementwise([value] + parameterValues) { v in
            guard v[0].value > low, v[0].value < high else { return Dual(-.infinity) }
            return Reparam.log(density.evaluate(v))
        }
    }

    func cdf(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }

    func icdf(_ probability: Tensor) throws -> Tensor {
        try quantileThroughImplicitRule(probability) { u, θ in try invert(u, θ) }
    }

    /// No closed form; `mean(d.sample(n))` estimates it.
    var mean: Tensor { Tensor(.nan) }
    var variance: Tensor { Tensor(.nan) }

    func entropy() throws -> Tensor {
        throw ReparamError.invalidArgument("from_cdf has no closed-form entropy; estimate it with -mean(d.log_prob(d.sample(100000)))")
    }

    /// The z with F(z; θ) = u: a bracket grown by doubling from the support's
    /// ends, then Newton steps kept inside the bracket (bisection otherwise).
    func invert(_ u: Double, _ θ: [Double]) throws -> Double {
        guard u > 0, u < 1 else {
            if u == 0 { return low }
            if u == 1 { return high }
            throw ReparamError.invalidArgument("from_cdf: a probability must be in [0, 1], got \(u)")
        }
        let F = { (z: Double) in self.cdf(at: z, parameters: θ) }
        var a = low, b = high
        if !a.isFinite {
            let base = b.isFinite ? b : 0
            var step = 1.0
            a = base - step
            while F(a) > u { step *= 2; a = base - step; guard a.isFinite else { throw unreachable(u) } }
        }
        if !b.isFinite {
            let base = a
            var step = 1.0
            b = base + step
            while F(b) < u { step *= 2; b = base + step; guard b.isFinite else { throw unreachable(u) } }
        }
        var z = 0.5 * (a + b)
        for _ in 0..<200 {
            let gap = F(z) - u
            if gap == 0 { return z }
            if gap < 0 { a = z } else { b = z }
            let newton = z - gap / Foundation.exp(logDensity(at: z, parameters: θ))
            z = newton > a && newton < b && newton.isFinite ? newton : 0.5 * (a + b)
            if b - a <= 4 * (abs(z).ulp + Double.leastNormalMagnitude) { break }
        }
        return z
    }

    private func unreachable(_ u: Double) -> ReparamError {
        .numerical("from_cdf: F never reaches \(u); check that it tends to 0 and 1 at the ends of the support")
    }
}
