import XCTest
@testable import Reparam

/// E[f] and ∇θ E[f] by quadrature over the quantile function, against closed forms to 1e-10.
final class ExactGradientTests: XCTestCase {
    func check(_ d: any Distribution, _ f: (Tensor) throws -> Tensor, value: Double, gradients: [Double],
               _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let exact = try ExactGradient.expectation(of: f, under: d)
        XCTAssertEqual(exact.value, value, accuracy: 1e-10 * max(1, abs(value)), "\(label) value", file: file, line: line)
        for (k, expected) in gradients.enumerated() {
            XCTAssertEqual(exact.gradients[k].scalars[0], expected, accuracy: 1e-10 * max(1, abs(expected)),
                           "\(label) d/d\(d.parameters[k].name)", file: file, line: line)
        }
    }

    /// N(μ, σ): E[x²] = μ² + σ² (∇ = 2μ, 2σ); E[eˣ] = e^{μ+σ²/2} (∇ = E, σE), the LogNormal mean.
    func testNormalMoments() throws {
        let (mu, sigma) = (1.5, 2.0)
        try check(Normal(loc: .parameter(mu), scale: .parameter(sigma)), { $0 * $0 }, value: mu * mu + sigma * sigma,
                  gradients: [2 * mu, 2 * sigma], "N x²")
        let (m, s) = (0.3, 0.7)
        let e = exp(m + s * s / 2)
        try check(Normal(loc: .parameter(m), scale: .parameter(s)), { exp($0) }, value: e, gradients: [e, s * e], "N eˣ")
    }

    /// Gamma(α, β): E[x] = α/β (∇ = 1/β, −α/β²); E[x²] = α(α+1)/β² (∇ = (2α+1)/β², −2α(α+1)/β³).
    func testGammaMoments() throws {
        let (a, b) = (2.5, 1.5)
        let d = try Gamma(concentration: .parameter(a), rate: .parameter(b))
        try check(d, { $0 }, value: a / b, gradients: [1 / b, -a / (b * b)], "Gamma x")
        try check(d, { $0 * $0 }, value: a * (a + 1) / (b * b), gradients: [(2 * a + 1) / (b * b), -2 * a * (a + 1) / (b * b * b)], "Gamma x²")
    }

    /// Exponential(λ): E[x²] = 2/λ², ∇ = −4/λ³. Weibull(λ, k = 2): E[x] = λΓ(3/2) (∇ = Γ(3/2),
    /// −λΓ(3/2)ψ(3/2)/k²) with Γ(3/2) = √π/2 and ψ(3/2) = 2 − γ − 2 log 2.
    func testExponentialAndWeibull() throws {
        let rate = 1.7
        try check(Exponential(rate: .parameter(rate)), { $0 * $0 }, value: 2 / (rate * rate), gradients: [-4 / (rate * rate * rate)], "Exp x²")
        let (lambda, k) = (1.3, 2.0)
        let gamma = Double.pi.squareRoot() / 2, digamma = 2 - 0.57721566490153286 - 2 * log(2.0)
        try check(Weibull(scale: .parameter(lambda), concentration: .parameter(k)), { $0 }, value: lambda * gamma,
                  gradients: [gamma, -lambda * gamma * digamma / (k * k)], "Weibull x")
    }

    func testHeavyTailAndBatchesAreExplained() throws {
        let cauchy = try Cauchy(loc: .parameter(0), scale: .parameter(1))
        XCTAssertThrowsError(try ExactGradient.expectation(of: { $0 * $0 }, under: cauchy)) {
            XCTAssertTrue("\($0)".contains("did not converge"), "\($0)")
        }
        let batch = try Normal(loc: .parameter([0, 1]), scale: .parameter(1))
        XCTAssertThrowsError(try ExactGradient.expectation(of: { $0 }, under: batch)) {
            XCTAssertTrue("\($0)".contains("one univariate distribution"), "\($0)")
        }
    }
}

/// The per-sample variances of pathwise and score estimators by quadrature, against closed forms.
final class ExactVarianceTests: XCTestCase {
    /// N(θ, 1), f = (x − k)², a = θ − k: pathwise 2(x − k) has variance 4; score (x − k)²ε has
    /// E[ε²(ε + a)⁴] − (2a)² = 15 + 14a² + a⁴ for the mean.
    func testQuadraticCost() throws {
        let (theta, k) = (0.5, 2.0)
        let a = theta - k
        let d = try Normal(loc: .parameter(theta), scale: .parameter(1))
        let f: (Tensor) throws -> Tensor = { ($0 - k) * ($0 - k) }
        XCTAssertEqual(try ExactVariance.perSample(of: f, under: d, estimator: .pathwise)[0], 4, accuracy: 1e-9)
        XCTAssertEqual(try ExactVariance.perSample(of: f, under: d, estimator: .score)[0], 15 + 14 * a * a + a * a * a * a, accuracy: 1e-8)
    }

    /// Mohamed et al. 2020, Fig. 3: for f = cos(kx) under N(0, 1) the pathwise variance
    /// k²(1 − e^{−2k²})/2 grows with k while the score's, E[cos²(kx)x²] = (1 + e^{−2k²}(1 − 4k²))/2, stays
    /// bounded: pathwise wins at k = 0.5, score at k = 5.
    func testCosineCostCrossesOver() throws {
        let d = try Normal(loc: .parameter(0), scale: .parameter(1))
        for k in [0.5, 5.0] {
            let f: (Tensor) throws -> Tensor = { cos($0 * k) }
            let pathwise = try ExactVariance.perSample(of: f, under: d, estimator: .pathwise)[0]
            let score = try ExactVariance.perSample(of: f, under: d, estimator: .score)[0]
            XCTAssertEqual(pathwise, k * k * (1 - exp(-2 * k * k)) / 2, accuracy: 1e-9, "k \(k)")
            XCTAssertEqual(score, (1 + exp(-2 * k * k) * (1 - 4 * k * k)) / 2, accuracy: 1e-9, "k \(k)")
            if k < 1 { XCTAssertLessThan(pathwise, score) } else { XCTAssertLessThan(score, pathwise) }
        }
    }
}

/// A gradient that is zero by symmetry comes out as exactly 0, not as rounding noise.
final class ExactGradientZeroTests: XCTestCase {
    /// Student-t(ν = 5, loc = 1, scale = 2): E[z] = loc, so ∂/∂ν = ∂/∂scale = 0 and ∂/∂loc = 1.
    func testStudentMeanGradientIsExactlyZeroInDfAndScale() throws {
        let d = try StudentT(df: .parameter(5), loc: .parameter(1), scale: .parameter(2))
        let exact = try ExactGradient.expectation(of: { $0 }, under: d)
        XCTAssertEqual(exact.value, 1, accuracy: 1e-10)
        let g = exact.gradients.map { $0.scalars[0] }
        XCTAssertEqual(g[0], 0)
        XCTAssertEqual(g[1], 1, accuracy: 1e-10)
        XCTAssertEqual(g[2], 0)
    }
}
