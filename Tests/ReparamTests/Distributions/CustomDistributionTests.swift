import XCTest
@testable import Reparam

/// F(z; λ, k) = 1 − exp(−(z/λ)^k), the Weibull CDF written by a user.
struct WeibullCDF: CumulativeDistributionFunction {
    func callAsFunction<T: RealScalar>(_ z: T, _ θ: [T]) -> T { 1 - exp(-pow(z / θ[0], θ[1])) }
}

/// A CDF given as a plain function of z (no parameters), for the broken-CDF cases.
struct FunctionCDF: CumulativeDistributionFunction {
    let f: @Sendable (Dual) -> Dual
    func callAsFunction<T: RealScalar>(_ z: T, _ θ: [T]) -> T {
        let y = f(Dual(z.value, derivative: 1))
        return z.lift(value: y.value, derivative: y.derivative)
    }
}

/// User-defined distributions: the Weibull through its CDF against the closed-form
/// Weibull (quantile, density, KS, gradients dz/dλ = z/λ, dz/dk = −z log(z/λ)/k),
/// CDFs that are wrong in each way with their messages, and Monte-Carlo gradients.
final class CustomDistributionTests: XCTestCase {
    let λ = 1.5, k = 2.2

    func weibull(_ λ: Double? = nil, _ k: Double? = nil) throws -> CustomDistribution {
        try CustomDistribution(name: "Weibull", cdf: WeibullCDF(),
                               parameters: [("scale", .parameter(λ ?? self.λ)), ("shape", .parameter(k ?? self.k))], support: .positive)
    }

    func testQuantileAndDensityAgainstClosedForm() throws {
        let d = try weibull()
        for u in [1e-6, 0.001, 0.1, 0.37, 0.5, 0.9, 0.999, 1 - 1e-9] {
            let exact = λ * pow(-log1p(-u), 1 / k)
            // The user's 1 − exp(−x) carries an absolute error of about 1e-16, which the
            // quantile inherits as 1e-16/(p z) relative: the tolerance follows that condition number.
            let condition = 1 / ((1 - u) * -log1p(-u) * k)
            assertRelative(try d.icdf(Tensor(u)).scalars[0], exact, 1e-13 + 4e-16 * condition, "icdf(\(u))")
        }
        for z in [0.01, 0.5, 1.5, 3, 6] {
            let logPdf = log(k / λ) + (k - 1) * log(z / λ) - pow(z / λ, k)
            assertRelative(try d.logProb(Tensor(z)).scalars[0], logPdf, 1e-13, "logProb(\(z))")
            let F = -expm1(-pow(z / λ, k))
            assertRelative(try d.cdf(Tensor(z)).scalars[0], F, 1e-14 + 2e-16 / F, "cdf(\(z))")
        }
        XCTAssertEqual(try d.logProb(Tensor(-1)).scalars[0], -.infinity)
    }

    /// Mean and variance by quadrature of the quantile, and d mean/dλ = Γ(1 + 1/k), against the closed forms.
    func testMomentsByQuadrature() throws {
        let d = try weibull()
        let g1 = exp(logGamma(1 + 1 / k)), g2 = exp(logGamma(1 + 2 / k))
        assertRelative(d.mean.scalars[0], λ * g1, 1e-10, "mean")
        assertRelative(d.variance.scalars[0], λ * λ * (g2 - g1 * g1), 1e-9, "variance")
        let g = try gradients(of: d.mean, withRespectTo: [d.parameters[0].value])
        assertRelative(g[0].scalars[0], g1, 1e-10, "d mean/dλ")
        // A Cauchy CDF has no mean: NaN, not a number that looks like one.
        let cauchy = try CustomDistribution(name: "Cauchy", cdf: FunctionCDF(f: { 0.5 + atan($0) / Dual(Double.pi) }), parameters: [])
        XCTAssert(cauchy.mean.scalars[0].isNaN)
    }

    func testSamplesPassKolmogorovSmirnov() throws {
        var stream = RandomStream(seed: 12)
        for n in [100, 20_000] {   // without and with the quantile table
            let z = try weibull().rsample([n], using: &stream)
            let statistic = kolmogorovSmirnov(z.scalars) { -expm1(-pow($0 / self.λ, self.k)) }
            XCTAssertLessThan(statistic, ksCritical(n), "n = \(n)")
        }
    }

    /// Per sample, dz/dλ = z/λ and dz/dk = −z log(z/λ)/k, to 1e-10, through the
    /// per-sample API and through the backward pass with per-sample weights.
    func testGradientsEqualExplicitWeibull() throws {
        var stream = RandomStream(seed: 3)
        for n in [50, 3000] {
            let d = try weibull()
            let z = try d.rsample([n], using: &stream)
            let perSample = try d.sampleDerivatives(z.detached)
            var worst = 0.0
            for i in 0..<n {
                let zi = z.scalars[i]
                let dλ = zi / λ, dk = -zi * log(zi / λ) / k
                worst = max(worst, relativeError(perSample[0].scalars[i], dλ))
                XCTAssertEqual(perSample[0].scalars[i], dλ, accuracy: 1e-10 * abs(dλ))
                XCTAssertEqual(perSample[1].scalars[i], dk, accuracy: 1e-10 * max(abs(dk), 1e-3 * zi))
            }
            let weights = Tensor((0..<n).map { sin(Double($0)) })
            let g = try gradients(of: (z * weights).sum(), withRespectTo: d.parameters.map(\.value))
            var expectedλ = 0.0, expectedk = 0.0
            for i in 0..<n {
                let zi = z.scalars[i]
                expectedλ += weights.scalars[i] * zi / λ
                expectedk -= weights.scalars[i] * zi * log(zi / λ) / k
            }
            XCTAssertEqual(g[0].scalars[0], expectedλ, accuracy: 1e-10 * Double(n))
            XCTAssertEqual(g[1].scalars[0], expectedk, accuracy: 1e-10 * Double(n))
            XCTAssertLessThan(worst, 1e-10)
        }
    }

    /// A batch of parameter values (one per element) samples and differentiates each with its own.
    func testBatchedParameters() throws {
        let scales = Tensor.parameter([0.5, 1, 4]), shapes = Tensor.parameter([0.7, 2, 5])
        let d = try CustomDistribution(name: "Weibull", cdf: WeibullCDF(), parameters: [("scale", scales), ("shape", shapes)], support: .positive)
        var stream = RandomStream(seed: 5)
        let z = try d.rsample([4], using: &stream)
        XCTAssertEqual(z.shape, [4, 3])
        let g = try gradients(of: z.sum(), withRespectTo: [scales, shapes])
        for b in 0..<3 {
            var dλ = 0.0
            for s in 0..<4 { dλ += z.scalars[s * 3 + b] / scales.scalars[b] }
            XCTAssertEqual(g[0].scalars[b], dλ, accuracy: 1e-10 * abs(dλ))
        }
    }

    func sampleError(_ cdf: @escaping @Sendable (Dual) -> Dual, support: Support = .real, n: Int = 1000) -> String {
        do {
            let d = try CustomDistribution(name: "mine", cdf: FunctionCDF(f: cdf), parameters: [], support: support)
            var stream = RandomStream(seed: 1)
            _ = try d.rsample([n], using: &stream)
            return "no error"
        } catch { return "\(error)" }
    }

    func testCDFsThatAreWrongHaveClearErrors() {
        @Sendable func logistic(_ z: Dual) -> Dual { 1 / (1 + exp(-z)) }
        // Not monotone: a smooth dip (negative derivative) and a downward jump.
        XCTAssert(sampleError { logistic($0) + 0.2 * sin(3 * $0) * exp(-$0 * $0) }.hasPrefix("mine: custom CDF is not monotone: "))
        // Few samples (no table, no grid scan): the dip is met by Newton steps, through the derivative.
        XCTAssert(sampleError({ logistic($0) + 0.2 * sin(3 * $0) * exp(-$0 * $0) }, n: 50).hasPrefix("mine: custom CDF is not monotone: "))
        let jump = sampleError { z in z.value < 0.5 || z.value >= 1 ? logistic(z) : logistic(z) - 0.2 }
        XCTAssert(jump.hasPrefix("mine: custom CDF is not monotone: F("), jump)
        XCTAssert(jump.contains(" > F("), jump)
        // Not reaching 1, not reaching 0.
        XCTAssertEqual(sampleError { 0.9 * logistic($0) }.prefix(46), "mine: custom CDF does not reach 1 as z → ∞: F(")
        XCTAssertEqual(sampleError { 0.1 + 0.9 * logistic($0) }.prefix(47), "mine: custom CDF does not reach 0 as z → −∞: F(")
        XCTAssertEqual(sampleError({ $0 / 2 }, support: .interval(0, 1)), "mine: custom CDF is not 1 at the upper end of its support: F(1.0) = 0.5")
        XCTAssertEqual(sampleError({ 0.2 + 0.8 * $0 }, support: .unitInterval), "mine: custom CDF is not 0 at the lower end of its support: F(0.0) = 0.2")
        // NaN, and values outside [0, 1].
        XCTAssertEqual(sampleError({ 1 - exp(-sqrt($0 - 1)) }, support: .positive), "mine: custom CDF returned nan at z = 0.0")
        XCTAssert(sampleError { 1.5 * logistic($0) }.contains("outside [0, 1]"))
        // A CDF that is fine passes.
        XCTAssertEqual(sampleError { logistic($0) }, "no error")
        XCTAssertThrowsError(try CustomDistribution(cdf: WeibullCDF(), parameters: [], support: .interval(1, 0))) { XCTAssert("\($0)".contains("must have ends a < b")) }
        XCTAssertThrowsError(try CustomDistribution(cdf: WeibullCDF(), parameters: [("scale", Tensor(.nan))])) { XCTAssert("\($0)".contains("scale")) }
        // validate() reports before any sampling what sampling would, and passes a true CDF.
        XCTAssertThrowsError(try CustomDistribution(name: "mine", cdf: FunctionCDF { $0 / 2 }, parameters: [], support: .interval(0, 1)).validate()) {
            XCTAssertEqual("\($0)", "mine: custom CDF is not 1 at the upper end of its support: F(1.0) = 0.5")
        }
        XCTAssertNoThrow(try CustomDistribution(name: "mine", cdf: FunctionCDF { logistic($0) }, parameters: []).validate())
    }

    /// A half-line support [2, ∞): F(z) = 1 − e^{−(z−2)}, whose quantile is 2 − log(1 − u).
    func testHalfLineSupport() throws {
        let d = try CustomDistribution(name: "shifted", cdf: FunctionCDF { 1 - exp(2 - $0) }, parameters: [], support: .interval(2, .infinity))
        try d.validate()
        for u in [0.001, 0.3, 0.9, 0.999999] {
            // 1 − e^{2−z} carries an absolute error of 1e-16: the quantile inherits 1e-16/(p z) relative.
            let z = 2 - log1p(-u)
            assertRelative(try d.icdf(Tensor(u)).scalars[0], z, 1e-13 + 4e-16 / ((1 - u) * z), "icdf(\(u))")
        }
        var stream = RandomStream(seed: 3)
        XCTAssertGreaterThanOrEqual(try d.sample([1000], using: &stream).scalars.min() ?? 0, 2)
        XCTAssertEqual(try d.logProb(Tensor(1.5)).scalars[0], -.infinity)
    }

    /// d/dθ E[z] by the pathwise estimator, the score function, and central
    /// differences of the closed form E[z] = λ Γ(1 + 1/k).
    func testMonteCarloGradientsAgree() throws {
        func expectation(_ λ: Double, _ k: Double) -> Double { λ * exp(logGamma(1 + 1 / k)) }
        let h = 1e-6
        let exact = [(expectation(λ + h, k) - expectation(λ - h, k)) / (2 * h), (expectation(λ, k + h) - expectation(λ, k - h)) / (2 * h)]
        var stream = RandomStream(seed: 19)
        let d = try weibull()
        let f: (Tensor) throws -> Tensor = { $0 }
        let pathwise = try Estimator.pathwise.spread(of: f, under: d, samples: 5000, repetitions: 20, using: &stream)
        let score = try Estimator.score.spread(of: f, under: d, samples: 5000, repetitions: 20, using: &stream)
        for j in 0..<2 {
            let p = pathwise[j].summary.mean, pe = pathwise[j].summary.standardError
            let s = score[j].summary.mean, se = score[j].summary.standardError
            XCTAssertLessThan(abs(p - exact[j]), 5 * pe, "pathwise θ\(j)")
            XCTAssertLessThan(abs(s - exact[j]), 5 * se, "score θ\(j)")
            XCTAssertLessThan(abs(p - s), 5 * (pe * pe + se * se).squareRoot(), "pathwise vs score θ\(j)")
        }
    }
}
