import Foundation
import XCTest
@testable import Reparam

/// Wishart against mpmath's 50-digit log density, entropy and closed-form gradients
/// (scripts/fixtures/wishart.py); gradients of E[X] and E[log det X] in ν and Σ within 5 standard
/// errors, for a sample of shape [100, 50] (PyTorch 2.15's backward raises there); log_prob −∞
/// off the support; messages.
final class WishartTests: XCTestCase {
    func testLogProbEntropyAndGradientsAgainstMpmath() throws {
        var worst: [String: Double] = [:]
        func record(_ what: String, _ computed: [Double], _ reference: [Double]) {
            let scale = reference.reduce(1) { max($0, abs($1)) }
            worst[what] = max(worst[what] ?? 0, zip(computed, reference).reduce(0) { max($0, abs($1.0 - $1.1) / scale) })
        }
        for row in try fixture("wishart.tsv") {
            let n = Int(row[0])
            var rest = ArraySlice(row.dropFirst(2))
            func take(_ k: Int) -> [Double] { defer { rest = rest.dropFirst(k) }; return Array(rest.prefix(k)) }
            let sigma = take(n * n), x = take(n * n), logProb = take(1)[0], entropy = take(1)[0], dDf = take(1)[0], dSigma = take(n * n)
            let precision = take(n * n), dPrecision = take(n * n)
            let df = Tensor.parameter(row[1]), covariance = Tensor.parameter(Tensor(unchecked: [n, n], sigma))
            let w = try Wishart(df: df, covariance: covariance)
            let value = try w.logProb(Tensor(unchecked: [n, n], x))
            record("log_prob", value.scalars, [logProb])
            record("entropy", try w.entropy().scalars, [entropy])
            let g = try gradients(of: value, withRespectTo: [df, covariance])
            record("d/ddf", g[0].scalars, [dDf])
            record("d/dcovariance", g[1].scalars, dSigma)
            // The same through the factor: the log density does not depend on which matrix was given.
            let viaFactor = try Wishart(df: Tensor(row[1]), scaleTril: cholesky(Tensor(unchecked: [n, n], sigma)))
            record("log_prob via scale_tril", try viaFactor.logProb(Tensor(unchecked: [n, n], x)).scalars, [logProb])
            // Given the precision P = Σ⁻¹ (the exact inverse rounded to doubles): ∂/∂P = −Σ (∂/∂Σ) Σ.
            let p = Tensor.parameter(Tensor(unchecked: [n, n], precision))
            let viaPrecision = try Wishart(df: Tensor(row[1]), precision: p)
            let density = try viaPrecision.logProb(Tensor(unchecked: [n, n], x))
            record("log_prob via precision", density.scalars, [logProb])
            record("entropy via precision", try viaPrecision.entropy().scalars, [entropy])
            record("d/dprecision", try gradients(of: density, withRespectTo: [p])[0].scalars, dPrecision)
        }
        for (what, error) in worst.sorted(by: { $0.key < $1.key }) {
            print("Wishart \(what): worst relative error \(error)")
            // The precision is the exact inverse rounded to doubles: its rounding moves the result by up to cond(Σ)·1e-16.
            XCTAssertLessThan(error, what.contains("precision") ? 1e-10 : 1e-12, what)
        }
    }

    /// E[X] = νΣ and E[log det X] = ψₙ(ν/2) + n log 2 + log det Σ, so
    /// ∂E[X_ij]/∂ν = Σ_ij, ∂E[tr(AX)]/∂Σ = νA, ∂E[log det X]/∂ν = ½ Σⱼ ψ′(ν/2 − j/2), ∂E[log det X]/∂Σ = Σ⁻¹:
    /// pathwise gradients averaged over 20 draws of shape [100, 50] within 5 standard errors.
    func testGradientsOfMeanAndLogDeterminantMatchTheClosedForms() throws {
        let sigma = [2.0, 0.6, 0.6, 1.0], nu = 3.3
        let a = [1.0, 0.5, 0.5, -2.0]
        let det = 2 - 0.36, inverse = [1 / det, -0.6 / det, -0.6 / det, 2 / det]
        let expectedDf = [zip(a, sigma).reduce(0) { $0 + $1.0 * $1.1 }, 0.5 * (trigamma(nu / 2) + trigamma(nu / 2 - 0.5))]
        let expectedSigma = [a.map { nu * $0 }, inverse]
        var stream = RandomStream(seed: 21)
        var batches: [[Double]] = []
        for _ in 0..<20 {
            let df = Tensor.parameter(nu), covariance = Tensor.parameter(Tensor(unchecked: [2, 2], sigma))
            let x = try Wishart(df: df, covariance: covariance).rsample([100, 50], using: &stream)
            let linear = try x.multiplying(Tensor(unchecked: [2, 2], a)).sum(axis: -1).sum(axis: -1).mean()
            let logDet = try (log(cholesky(x).diagonal()).sum(axis: -1) * 2).mean()
            let g1 = try gradients(of: linear, withRespectTo: [df, covariance]), g2 = try gradients(of: logDet, withRespectTo: [df, covariance])
            batches.append(g1[0].scalars + g2[0].scalars + g1[1].scalars + g2[1].scalars)
        }
        let target = expectedDf + expectedSigma[0] + expectedSigma[1]
        for k in target.indices {
            let (mean, se) = meanAndStandardError(batches.map { $0[k] })
            XCTAssertEqual(mean, target[k], accuracy: 5 * se + 1e-12, "entry \(k): SE \(se)")
        }
    }

    /// Sample means of 100,000 draws within 5 SE of νΣ, SE = √(ν(Σ_ij² + Σ_ii Σ_jj)/N); batches broadcast.
    func testMeansAndBatchShapes() throws {
        let w = try Wishart(df: Tensor([2.5, 6]), covariance: Tensor(rows: [[2, 0.6], [0.6, 1]]))
        XCTAssertEqual(w.batchShape, [2])
        var stream = RandomStream(seed: 3)
        let N = 100_000
        let x = try w.sample([N], using: &stream).scalars
        let mean = w.mean.scalars, variance = w.variance.scalars
        for e in 0..<8 {
            var total = 0.0
            for r in 0..<N { total += x[r * 8 + e] }
            XCTAssertEqual(total / Double(N), mean[e], accuracy: 5 * (variance[e] / Double(N)).squareRoot(), "entry \(e)")
        }
        for (a, b) in zip(mean, [5, 1.5, 1.5, 2.5, 12, 3.6, 3.6, 6]) { XCTAssertEqual(a, b, accuracy: 1e-14) }
        XCTAssertEqual(variance[1], 2.5 * (0.36 + 2), accuracy: 1e-14)
        XCTAssertEqual(try w.logProb(Tensor(rows: [[1, 0.2], [0.2, 1]])).shape, [2])
        XCTAssertEqual(try w.rsample([4, 5], using: &stream).shape, [4, 5, 2, 2, 2])
    }

    func testOffTheSupportAndMessages() throws {
        let w = try Wishart(df: Tensor(4), covariance: Tensor(rows: [[2, 0.6], [0.6, 1]]))
        let values = Tensor(unchecked: [3, 2, 2], [1, 2, 2, 1, 1, 0.5, 0.2, 1, 1, 0.2, 0.2, 1])
        let logProb = try w.logProb(values).scalars
        XCTAssertEqual(logProb[0], -.infinity)   // not positive definite
        XCTAssertEqual(logProb[1], -.infinity)   // not symmetric
        XCTAssert(logProb[2].isFinite)
        func message(_ build: () throws -> Wishart) -> String {
            do { _ = try build(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { try Wishart(df: Tensor(1.5), covariance: Tensor(rows: [[1, 0, 0], [0, 1, 0], [0, 0, 1]])) },
                       "Wishart: df must be greater than n − 1 = 2 for 3 × 3 matrices, and finite, got 1.5")
        XCTAssertEqual(message { try Wishart(df: Tensor(-1), covariance: Tensor(rows: [[1]])) },
                       "Wishart: df must be greater than n − 1 = 0 for 1 × 1 matrices, and finite, got -1")
        XCTAssertEqual(message { try Wishart(df: Tensor(4), covariance: Tensor(rows: [[1, 2], [2, 1]])) },
                       "Wishart: covariance must be positive definite, got a matrix whose Cholesky pivot at row 1 (0-based, of 2) is -3 "
                       + "(pivots must be > 0; the leading 2 × 2 block is not positive definite)")
        XCTAssertEqual(message { try Wishart(df: Tensor([4, 5, 6]), covariance: Tensor(repeating: 0, shape: [2, 2, 2]) + Tensor(rows: [[1, 0], [0, 1]])) },
                       "Wishart: df's shape [3] does not broadcast with covariance's batch shape [2] (covariance is [..., n, n])")
    }
}
