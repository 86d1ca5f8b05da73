import Foundation
import XCTest
@testable import Reparam

/// Gradients of E[f(k)] for discrete k: the exact gradient by enumeration against closed forms; the
/// score function unbiased against it; the Concrete relaxation biased, its bias shrinking and its
/// variance growing as the temperature falls.
final class DiscreteGradientTests: XCTestCase {
    private func σ(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    func testEnumerationAgainstClosedForms() throws {
        // Bernoulli: d/dp E[f] = f(1) − f(0); with logits, σ'(l)(f(1) − f(0)).
        let f: (Tensor) throws -> Tensor = { ($0 - 0.45) * ($0 - 0.45) }
        XCTAssertEqual(try Enumeration.gradients(of: f, under: Bernoulli(probs: .parameter(0.3)))[0].scalars[0], 0.3025 - 0.2025, accuracy: 1e-15)
        XCTAssertEqual(try Enumeration.gradients(of: f, under: Bernoulli(logits: .parameter(0.7)))[0].scalars[0],
                       σ(0.7) * (1 - σ(0.7)) * 0.1, accuracy: 1e-15)
        // Binomial(n, p): E[k²] = np(1 − p) + n²p², d/dp = n(1 − 2p) + 2n²p.
        let n = 12.0, p = 0.35
        let binomial = try Binomial(totalCount: Tensor(n), probs: .parameter(p))
        XCTAssertEqual(try Enumeration.expectation(of: { $0 * $0 }, under: binomial).scalars[0], n * p * (1 - p) + n * n * p * p, accuracy: 1e-11)
        XCTAssertEqual(try Enumeration.gradients(of: { $0 * $0 }, under: binomial)[1].scalars[0], n * (1 - 2 * p) + 2 * n * n * p, accuracy: 1e-10)
        // Categorical: ∂/∂lⱼ Σ πₖ f(k) = πⱼ (f(j) − E f).
        let logits = [0.2, -0.4, 1.0, 0.0], values = [3.0, -1.0, 0.5, 2.0]
        let categorical = try Categorical(logits: .parameter(logits))
        let g = try Enumeration.gradients(of: { k in Tensor(unchecked: k.shape, k.scalars.map { values[Int($0)] }) }, under: categorical)[0].scalars
        let π = logits.map { Foundation.exp($0) }, total = π.reduce(0, +)
        let mean = zip(π, values).reduce(0) { $0 + $1.0 * $1.1 } / total
        for j in 0..<4 { XCTAssertEqual(g[j], π[j] / total * (values[j] - mean), accuracy: 1e-15, "l\(j)") }
        // A batch with supports of different sizes: E[k] = np per element.
        let batch = try Binomial(totalCount: Tensor([3, 8]), probs: Tensor([0.2, 0.6]))
        let e = try Enumeration.expectation(of: { $0 }, under: batch).scalars
        XCTAssertEqual(e[0], 0.6, accuracy: 1e-14)
        XCTAssertEqual(e[1], 4.8, accuracy: 1e-13)
    }

    /// REINFORCE is unbiased: the mean of 400 estimates is within 4 standard errors of the exact
    /// gradient, for three families and three functions each.
    func testScoreFunctionIsUnbiasedAgainstEnumeration() throws {
        var stream = RandomStream(seed: 8)
        let functions: [(String, (Tensor) throws -> Tensor)] = [
            ("(k − 0.45)²", { ($0 - 0.45) * ($0 - 0.45) }), ("cos k", { cos($0) }), ("exp(−k/2)", { exp(-0.5 * $0) }),
        ]
        let families: [(String, () throws -> any DiscreteDistribution)] = [
            ("bernoulli", { try Bernoulli(logits: .parameter(0.6)) }),
            ("binomial", { try Binomial(totalCount: Tensor(6), probs: .parameter(0.35)) }),
            ("categorical", { try Categorical(logits: .parameter([0.3, -0.2, 0.9])) }),
        ]
        for (familyName, make) in families {
            for (functionName, f) in functions {
                let d = try make()
                let exact = try Enumeration.gradients(of: f, under: d)
                let spread = try Estimator.score.spread(of: f, under: d, samples: 50, repetitions: 400, using: &stream)
                for (k, parameter) in d.parameters.enumerated() where parameter.name != "total_count" {
                    for i in exact[k].scalars.indices {
                        XCTAssertEqual(spread[k].mean[i], exact[k].scalars[i], accuracy: 4 * spread[k].standardError[i] + 1e-12,
                                       "\(familyName), \(functionName), d/d\(parameter.name)[\(i)]")
                    }
                }
            }
        }
    }

    /// The relaxed gradient ∂/∂l E[f(y)], y ~ RelaxedBernoulli(λ, l), computed exactly by quadrature, is
    /// biased against ∂/∂l E[f(k)]; below λ = ½ the bias falls with λ (above it, it need not: here it is
    /// 0.0061 at λ = 2, 0.0055 at 1 and 0.011 at ½; then 0.0044 at 0.1, 0.00047 at 0.01, about 0.047λ, against
    /// an exact 0.0240). Its Monte-Carlo variance rises as λ falls.
    func testRelaxedBiasShrinksAndVarianceGrowsAsTemperatureFalls() throws {
        let l = 0.4
        let f: (Tensor) throws -> Tensor = { ($0 - 0.45) * ($0 - 0.45) }
        let exact = σ(l) * (1 - σ(l)) * (0.3025 - 0.2025)
        var bias: [Double] = []
        for λ in [0.5, 0.25, 0.1, 0.05, 0.02, 0.01] {
            let logits = Tensor.parameter(l)
            let relaxed = try RelaxedBernoulli(temperature: Tensor(λ), logits: logits)
            let g = try gradients(of: relaxed.expectation(of: f), withRespectTo: [logits])[0].scalars[0]
            bias.append(abs(g - exact))
        }
        XCTAssertEqual(bias, bias.sorted(by: >), "bias falls with the temperature: \(bias)")
        XCTAssertLessThan(bias.last ?? 1, 0.05 * abs(exact))
        XCTAssertGreaterThan(bias.first ?? 0, 0.4 * abs(exact))

        // Variance of the one-sample pathwise gradient: larger at λ = 0.1 than at λ = 1.
        var stream = RandomStream(seed: 12)
        func variance(_ λ: Double) throws -> Double {
            let logits = Tensor.parameter(l)
            let d = try RelaxedBernoulli(temperature: Tensor(λ), logits: logits)
            let spread = try Estimator.pathwise.spread(of: f, under: d, samples: 1, repetitions: 2000, using: &stream)
            return spread[1].standardDeviation[0] * spread[1].standardDeviation[0]
        }
        let (cold, warm) = (try variance(0.1), try variance(1.0))
        XCTAssertGreaterThan(cold, 3 * warm, "variance at λ = 0.1 against λ = 1")
    }
}
