import Foundation
import XCTest
@testable import Reparam

/// LowRankMultivariateNormal against mpmath's 50-digit log density, entropy and closed-form
/// gradients (scripts/fixtures/multivariate_normal.py), the full-covariance family at Σ = W Wᵀ + D,
/// moments within 5 standard errors, batch shapes and messages.
final class LowRankMultivariateNormalTests: XCTestCase {
    func testLogProbEntropyAndGradientsAgainstMpmath() throws {
        var worst: [String: Double] = [:]
        func record(_ what: String, _ computed: [Double], _ reference: [Double]) {
            let scale = reference.reduce(1) { max($0, abs($1)) }
            worst[what] = max(worst[what] ?? 0, zip(computed, reference).reduce(0) { max($0, abs($1.0 - $1.1) / scale) })
        }
        for row in try fixture("low_rank_multivariate_normal.tsv") {
            let n = Int(row[0]), r = Int(row[1])
            var rest = ArraySlice(row.dropFirst(2))
            func take(_ k: Int) -> [Double] { defer { rest = rest.dropFirst(k) }; return Array(rest.prefix(k)) }
            let mu = take(n), w = take(n * r), diag = take(n), x = take(n), logProb = take(1)[0], entropy = take(1)[0]
            let dMu = take(n), dW = take(n * r), dD = take(n)
            let loc = Tensor.parameter(Tensor(mu)), factor = Tensor.parameter(Tensor(unchecked: [n, r], w)), d = Tensor.parameter(Tensor(diag))
            let distribution = try LowRankMultivariateNormal(loc: loc, covFactor: factor, covDiag: d)
            let value = try distribution.logProb(Tensor(x))
            record("log_prob", value.scalars, [logProb])
            record("entropy", try distribution.entropy().scalars, [entropy])
            let g = try gradients(of: value, withRespectTo: [loc, factor, d])
            record("d/dloc", g[0].scalars, dMu)
            record("d/dcov_factor", g[1].scalars, dW)
            record("d/dcov_diag", g[2].scalars, dD)
            // The full-covariance family at Σ = W Wᵀ + diag(D) answers the same.
            let full = try MultivariateNormal(loc: Tensor(mu), covariance: distribution.covarianceMatrix.detached)
            record("full covariance log_prob", try full.logProb(Tensor(x)).scalars, [logProb])
        }
        for (what, error) in worst.sorted(by: { $0.key < $1.key }) {
            print("LowRankMultivariateNormal \(what): worst relative error \(error)")
            XCTAssertLessThan(error, what.hasPrefix("d/d") ? 1e-12 : 1e-13, what)
        }
    }

    /// Mean and covariance of 200,000 draws within 5 SE of μ and W Wᵀ + D.
    func testMomentsWithinFiveStandardErrors() throws {
        let w = [1.0, 0.2, 0.5, -0.7, -1, 0.4], diag = [1.0, 0.5, 2], mu = [0.5, -1, 2]
        let d = try LowRankMultivariateNormal(loc: Tensor(mu), covFactor: Tensor(unchecked: [3, 2], w), covDiag: Tensor(diag))
        var sigma = [Double](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { sigma[i * 3 + j] = w[i * 2] * w[j * 2] + w[i * 2 + 1] * w[j * 2 + 1] + (i == j ? diag[i] : 0) } }
        var stream = RandomStream(seed: 12)
        let N = 200_000
        let z = try d.sample([N], using: &stream).scalars
        for i in 0..<3 {
            var total = 0.0
            for r in 0..<N { total += z[r * 3 + i] }
            XCTAssertEqual(total / Double(N), mu[i], accuracy: 5 * (sigma[i * 4] / Double(N)).squareRoot(), "mean \(i)")
            for j in 0...i {
                var sum = 0.0
                for r in 0..<N { sum += (z[r * 3 + i] - mu[i]) * (z[r * 3 + j] - mu[j]) }
                let se = ((sigma[i * 4] * sigma[j * 4] + sigma[i * 3 + j] * sigma[i * 3 + j]) / Double(N)).squareRoot()
                XCTAssertEqual(sum / Double(N), sigma[i * 3 + j], accuracy: 5 * se, "covariance [\(i), \(j)]")
            }
        }
        for (a, b) in zip(d.variance.scalars, [sigma[0], sigma[4], sigma[8]]) { XCTAssertEqual(a, b, accuracy: 1e-15) }
    }

    /// The one-kernel rsample draws the bits of μ + W ε_r + √D ⊙ ε_n composed from tensor operations on
    /// the same two normal draws, and its backward gives that composition's gradients, for a one-number
    /// upstream gradient (the mean) and one per draw (the mean of z²), shared and batched parameters, on
    /// one and two threads (140,000 numbers: split into blocks); n = 7 covers both the four-lane and the one-lane columns.
    func testFusedRsampleIsTheComposedFormula() throws {
        let cases: [(String, [Int], Tensor, Tensor, Tensor)] = [
            ("shared", [20_000], Tensor((0..<7).map { 0.1 * Double($0) - 0.3 }),
             Tensor(unchecked: [7, 3], (0..<21).map { Foundation.sin(Double($0)) }), Tensor((0..<7).map { 0.5 + 0.25 * Double($0) })),
            ("batched", [30], Tensor(unchecked: [2, 1, 3], [0, 1, 2, 3, 4, 5]),
             Tensor(unchecked: [4, 3, 1], (0..<12).map { 0.1 * Double($0) - 0.5 }), Tensor([1, 2, 3])),
        ]
        for threads in [1, 2] {
            let saved = Parallel.threadCount
            defer { Parallel.threadCount = saved }
            Parallel.threadCount = threads
            for (name, sampleShape, mu, w, diag) in cases {
                let loc = Tensor.parameter(mu), factor = Tensor.parameter(w), d = Tensor.parameter(diag)
                let distribution = try LowRankMultivariateNormal(loc: loc, covFactor: factor, covDiag: d)
                var stream = RandomStream(seed: 5, drawCount: 3), copy = stream
                let z = try distribution.rsample(sampleShape, using: &stream)
                let lead = Array(z.shape.dropLast()), r = w.shape[w.rank - 1]
                let εr = Tensor(unchecked: lead + [r], copy.normal(count: Shape.count(lead) * r))
                let εn = Tensor(unchecked: z.shape, copy.normal(count: z.count))
                let composed = try loc.adding(matvec(factor, εr)).adding(sqrt(d).multiplying(εn))
                XCTAssertEqual(z.scalars.map(\.bitPattern), composed.scalars.map(\.bitPattern), "\(name): draws")
                XCTAssertEqual(stream, copy, "\(name): two draws consumed")
                for (loss, reference) in [(z.mean(), composed.mean()), ((z * z).mean(), (composed * composed).mean())] {
                    let fused = try gradients(of: loss, withRespectTo: [loc, factor, d])
                    let expected = try gradients(of: reference, withRespectTo: [loc, factor, d])
                    for (k, (a, b)) in zip(fused, expected).enumerated() {
                        XCTAssertEqual(a.shape, b.shape)
                        let scale = b.scalars.reduce(1e-300) { max($0, abs($1)) }
                        let error = zip(a.scalars, b.scalars).reduce(0) { max($0, abs($1.0 - $1.1)) } / scale
                        XCTAssertLessThan(error, 1e-13, "\(name), \(threads) threads, parameter \(k)")
                    }
                }
            }
        }
    }

    func testBatchShapesAndMessages() throws {
        let d = try LowRankMultivariateNormal(loc: Tensor(unchecked: [2, 1, 3], [0, 1, 2, 3, 4, 5]),
                                              covFactor: Tensor(unchecked: [4, 3, 1], (0..<12).map { 0.1 * Double($0) }), covDiag: Tensor([1, 2, 3]))
        XCTAssertEqual(d.batchShape, [2, 4])
        var stream = RandomStream(seed: 1)
        XCTAssertEqual(try d.rsample([5], using: &stream).shape, [5, 2, 4, 3])
        XCTAssertEqual(try d.logProb(Tensor([0, 0, 0])).shape, [2, 4])
        func message(_ build: () throws -> LowRankMultivariateNormal) -> String {
            do { _ = try build(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { try LowRankMultivariateNormal(loc: Tensor([0, 0]), covFactor: Tensor(unchecked: [3, 1], [1, 1, 1]), covDiag: Tensor([1, 1])) },
                       "LowRankMultivariateNormal: cov_factor must be an n × r matrix with n = 2, loc's length, and r ≥ 1 (shape [..., 2, r]), got shape [3, 1]")
        XCTAssertEqual(message { try LowRankMultivariateNormal(loc: Tensor([0, 0]), covFactor: Tensor(unchecked: [2, 1], [1, 1]), covDiag: Tensor([1, 0])) },
                       "LowRankMultivariateNormal: cov_diag must be positive, got 0 at index 1")
        XCTAssertEqual(message { try LowRankMultivariateNormal(loc: Tensor([0, 0]), covFactor: Tensor(unchecked: [2, 1], [1, .nan]), covDiag: Tensor([1, 1])) },
                       "LowRankMultivariateNormal: cov_factor must be a finite real number, got nan at index 1")
    }
}
