import Foundation
import XCTest
@testable import Reparam

/// MultivariateNormal against independent references: mpmath's 50-digit log density, entropy and
/// their closed-form gradients (scripts/fixtures/multivariate_normal.py), moments and closed-form
/// gradients of E[xᵀAx] within stated standard errors, finite differences per sample, batch shapes
/// and the messages for bad matrices.
final class MultivariateNormalTests: XCTestCase {
    /// One fixture row: the parameters, the point and every reference value.
    private struct Reference {
        let n: Int
        let mu, sigma, x, dMu, dSigma, dPrecision, dScaleTril, precision, scaleTril: [Double]
        let logProb, entropy: Double

        init(_ row: [Double]) {
            let n = Int(row[0])
            var rest = ArraySlice(row.dropFirst())
            func take(_ k: Int) -> [Double] { defer { rest = rest.dropFirst(k) }; return Array(rest.prefix(k)) }
            self.n = n
            mu = take(n); sigma = take(n * n); x = take(n)
            logProb = take(1)[0]; entropy = take(1)[0]
            dMu = take(n); dSigma = take(n * n); dPrecision = take(n * n); dScaleTril = take(n * n)
            precision = take(n * n); scaleTril = take(n * n)
        }
    }

    func testLogProbEntropyAndGradientsAgainstMpmath() throws {
        var worst: [String: (error: Double, row: Int)] = [:]
        func record(_ what: String, _ computed: [Double], _ reference: [Double], row: Int) {
            let scale = reference.reduce(1) { max($0, abs($1)) }
            let error = zip(computed, reference).reduce(0) { max($0, abs($1.0 - $1.1) / scale) }
            if error > (worst[what]?.error ?? -1) { worst[what] = (error, row) }
        }
        for (index, row) in try fixture("multivariate_normal.tsv").enumerated() {
            let r = Reference(row), n = r.n
            for (name, values) in [("covariance", r.sigma), ("precision", r.precision), ("scale_tril", r.scaleTril)] {
                let loc = Tensor.parameter(Tensor(r.mu)), matrix = Tensor.parameter(Tensor(unchecked: [n, n], values))
                let d = try MultivariateNormal.family.build(Family.Inputs(parameters: [("loc", loc), (name, matrix)]))
                let logProb = try d.logProb(Tensor(r.x))
                record("log_prob via \(name)", logProb.scalars, [r.logProb], row: index)
                record("entropy via \(name)", try d.entropy().scalars, [r.entropy], row: index)
                let g = try gradients(of: logProb, withRespectTo: [loc, matrix])
                record("d/dloc via \(name)", g[0].scalars, r.dMu, row: index)
                record("d/d\(name)", g[1].scalars, name == "covariance" ? r.dSigma : name == "precision" ? r.dPrecision : r.dScaleTril, row: index)
            }
        }
        // Relative to the largest reference entry; the matrices reach condition number 200 (ρ = 0.99),
        // and precision and scale_tril are the exact ones rounded to doubles.
        for (what, (error, row)) in worst.sorted(by: { $0.key < $1.key }) {
            print("MultivariateNormal \(what): worst relative error \(error) at fixture row \(row)")
            XCTAssertLessThan(error, what.hasPrefix("log_prob") || what.hasPrefix("entropy") ? 1e-13 : 1e-11, what)
        }
    }

    private let covariance = try! Tensor(rows: [[2, 0.6, 0.3], [0.6, 1.5, -0.4], [0.3, -0.4, 1.2]])
    private let loc = Tensor([0.5, -1, 2])

    /// The same seed draws the same samples whichever matrix names the covariance.
    func testTheThreeParameterizationsAgree() throws {
        let l = try cholesky(covariance)
        let sigma = covariance.scalars
        // Σ⁻¹ by the adjugate.
        let m = { (i: Int, j: Int) in sigma[i * 3 + j] }
        let det = m(0, 0) * (m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1)) - m(0, 1) * (m(1, 0) * m(2, 2) - m(1, 2) * m(2, 0))
            + m(0, 2) * (m(1, 0) * m(2, 1) - m(1, 1) * m(2, 0))
        let inverse = (0..<9).map { e -> Double in
            let i = e / 3, j = e % 3
            let rows = (0..<3).filter { $0 != j }, columns = (0..<3).filter { $0 != i }
            return ((i + j) % 2 == 0 ? 1 : -1) * (m(rows[0], columns[0]) * m(rows[1], columns[1]) - m(rows[0], columns[1]) * m(rows[1], columns[0])) / det
        }
        let ds: [any Distribution] = [try MultivariateNormal(loc: loc, covariance: covariance),
                                      try MultivariateNormal(loc: loc, precision: Tensor(unchecked: [3, 3], inverse)),
                                      try MultivariateNormal(loc: loc, scaleTril: l)]
        let draws = try ds.map { d -> [Double] in
            var stream = RandomStream(seed: 31)
            return try d.rsample([50], using: &stream).scalars
        }
        for other in draws.dropFirst() { for (a, b) in zip(draws[0], other) { XCTAssertEqual(a, b, accuracy: 1e-13) } }
        for d in ds.dropFirst() {
            XCTAssertEqual(try d.entropy().scalar ?? 0, try ds[0].entropy().scalar ?? 1, accuracy: 1e-14)
            for (a, b) in zip(d.variance.scalars, [2, 1.5, 1.2]) { XCTAssertEqual(a, b, accuracy: 1e-14) }
        }
    }

    /// Sample mean and covariance of 200,000 draws within 5 standard errors: SE(mean_i) = √(Σ_ii/N),
    /// SE(mean of (x_i − μ_i)(x_j − μ_j)) = √((Σ_ii Σ_jj + Σ_ij²)/N).
    func testMomentsWithinFiveStandardErrors() throws {
        let d = try MultivariateNormal(loc: loc, covariance: covariance)
        var stream = RandomStream(seed: 8)
        let N = 200_000
        let z = try d.sample([N], using: &stream).scalars
        let sigma = covariance.scalars, mu = loc.scalars
        for i in 0..<3 {
            var total = 0.0
            for r in 0..<N { total += z[r * 3 + i] }
            let mean = total / Double(N)
            XCTAssertEqual(mean, mu[i], accuracy: 5 * (sigma[i * 4] / Double(N)).squareRoot(), "mean \(i)")
            for j in 0...i {
                var sum = 0.0
                for r in 0..<N { sum += (z[r * 3 + i] - mu[i]) * (z[r * 3 + j] - mu[j]) }
                let product = sum / Double(N)
                let se = ((sigma[i * 4] * sigma[j * 4] + sigma[i * 3 + j] * sigma[i * 3 + j]) / Double(N)).squareRoot()
                XCTAssertEqual(product, sigma[i * 3 + j], accuracy: 5 * se, "covariance [\(i), \(j)]")
            }
        }
    }

    /// E[xᵀAx] = tr(AΣ) + μᵀAμ for symmetric A: the pathwise gradient averaged over 20 batches of
    /// 5,000 draws matches ∂/∂Σ = A, ∂/∂μ = 2Aμ, ∂/∂L = tril(2AL) and, given the precision P,
    /// ∂/∂P = −P⁻¹AP⁻¹, each entry within 5 standard errors of the batch means.
    func testGradientsOfAQuadraticFormMatchTheClosedForms() throws {
        let a = try Tensor(rows: [[1, 0.5, -0.2], [0.5, 2, 0.3], [-0.2, 0.3, 0.8]])
        let l = try cholesky(covariance)
        let sigma = covariance.scalars, av = a.scalars, lv = l.scalars, mu = loc.scalars
        func product(_ x: [Double], _ y: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: 9)
            for e in 0..<9 { for k in 0..<3 { out[e] += x[(e / 3) * 3 + k] * y[k * 3 + e % 3] } }
            return out
        }
        let twoAL = product(av, lv).enumerated().map { $0.offset / 3 >= $0.offset % 3 ? 2 * $0.element : 0 }
        var twoAMu = [Double](repeating: 0, count: 3)
        for i in 0..<3 { for k in 0..<3 { twoAMu[i] += 2 * av[i * 3 + k] * mu[k] } }
        // Given P = Σ⁻¹ (from the Cholesky factor, checked above), ∂/∂P tr(AP⁻¹) = −ΣAΣ.
        let minusSAS = product(product(sigma, av), sigma).map { -$0 }
        let inverse = try matmul(solveLowerTriangular(l, Tensor(unchecked: [3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1])).matrixTransposed(),
                                 solveLowerTriangular(l, Tensor(unchecked: [3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1])))
        let cases: [(String, Tensor, [Double])] = [("covariance", covariance, av), ("scale_tril", l, twoAL), ("precision", inverse, minusSAS)]
        for (name, matrix, expected) in cases {
            var stream = RandomStream(seed: 77)
            var batches: [[Double]] = []
            for _ in 0..<20 {
                let locLeaf = Tensor.parameter(loc), matrixLeaf = Tensor.parameter(matrix)
                let d = try MultivariateNormal.family.build(Family.Inputs(parameters: [("loc", locLeaf), (name, matrixLeaf)]))
                let x = try d.rsample([5000], using: &stream)
                let quadratic = try (x * matvec(a, x)).sum(axis: -1).mean()
                let g = try gradients(of: quadratic, withRespectTo: [locLeaf, matrixLeaf])
                batches.append(g[0].scalars + g[1].scalars)
            }
            let target = twoAMu + expected
            for k in target.indices {
                let values: [Double] = batches.map { $0[k] }
                let mean: Double = values.reduce(0, +) / 20
                var squares = 0.0
                for v in values { squares += (v - mean) * (v - mean) }
                let se = (squares / 19 / 20).squareRoot()
                XCTAssertEqual(mean, target[k], accuracy: 5 * se + 1e-12, "\(name): entry \(k) (SE \(se))")
            }
        }
    }

    /// Per sample, z = μ + Lε moves with each entry of the given matrix as finite differences of
    /// the same draw (same seed) say, to 1e-8.
    func testPathwiseGradientsMatchFiniteDifferencesPerSample() throws {
        let l = try cholesky(covariance)
        for (name, matrix) in [("covariance", covariance), ("scale_tril", l), ("precision", try matmul(l, l.matrixTransposed()) * 0.5 + Tensor(unchecked: [3, 3], [0.4, 0, 0, 0, 0.4, 0, 0, 0, 0.4]))] {
            func draw(_ m: Tensor, _ leaf: Bool) throws -> (Tensor, Tensor) {
                let matrixLeaf = leaf ? Tensor.parameter(m) : m
                var stream = RandomStream(seed: 5)
                let d = try MultivariateNormal.family.build(Family.Inputs(parameters: [("loc", loc), (name, matrixLeaf)]))
                return (try d.rsample([4, 2], using: &stream), matrixLeaf)
            }
            let (z, leaf) = try draw(matrix, true)
            let w = Tensor(unchecked: z.shape, (0..<z.count).map { 0.5 + Double(($0 * 7) % 11) / 11 })
            let analytic = try gradients(of: z.multiplying(w).sum(), withRespectTo: [leaf])[0].scalars
            for e in 0..<9 where name != "scale_tril" || e / 3 >= e % 3 {
                func value(_ h: Double) throws -> Double {
                    var moved = matrix.scalars
                    moved[e] += h
                    return try draw(Tensor(unchecked: [3, 3], moved), false).0.multiplying(w).sum().scalar ?? .nan
                }
                let h = 1e-4
                let difference = (4 * (try value(h / 2) - value(-h / 2)) / h - (try value(h) - value(-h)) / (2 * h)) / 3
                XCTAssertEqual(analytic[e], difference, accuracy: 1e-8 * max(1, abs(difference)), "\(name)[\(e)]")
            }
        }
    }

    /// loc [2, 1, 3] and covariance [4, 3, 3] make a [2, 4] batch of 3-vectors; each batch element
    /// answers as the unbatched distribution with its own parameters.
    func testBatchShapesBroadcast() throws {
        let locs = Tensor(unchecked: [2, 1, 3], [0, 0.5, 1, -1, 2, 0.25])
        let scales = [0.5, 1, 2, 3]
        let matrices = Tensor(unchecked: [4, 3, 3], scales.flatMap { s in covariance.scalars.map { $0 * s } })
        let d = try MultivariateNormal(loc: locs, covariance: matrices)
        XCTAssertEqual(d.batchShape, [2, 4])
        XCTAssertEqual(d.eventShape, [3])
        var stream = RandomStream(seed: 2)
        XCTAssertEqual(try d.rsample([5], using: &stream).shape, [5, 2, 4, 3])
        XCTAssertEqual(d.mean.shape, [2, 4, 3])
        XCTAssertEqual(d.variance.shape, [2, 4, 3])
        let x = Tensor([0.3, -0.2, 0.9])
        let batched = try d.logProb(x)
        XCTAssertEqual(batched.shape, [2, 4])
        XCTAssertEqual(try d.entropy().shape, [2, 4])
        for b in 0..<2 {
            for k in 0..<4 {
                let single = try MultivariateNormal(loc: Tensor(Array(locs.scalars[(b * 3)..<(b * 3 + 3)])), covariance: covariance * scales[k])
                XCTAssertEqual(batched.scalars[b * 4 + k], try single.logProb(x).scalar ?? .nan, accuracy: 1e-13)
                XCTAssertEqual(try d.entropy().scalars[b * 4 + k], try single.entropy().scalar ?? .nan, accuracy: 1e-13)
            }
        }
        XCTAssertThrowsError(try MultivariateNormal(loc: Tensor(unchecked: [3, 3], [Double](repeating: 0, count: 9)), covariance: matrices)) {
            XCTAssertEqual("\($0)", "MultivariateNormal: loc's batch shape [3] does not broadcast with covariance's [4] (loc is [..., n], covariance is [..., n, n])")
        }
    }

    /// Each broken rule is named with the entry or pivot that breaks it.
    func testBadMatricesNameTheRule() throws {
        func message(_ build: () throws -> MultivariateNormal) -> String {
            do { _ = try build(); return "no error" } catch { return "\(error)" }
        }
        let two = Tensor([0, 0])
        XCTAssertEqual(message { try MultivariateNormal(loc: two, covariance: Tensor(rows: [[1, 2], [2, 1]])) },
                       "MultivariateNormal: covariance must be positive definite, got a matrix whose Cholesky pivot at row 1 (0-based, of 2) is -3 "
                       + "(pivots must be > 0; the leading 2 × 2 block is not positive definite)")
        XCTAssertEqual(message { try MultivariateNormal(loc: two, covariance: Tensor(rows: [[1, 0.5], [0.4, 1]])) },
                       "MultivariateNormal: covariance must be symmetric (entry [i, j] equal to entry [j, i]), got 0.5 at [0, 1] but 0.4 at [1, 0]")
        XCTAssertEqual(message { try MultivariateNormal(loc: two, covariance: Tensor(rows: [[1, 0, 0], [0, 1, 0]])) },
                       "MultivariateNormal: covariance must be a square matrix (shape [..., n, n] with n ≥ 1), got shape [2, 3]")
        XCTAssertEqual(message { try MultivariateNormal(loc: Tensor([0, 0, 0]), covariance: Tensor(rows: [[1, 0], [0, 1]])) },
                       "MultivariateNormal: covariance must be 3 × 3, matching loc's length 3, got 2 × 2")
        XCTAssertEqual(message { try MultivariateNormal(loc: two, scaleTril: Tensor(rows: [[1, 0.5], [0, 1]])) },
                       "MultivariateNormal: scale_tril must be lower triangular (zero above the diagonal), got 0.5 at [0, 1]")
        XCTAssertEqual(message { try MultivariateNormal(loc: two, scaleTril: Tensor(rows: [[1, 0], [0.5, -1]])) },
                       "MultivariateNormal: scale_tril must be positive on the diagonal (a Cholesky factor), got -1 at [1, 1]")
        XCTAssertEqual(message { try MultivariateNormal(loc: two, precision: Tensor(rows: [[1, .nan], [.nan, 1]])) },
                       "MultivariateNormal: precision must be a matrix of finite numbers, got nan at [0, 1]")
        XCTAssertEqual(message { try MultivariateNormal(loc: Tensor(0), covariance: Tensor(rows: [[1]])) },
                       "MultivariateNormal: loc must be a vector of n ≥ 1 values (shape [..., n]), got shape []")
        XCTAssertEqual(message { try MultivariateNormal(loc: Tensor([0, .infinity]), covariance: Tensor(rows: [[1, 0], [0, 1]])) },
                       "MultivariateNormal: loc must be a finite real number, got inf at index 1")
        // Within the symmetry tolerance 1e-4 · max(1, largest entry), the symmetric part is used.
        let nearly = try MultivariateNormal(loc: two, covariance: Tensor(rows: [[2, 0.6 + 2e-5], [0.6 - 2e-5, 1]]))
        XCTAssertEqual(try nearly.entropy().scalar ?? 0, Foundation.log(2 * Double.pi * M_E) + 0.5 * Foundation.log(2 - 0.36), accuracy: 1e-14)
    }
}
