import Foundation
import XCTest
@testable import Reparam

/// LogisticNormal: log_prob and its parameter gradients against mpmath's change of variables
/// (a numerical Jacobian determinant, not the engine's Π xⱼ), the rsample gradient against the
/// softmax Jacobian per draw, Monte-Carlo gradients of E log(xᵢ/x_{K+1}) and E log²(xᵢ/x_{K+1})
/// against their closed forms, and the errors.
final class LogisticNormalTests: XCTestCase {
    /// Rows: K, μ (K), σ (K), x (K + 1), log p, ∂log p/∂μ (K), ∂log p/∂σ (K).
    func testLogProbAndItsGradientsMatchMpmath() throws {
        let rows = try fixture("logistic_normal.tsv")
        XCTAssertGreaterThanOrEqual(rows.count, 12)
        var worst = (error: 0.0, at: "")
        for row in rows {
            let k = Int(row[0])
            let μ = Array(row[1...k]), σ = Array(row[(k + 1)...(2 * k)]), x = Array(row[(2 * k + 1)...(3 * k + 1)])
            let logP = row[3 * k + 2], dμ = Array(row[(3 * k + 3)...(4 * k + 2)]), dσ = Array(row[(4 * k + 3)...(5 * k + 2)])
            let loc = Tensor.parameter(μ), scale = Tensor.parameter(σ)
            let d = try LogisticNormal(loc: loc, scale: scale)
            let value = try d.logProb(Tensor(x))
            let g = try gradients(of: value, withRespectTo: [loc, scale])
            func compare(_ actual: Double, _ expected: Double, _ what: String) {
                // Relative to the reference, or absolute below 1 (a log density crosses zero).
                let error = Swift.abs(actual - expected) / Swift.max(1, Swift.abs(expected))
                if error > worst.error { worst = (error, "\(what) at μ = \(μ), σ = \(σ), x = \(x)") }
                XCTAssertLessThanOrEqual(error, 1e-12, "\(what): \(actual) vs \(expected) at μ = \(μ), σ = \(σ), x = \(x)")
            }
            compare(value.scalars[0], logP, "log p")
            for i in 0..<k {
                compare(g[0].scalars[i], dμ[i], "∂log p/∂μ\(i)")
                compare(g[1].scalars[i], dσ[i], "∂log p/∂σ\(i)")
            }
        }
        print("LogisticNormal log_prob against mpmath: worst error \(worst.error) (\(worst.at))")
    }

    /// Per draw, ∂xⱼ/∂μᵢ = xⱼ(δᵢⱼ − xᵢ) and ∂xⱼ/∂σᵢ = εᵢ ∂xⱼ/∂μᵢ with εᵢ = (log(xᵢ/x_{K+1}) − μᵢ)/σᵢ:
    /// the gradient of Σⱼ wⱼxⱼ is xᵢ(wᵢ − Σⱼ wⱼxⱼ) (times εᵢ for σ).
    func testRsampleGradientIsTheSoftmaxJacobianPerDraw() throws {
        var stream = RandomStream(seed: 17)
        let n = 500, μ = [0.4, -1.2, 2.0], σ = [0.7, 1.5, 0.05], w = [0.3, -1.1, 0.8, 2.0]
        let loc = Tensor.parameter(Tensor(unchecked: [n, 3], (0..<n).flatMap { _ in μ }))
        let scale = Tensor.parameter(Tensor(unchecked: [n, 3], (0..<n).flatMap { _ in σ }))
        let x = try LogisticNormal(loc: loc, scale: scale).rsample([], using: &stream)
        XCTAssertEqual(x.shape, [n, 4])
        let g = try gradients(of: x.multiplying(Tensor(w)).sum(), withRespectTo: [loc, scale])
        for r in 0..<n {
            let row = Array(x.scalars[(r * 4)..<(r * 4 + 4)])
            XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-15)
            let dot = zip(row, w).reduce(0) { $0 + $1.0 * $1.1 }
            for i in 0..<3 {
                let expected = row[i] * (w[i] - dot)
                let ε = (Foundation.log(row[i] / row[3]) - μ[i]) / σ[i]
                XCTAssertEqual(g[0].scalars[r * 3 + i], expected, accuracy: 1e-15 * Swift.max(1, Swift.abs(expected)) + 1e-17)
                // ε recovered from the draw carries the rounding of log(xᵢ/x₃)/σᵢ.
                XCTAssertEqual(g[1].scalars[r * 3 + i], expected * ε, accuracy: 1e-12 * Swift.max(1, Swift.abs(expected * ε)))
            }
        }
    }

    /// rᵢ = log(xᵢ/x_{K+1}) ~ Normal(μᵢ, σᵢ): E[cᵢrᵢ + dᵢrᵢ²] = cᵢμᵢ + dᵢ(μᵢ² + σᵢ²), so the gradient
    /// is cᵢ + 2dᵢμᵢ in μᵢ and 2dᵢσᵢ in σᵢ; per-draw pathwise gradients (one parameter copy per draw)
    /// average to it within five standard errors.
    func testMonteCarloGradientsOfLogRatioMomentsMatchClosedForms() throws {
        var stream = RandomStream(seed: 29)
        let n = 40_000, μ = [0.4, -1.2], σ = [0.7, 1.5], c = [1.0, -0.5], dd = [0.3, 0.8]
        let loc = Tensor.parameter(Tensor(unchecked: [n, 2], (0..<n).flatMap { _ in μ }))
        let scale = Tensor.parameter(Tensor(unchecked: [n, 2], (0..<n).flatMap { _ in σ }))
        let x = try LogisticNormal(loc: loc, scale: scale).rsample([], using: &stream)
        let logX = log(x)
        let r = try logX.slice(axis: -1, 0..<2).subtracting(logX.slice(axis: -1, 2..<3))
        let f = try r.multiplying(Tensor(c)).adding(r.multiplying(r).multiplying(Tensor(dd))).sum()
        let g = try gradients(of: f, withRespectTo: [loc, scale])
        for i in 0..<2 {
            for (j, target) in [c[i] + 2 * dd[i] * μ[i], 2 * dd[i] * σ[i]].enumerated() {
                let perDraw = (0..<n).map { g[j].scalars[$0 * 2 + i] }
                let (mean, standardError) = meanAndStandardError(perDraw)
                XCTAssertLessThanOrEqual(Swift.abs(mean - target), 5 * standardError,
                                         "d/d\(j == 0 ? "μ" : "σ")\(i): \(mean) ± \(standardError) vs \(target)")
            }
        }
    }

    func testBadParametersNameTheParameterAndTheRule() {
        XCTAssertThrowsError(try LogisticNormal(loc: Tensor(0.5), scale: Tensor(1))) {
            XCTAssert("\($0)".hasPrefix("LogisticNormal: loc must be a vector μ₁…μ_K"), "\($0)")
        }
        XCTAssertThrowsError(try LogisticNormal(loc: Tensor([0, 1]), scale: Tensor([1, -2]))) {
            XCTAssertEqual("\($0)", "LogisticNormal: scale must be positive, got -2 at index 1")
        }
        XCTAssertThrowsError(try LogisticNormal(loc: Tensor([0, 1]), scale: Tensor([1, 2, 3]))) {
            XCTAssert("\($0)".contains("does not broadcast"), "\($0)")
        }
    }

    /// A boundary point has density 0; a point off the simplex is outside the support.
    func testLogProbOnTheBoundaryAndOffTheSimplex() throws {
        let d = try LogisticNormal(loc: Tensor([0, 1]), scale: Tensor(1))
        XCTAssertEqual(try d.logProb(Tensor([0, 0.5, 0.5])).scalars, [-.infinity])
        XCTAssertEqual(try d.logProb(Tensor([0.2, 0.5, 0.5])).scalars, [-.infinity])
        XCTAssert(try d.logProb(Tensor([0.2, 0.3, 0.5])).scalars[0].isFinite)
    }
}
