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
                // One spread per gradient element, parameters in order.
                var offset = 0
                for (k, parameter) in d.parameters.enumerated() {
                    defer { offset += parameter.value.count }
                    guard parameter.name != "total_count" else { continue }
                    for i in exact[k].scalars.indices {
                        let element = spread[offset + i].summary
                        XCTAssertEqual(element.mean, exact[k].scalars[i], accuracy: 4 * element.standardError + 1e-12,
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
            return spread[1].summary.variance
        }
        let (cold, warm) = (try variance(0.1), try variance(1.0))
        XCTAssertGreaterThan(cold, 3 * warm, "variance at λ = 0.1 against λ = 1")
    }

    /// Mean and standard error of `repetitions` estimates of each gradient element.
    private func spread(_ repetitions: Int, _ estimate: () throws -> [Tensor]) rethrows -> (mean: [Double], standardError: [Double], variance: [Double]) {
        var draws: [[Double]] = []
        for _ in 0..<repetitions { draws.append(try estimate().flatMap(\.scalars)) }
        let r = Double(repetitions), width = draws[0].count
        let mean = (0..<width).map { j in draws.reduce(0) { $0 + $1[j] } / r }
        let variance = (0..<width).map { j in draws.reduce(0) { $0 + ($1[j] - mean[j]) * ($1[j] - mean[j]) } / (r - 1) }
        return (mean, variance.map { ($0 / r).squareRoot() }, variance)
    }

    /// REBAR is unbiased for Bernoulli (logits and probs) and Categorical variables against enumeration,
    /// at any temperature. Its relaxed control variate removes what the level of f does to the score
    /// term: on f(b) = (b − 0.45)² + 10 its one-sample variance is 0.02 against REINFORCE's 25. (On the
    /// flat toy f(b) = (b − 0.45)² alone, with η = 1 fixed, it is 0.021 against 0.014 at λ = ½, and
    /// grows as λ falls: the relaxation's pathwise terms cost more than they save unless η and λ are
    /// tuned, as Tucker et al. do online.)
    func testRebarIsUnbiasedAndItsControlVariateRemovesTheLevelOfF() throws {
        var stream = RandomStream(seed: 21)
        let functions: [(String, (Tensor) throws -> Tensor)] = [
            ("(b − 0.45)²", { ($0 - 0.45) * ($0 - 0.45) }), ("cos 3b", { cos(3 * $0) }), ("exp(2b)", { exp(2 * $0) }),
        ]
        for (name, f) in functions {
            for (λ, makeD) in [(0.5, { try Bernoulli(logits: .parameter(0.4)) as any DiscreteDistribution }),
                               (0.1, { try Bernoulli(probs: .parameter(0.3)) as any DiscreteDistribution })] {
                let d = try makeD()
                let exact = try Enumeration.gradients(of: f, under: d)[0].scalars[0]
                let s = try spread(400) { try Rebar.gradients(of: f, under: d, samples: 20, temperature: λ, using: &stream) }
                XCTAssertEqual(s.mean[0], exact, accuracy: 4 * s.standardError[0] + 1e-12, "Bernoulli \(d.parameters[0].name), \(name), λ = \(λ)")
            }
        }
        let c = Tensor([1, -0.5, 2])
        let onRows: [(String, (Tensor) throws -> Tensor)] = [
            ("(y·c − 0.3)²", { y in let s = try (y * c).sum(axis: -1); return (s - 0.3) * (s - 0.3) }),
            ("exp(y·c)", { y in exp(try (y * c).sum(axis: -1)) }),
            ("cos(y·c)", { y in cos(try (y * c).sum(axis: -1)) }),
        ]
        for (name, f) in onRows {
            let logits = Tensor.parameter([0.3, -0.2, 0.9])
            let d = try Categorical(logits: logits)
            // The same f on indices: row k of the identity.
            let exact = try Enumeration.gradients(of: { k in
                let oneHot = k.scalars.flatMap { index in (0..<3).map { $0 == Int(index) ? 1.0 : 0 } }
                return try f(Tensor(unchecked: k.shape + [3], oneHot))
            }, under: d)[0].scalars
            let s = try spread(400) { try Rebar.gradients(of: f, under: d, samples: 20, temperature: 0.5, using: &stream) }
            for j in 0..<3 {
                XCTAssertEqual(s.mean[j], exact[j], accuracy: 4 * s.standardError[j] + 1e-12, "Categorical, \(name), d/dl\(j)")
            }
        }
        // Variance of one-sample estimates, REBAR against REINFORCE, when f has a level far from 0.
        let toy: (Tensor) throws -> Tensor = { ($0 - 0.45) * ($0 - 0.45) + 10 }
        let d = try Bernoulli(logits: .parameter(0.4))
        let rebar = try spread(2000) { try Rebar.gradients(of: toy, under: d, samples: 1, temperature: 0.5, using: &stream) }
        let score = try spread(2000) { try Estimator.score.gradients(of: toy, under: d, samples: 1, using: &stream) }
        XCTAssertLessThan(rebar.variance[0], 0.01 * score.variance[0], "REBAR \(rebar.variance[0]) against REINFORCE \(score.variance[0])")
    }

    /// RELAX with a control variate that is not REBAR's, c(z) = 0.2 + 0.1 σ(z) (Bernoulli) or
    /// 0.3 + 0.2 softmax(z)·c (Categorical), is unbiased; with c(z) = η f(σ_λ(z)) it is REBAR, draw for draw.
    func testRelaxIsUnbiasedForAnyControlVariateAndContainsRebar() throws {
        var stream = RandomStream(seed: 33)
        let f: (Tensor) throws -> Tensor = { ($0 - 0.45) * ($0 - 0.45) }
        let bernoulli = try Bernoulli(logits: .parameter(-0.7))
        let exact = try Enumeration.gradients(of: f, under: bernoulli)[0].scalars[0]
        let s = try spread(400) {
            try Relax.gradients(of: f, controlVariate: { z in 0.2 + 0.1 * sigmoid(z) }, under: bernoulli, samples: 20, using: &stream)
        }
        XCTAssertEqual(s.mean[0], exact, accuracy: 4 * s.standardError[0])
        let c = Tensor([1, -0.5, 2])
        let onRows: (Tensor) throws -> Tensor = { y in cos(try (y * c).sum(axis: -1)) }
        let categorical = try Categorical(logits: .parameter([0.3, -0.2, 0.9]))
        let exactRows = try Enumeration.gradients(of: { k in
            try onRows(Tensor(unchecked: k.shape + [3], k.scalars.flatMap { index in (0..<3).map { $0 == Int(index) ? 1.0 : 0 } }))
        }, under: categorical)[0].scalars
        let rows = try spread(400) {
            try Relax.gradients(of: onRows, controlVariate: { z in 0.3 + 0.2 * (try (z.softmax(axis: -1) * c).sum(axis: -1)) },
                                under: categorical, samples: 20, using: &stream)
        }
        for j in 0..<3 { XCTAssertEqual(rows.mean[j], exactRows[j], accuracy: 4 * rows.standardError[j], "d/dl\(j)") }
        // REBAR is RELAX with c = η f(σ_λ(z)): the same estimate from the same stream.
        var one = RandomStream(seed: 5), two = RandomStream(seed: 5)
        let rebar = try Rebar.gradients(of: f, under: bernoulli, samples: 50, temperature: 0.3, scale: 0.8, using: &one)[0].scalars[0]
        let relax = try Relax.gradients(of: f, controlVariate: { z in 0.8 * (try f(sigmoid(z / 0.3))) }, under: bernoulli, samples: 50,
                                        using: &two)[0].scalars[0]
        XCTAssertEqual(rebar, relax)
    }
}
