import Foundation
import XCTest
@testable import Reparam

/// LKJCholesky against closed forms: the normalizer as the product of its rows' ball integrals,
/// ∫_{‖w‖<1, w ∈ ℝᵏ} (1 − ‖w‖²)^(o/2) dw = π^(k/2) Γ(o/2 + 1) / Γ(o/2 + k/2 + 1), o = 2(η−1) + d − 1 − k;
/// moments of the factor's entries and gradients of E[L_kk] and E[log det C] in η within 5 SE.
final class LKJCholeskyTests: XCTestCase {
    /// L with rows (1, 0, …), then each row k scaled so its squared norm is 1 (a valid factor).
    private func factor(_ d: Int) -> Tensor {
        var values = [Double](repeating: 0, count: d * d)
        for k in 0..<d {
            var row = (0...k).map { j in j == k ? 1.0 + 0.1 * Double(k) : 0.3 * sin(Double(3 * k + j)) }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            row = row.map { $0 / norm }
            for j in 0...k { values[k * d + j] = row[j] }
        }
        return Tensor(unchecked: [d, d], values)
    }

    func testLogProbAgainstTheRowByRowNormalizer() throws {
        var worst = 0.0
        for d in 2...6 {
            for η in [0.3, 1, 2.5, 40] {
                let l = factor(d)
                let computed = try LKJCholesky(dimension: Tensor(Double(d)), concentration: Tensor(η)).logProb(l).scalar ?? .nan
                var expected = 0.0
                for k in 1..<d {
                    let o = 2 * (η - 1) + Double(d - 1 - k), diagonal = l.scalars[k * d + k]
                    expected += o * Foundation.log(diagonal)
                    let ball: Double = Double(k) / 2 * Foundation.log(Double.pi) + logGamma(o / 2 + 1) - logGamma(o / 2 + Double(k) / 2 + 1)
                    expected -= ball
                }
                worst = max(worst, abs(computed - expected) / max(1, abs(expected)))
                XCTAssertEqual(computed, expected, accuracy: 1e-12 * max(1, abs(expected)), "d \(d), η \(η)")
            }
        }
        print("LKJCholesky log_prob against the row-by-row normalizer: worst relative error \(worst)")
    }

    /// Means and variances of every entry of 100,000 draws within 5 SE of the closed forms
    /// (the SE of a variance from the sample fourth moment).
    func testMomentsWithinFiveStandardErrors() throws {
        let d = try LKJCholesky(dimension: Tensor(4), concentration: Tensor(1.7))
        var stream = RandomStream(seed: 14)
        let N = 100_000
        let z = try d.sample([N], using: &stream).scalars
        let mean = d.mean.scalars, variance = d.variance.scalars
        for e in 0..<16 where variance[e] > 0 {
            var m1 = 0.0
            for r in 0..<N { m1 += z[r * 16 + e] }
            m1 /= Double(N)
            var m2 = 0.0, m4 = 0.0
            for r in 0..<N { let c = z[r * 16 + e] - m1; m2 += c * c; m4 += c * c * c * c }
            m2 /= Double(N); m4 /= Double(N)
            XCTAssertEqual(m1, mean[e], accuracy: 5 * (variance[e] / Double(N)).squareRoot(), "mean of entry \(e)")
            XCTAssertEqual(m2, variance[e], accuracy: 5 * ((m4 - m2 * m2) / Double(N)).squareRoot(), "variance of entry \(e)")
        }
        // Every draw is a valid factor: L Lᵀ has a unit diagonal.
        let c = try matmul(Tensor(unchecked: [N, 4, 4], z), Tensor(unchecked: [N, 4, 4], z).matrixTransposed()).scalars
        for r in 0..<N { for i in 0..<4 { XCTAssertEqual(c[r * 16 + i * 5], 1, accuracy: 1e-14) } }
    }

    /// ∂E[L_kk]/∂η = E[L_kk](ψ(β+½) + ψ(a+β) − ψ(β) − ψ(a+β+½)) and
    /// ∂E[log det C]/∂η = Σ_k (ψ′(β_k) − ψ′(β_k + k/2)), a = k/2, β_k = η + (d−1−k)/2:
    /// pathwise gradients averaged over 20 draws of 5,000 within 5 SE.
    func testGradientsInTheConcentrationMatchTheClosedForms() throws {
        let dim = 3, η = 1.4
        var expected: [Double] = []
        var logDet = 0.0
        for k in 1..<dim {
            let a: Double = Double(k) / 2, β: Double = η + Double(dim - 1 - k) / 2
            let logMean: Double = logGamma(β + 0.5) + logGamma(a + β) - logGamma(β) - logGamma(a + β + 0.5)
            let slope: Double = digamma(β + 0.5) + digamma(a + β) - digamma(β) - digamma(a + β + 0.5)
            expected.append(Foundation.exp(logMean) * slope)
            let curvature: Double = trigamma(β) - trigamma(β + a)
            logDet += curvature
        }
        expected.append(logDet)
        var stream = RandomStream(seed: 6)
        var batches: [[Double]] = []
        for _ in 0..<20 {
            let concentration = Tensor.parameter(η)
            let l = try LKJCholesky(dimension: Tensor(Double(dim)), concentration: concentration).rsample([5000], using: &stream)
            let diagonal = try l.diagonal()
            var row: [Double] = []
            for k in 1..<dim {
                row.append(try gradients(of: diagonal.select(axis: -1, k).mean(), withRespectTo: [concentration])[0].scalar ?? .nan)
            }
            row.append(try gradients(of: (log(diagonal).sum(axis: -1) * 2).mean(), withRespectTo: [concentration])[0].scalar ?? .nan)
            batches.append(row)
        }
        for k in expected.indices {
            let (mean, se) = meanAndStandardError(batches.map { $0[k] })
            XCTAssertEqual(mean, expected[k], accuracy: 5 * se + 1e-12, "entry \(k): SE \(se)")
        }
    }

    /// The closed-form entropy against quadrature of each row's E log(1 − ‖w‖²) (scripts/fixtures/lkj_entropy.py),
    /// its gradient in η against the quadrature's difference quotient, and against −mean log p of 100,000 draws within 5 SE.
    func testEntropyAgainstQuadratureAndMonteCarlo() throws {
        var worst = 0.0, worstGradient = 0.0
        for row in try fixture("lkj_entropy.tsv") {
            let concentration = Tensor.parameter(row[1])
            let entropy = try LKJCholesky(dimension: Tensor(row[0]), concentration: concentration).entropy()
            let h = entropy.scalar ?? .nan, slope = try gradients(of: entropy, withRespectTo: [concentration])[0].scalar ?? .nan
            worst = max(worst, abs(h - row[2]) / max(1, abs(row[2])))
            worstGradient = max(worstGradient, abs(slope - row[3]) / max(1, abs(row[3])))
            XCTAssertEqual(h, row[2], accuracy: 1e-13 * max(1, abs(row[2])), "d \(row[0]), η \(row[1])")
            XCTAssertEqual(slope, row[3], accuracy: 1e-10 * max(1, abs(row[3])), "∂H/∂η at d \(row[0]), η \(row[1])")
        }
        print("LKJCholesky entropy against quadrature: worst relative error \(worst), ∂H/∂η \(worstGradient)")
        let d = try LKJCholesky(dimension: Tensor(4), concentration: Tensor(1.7))
        var stream = RandomStream(seed: 40)
        let logProb = try d.logProb(d.sample([100_000], using: &stream)).scalars
        let (mean, se) = meanAndStandardError(logProb.map { -$0 })
        XCTAssertEqual(mean, try d.entropy().scalar ?? .nan, accuracy: 5 * se)
    }

    /// The moments are on η's tape: ∂E[L_kk]/∂η = E[L_kk](ψ(β+½) + ψ(a+β) − ψ(β) − ψ(a+β+½)) exactly,
    /// ∂Var/∂η against central differences of the values, and C = L Lᵀ's moments, E[C] = I and
    /// Var C_ij = 1/(2η + d − 1) with ∂/∂η = −2/(2η + d − 1)², against 100,000 draws within 5 SE.
    func testMomentsCarryGradientsInTheConcentration() throws {
        let dim = 4, η = 1.3
        let concentration = Tensor.parameter(η)
        let d = try LKJCholesky(dimension: Tensor(Double(dim)), concentration: concentration)
        let meanSlopes = try gradients(of: d.mean.multiplying(Tensor.identity(dim)).sum(), withRespectTo: [concentration])[0].scalar ?? .nan
        var expected = 0.0
        for k in 1..<dim {
            let a: Double = Double(k) / 2, β: Double = η + Double(dim - 1 - k) / 2
            let logMean: Double = logGamma(β + 0.5) + logGamma(a + β) - logGamma(β) - logGamma(a + β + 0.5)
            let slope: Double = digamma(β + 0.5) + digamma(a + β) - digamma(β) - digamma(a + β + 0.5)
            expected += Foundation.exp(logMean) * slope
        }
        XCTAssertEqual(meanSlopes, expected, accuracy: 1e-14)
        let weights = Tensor(unchecked: [dim, dim], (0..<(dim * dim)).map { 0.3 + Double(($0 * 5) % 7) / 7 })
        let varianceSlope = try gradients(of: d.variance.multiplying(weights).sum(), withRespectTo: [concentration])[0].scalar ?? .nan
        func weightedVariance(_ x: Double) throws -> Double {
            try LKJCholesky(dimension: Tensor(Double(dim)), concentration: Tensor(x)).variance.multiplying(weights).sum().scalar ?? .nan
        }
        let h = 1e-4
        let coarse = (try weightedVariance(η + h) - weightedVariance(η - h)) / (2 * h)
        let fine = (try weightedVariance(η + h / 2) - weightedVariance(η - h / 2)) / h
        XCTAssertEqual(varianceSlope, (4 * fine - coarse) / 3, accuracy: 1e-9)
        let spread = 2 * η + Double(dim - 1)
        let correlationSlope = try gradients(of: d.correlationVariance.select(axis: 0, 2).select(axis: 0, 1), withRespectTo: [concentration])[0].scalar ?? .nan
        XCTAssertEqual(correlationSlope, -2 / (spread * spread), accuracy: 1e-15)
        var stream = RandomStream(seed: 41)
        let N = 100_000
        let l = try d.sample([N], using: &stream)
        let c = try matmul(l, l.matrixTransposed()).scalars
        let mean = d.correlationMean.scalars, variance = d.correlationVariance.scalars
        for e in 0..<(dim * dim) where e % (dim + 1) != 0 {
            let column = (0..<N).map { c[$0 * dim * dim + e] }
            let m = moments(column)
            XCTAssertEqual(mean[e], 0)
            XCTAssertEqual(m.mean, 0, accuracy: 5 * (variance[e] / Double(N)).squareRoot(), "E C at \(e)")
            let fourth = column.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(N)
            XCTAssertEqual(m.variance, variance[e], accuracy: 5 * ((fourth - variance[e] * variance[e]) / Double(N)).squareRoot(), "Var C at \(e)")
            XCTAssertEqual(variance[e], 1 / spread, accuracy: 1e-16)
        }
    }

    func testMessagesAndTheSupport() throws {
        func message(_ build: () throws -> LKJCholesky) -> String {
            do { _ = try build(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { try LKJCholesky(dimension: Tensor(1), concentration: Tensor(1)) },
                       "LKJCholesky: dim must be one whole number from 2 to 1000, got 1")
        XCTAssertEqual(message { try LKJCholesky(dimension: Tensor(2.5), concentration: Tensor(1)) },
                       "LKJCholesky: dim must be one whole number from 2 to 1000, got 2.5")
        XCTAssertEqual(message { try LKJCholesky(dimension: Tensor(3), concentration: Tensor(-1)) },
                       "LKJCholesky: concentration must be positive, got -1")
        let d = try LKJCholesky(dimension: Tensor(2), concentration: Tensor([1, 3]))
        // [[1, 0], [0.6, 0.8]] is a factor; a row off the unit sphere or a negative diagonal is not.
        let values = Tensor(unchecked: [3, 1, 2, 2], [1, 0, 0.6, 0.8, 1, 0, 0.6, 0.9, 1, 0, 0.6, -0.8])
        let logProb = try d.logProb(values)
        XCTAssertEqual(logProb.shape, [3, 2])
        // d = 2: p(r) = (1 − r²)^(η−1) / B(½, η).
        XCTAssertEqual(logProb.scalars[0], -Foundation.log(2), accuracy: 1e-15)   // η = 1: B(½, 1) = 2
        let logBeta: Double = logGamma(0.5) + logGamma(3) - logGamma(3.5)
        XCTAssertEqual(logProb.scalars[1], 2 * Foundation.log(0.64) - logBeta, accuracy: 1e-14)
        XCTAssertEqual(Array(logProb.scalars[2...]), [-.infinity, -.infinity, -.infinity, -.infinity])
    }
}
