import Foundation
import XCTest
@testable import Reparam

/// The matrix operations under MultivariateNormal: each forward rule against a closed form, and
/// each backward rule against Richardson-extrapolated central differences of the forward rule.
final class LinearAlgebraTests: XCTestCase {
    /// A = L Lᵀ for a chosen L: cholesky(A) gives L back; a 2 × 2 by hand.
    func testCholeskyRecoversTheFactor() throws {
        XCTAssertEqual(try cholesky(Tensor(rows: [[4, 2], [2, 5]])).scalars, [2, 0, 1, 2])
        let l = try Tensor(rows: [[1.5, 0, 0], [-0.5, 2, 0], [0.25, 0.75, 0.5]])
        let a = try matmul(l, l.matrixTransposed())
        for (x, y) in zip(try cholesky(a).scalars, l.scalars) { XCTAssertEqual(x, y, accuracy: 1e-15) }
        // Batched: each matrix of [2, 3, 3] on its own.
        let batch = try stack([a, a * 4])
        let factors = try cholesky(batch).scalars
        for (k, y) in l.scalars.enumerated() {
            XCTAssertEqual(factors[k], y, accuracy: 1e-15)
            XCTAssertEqual(factors[9 + k], 2 * y, accuracy: 1e-15)
        }
    }

    /// A matrix that is not positive definite names the first pivot that is not positive.
    func testCholeskyNamesTheFailingPivot() throws {
        XCTAssertThrowsError(try cholesky(Tensor(rows: [[1, 2], [2, 1]]))) { error in
            XCTAssertEqual(error as? CholeskyFailure, CholeskyFailure(batchIndex: [], row: 1, pivot: -3, size: 2))
        }
        // The second matrix of a batch fails at row 2: 1 − 0.9² − ((0.9 − 0.9·0.9)/√(1 − 0.81))² < 0 for ρ₁₃ = −0.9.
        let good = try Tensor(rows: [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        let bad = try Tensor(rows: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]])
        XCTAssertThrowsError(try cholesky(stack([good, bad]))) { error in
            let failure = error as? CholeskyFailure
            XCTAssertEqual(failure?.batchIndex, [1])
            XCTAssertEqual(failure?.row, 2)
            // Pivot 3 = det(A) / det(A₂) = (1 − 3·0.81 − 2·0.729) / 0.19.
            XCTAssertEqual(failure?.pivot ?? 0, (1 - 3 * 0.81 - 2 * 0.729) / 0.19, accuracy: 1e-13)
            XCTAssertTrue("\(error)".contains("Cholesky pivot at row 2 (0-based, of 3)"), "\(error)")
        }
    }

    /// d/dA log det A = A⁻¹ through 2 Σ log diag cholesky(A), against the adjugate formula for the inverse.
    func testLogDeterminantGradientIsTheInverse() throws {
        let values = [2.0, 0.6, 0.3, 0.6, 1.5, -0.4, 0.3, -0.4, 1.2]
        let a = Tensor.parameter(Tensor(unchecked: [3, 3], values))
        let logDet = try 2 * log(cholesky(a).diagonal()).sum()
        let m = { (i: Int, j: Int) in values[i * 3 + j] }
        let det = m(0, 0) * (m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1)) - m(0, 1) * (m(1, 0) * m(2, 2) - m(1, 2) * m(2, 0))
            + m(0, 2) * (m(1, 0) * m(2, 1) - m(1, 1) * m(2, 0))
        XCTAssertEqual(logDet.scalar ?? 0, Foundation.log(det), accuracy: 1e-14)
        let gradient = try gradients(of: logDet, withRespectTo: [a])[0].scalars
        for i in 0..<3 {
            for j in 0..<3 {
                // (A⁻¹)_ij = cofactor_ji / det A.
                let rows = (0..<3).filter { $0 != j }, columns = (0..<3).filter { $0 != i }
                let minor = m(rows[0], columns[0]) * m(rows[1], columns[1]) - m(rows[0], columns[1]) * m(rows[1], columns[0])
                let inverse = ((i + j) % 2 == 0 ? 1 : -1) * minor / det
                XCTAssertEqual(gradient[i * 3 + j], inverse, accuracy: 1e-14, "[\(i), \(j)]")
            }
        }
    }

    /// Every backward rule against finite differences of its forward rule, on batched, broadcast operands.
    func testBackwardRulesMatchFiniteDifferences() throws {
        let spd = [2.0, 0.6, 0.3, 0.6, 1.5, -0.4, 0.3, -0.4, 1.2]
        let spd2 = spd.enumerated().map { $0.offset % 4 == 0 ? $0.element + 0.7 : $0.element * 0.5 }
        let lower = [1.4, 0, 0, 0.4, 1.1, 0, 0.2, -0.3, 0.9]
        let rhs = (0..<12).map { 0.3 * Double($0 % 5) - 0.55 }   // [2, 3, 2]
        let wide = (0..<30).map { Foundation.sin(Double($0)) }, vectors = (0..<35).map { Foundation.cos(0.7 * Double($0)) }
        let cases: [(String, [[Double]], [[Int]], ([Tensor]) throws -> Tensor)] = [
            ("cholesky", [spd + spd2], [[2, 3, 3]], { try cholesky($0[0]) }),
            ("matmul broadcast", [rhs, lower], [[2, 3, 2], [3, 3]], { try matmul($0[1], $0[0]) }),
            ("matmul", [lower, rhs], [[1, 3, 3], [2, 3, 2]], { try matmul($0[0], $0[1]) }),
            // One matrix shared by the batch: the stacked kernels (4 × 4 blocks, with row and column remainders).
            ("matmul shared left, vectors", [wide, vectors], [[6, 5], [7, 5, 1]], { try matmul($0[0], $0[1]) }),
            ("matmul stacked, shared right", [rhs, Array(wide.prefix(10))], [[2, 3, 2], [2, 5]], { try matmul($0[0], $0[1]) }),
            ("solveLowerTriangular", [lower, rhs], [[3, 3], [2, 3, 2]], { try solveLowerTriangular($0[0], $0[1]) }),
            ("transposed", [rhs], [[2, 3, 2]], { try $0[0].matrixTransposed() }),
            ("diagonal", [spd], [[3, 3]], { try $0[0].diagonal() }),
            ("lower Cholesky map", [spd], [[3, 3]], { try $0[0].lowerCholeskyFromUnconstrained() }),
            ("lower triangle", [spd], [[3, 3]], { try $0[0].lowerTriangle() }),
            ("diagonal embedded", [rhs], [[4, 3]], { try $0[0].diagonalEmbedded() }),
        ]
        for (name, values, shapes, f) in cases {
            let leaves = zip(values, shapes).map { Tensor.parameter(Tensor(unchecked: $1, $0)) }
            let output = try f(leaves)
            let weights = Tensor(unchecked: output.shape, (0..<output.count).map { 0.5 + Double(($0 * 7) % 11) / 11 })
            let analytic = try gradients(of: output.multiplying(weights).sum(), withRespectTo: leaves)
            for (k, leaf) in values.enumerated() {
                for i in leaf.indices {
                    func value(_ step: Double) throws -> Double {
                        var moved = values
                        moved[k][i] += step
                        let out = try f(zip(moved, shapes).map { Tensor(unchecked: $1, $0) })
                        return zip(out.scalars, weights.scalars).reduce(0) { $0 + $1.0 * $1.1 }
                    }
                    let h = 1e-4
                    let coarse = (try value(h) - value(-h)) / (2 * h), fine = (try value(h / 2) - value(-h / 2)) / h
                    let difference = (4 * fine - coarse) / 3
                    XCTAssertEqual(analytic[k].scalars[i], difference, accuracy: 1e-9 * max(1, abs(difference)), "\(name): operand \(k)[\(i)]")
                }
            }
        }
    }

    /// The blocked kernels for a shared operand against plain loops, at a multivariate normal's size
    /// (50 × 50 against 3,000 vectors) on one and two threads, forward and backward.
    func testSharedOperandProductsMatchPlainLoops() throws {
        let n = 50, count = 3000
        let l = (0..<(n * n)).map { Foundation.sin(0.37 * Double($0)) }, e = (0..<(n * count)).map { Foundation.cos(0.11 * Double($0)) }
        let w = (0..<(n * count)).map { 0.5 + Double(($0 * 7) % 11) / 11 }
        // z_t = L e_t;  L̄ = Σ_t w_t e_tᵀ;  ē_t = Lᵀ w_t.
        var z = [Double](repeating: 0, count: n * count), lBar = [Double](repeating: 0, count: n * n), eBar = z
        for t in 0..<count {
            for i in 0..<n {
                for j in 0..<n {
                    z[t * n + i] += l[i * n + j] * e[t * n + j]
                    lBar[i * n + j] += w[t * n + i] * e[t * n + j]
                    eBar[t * n + j] += l[i * n + j] * w[t * n + i]
                }
            }
        }
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        for threads in [1, 2] {
            Parallel.threadCount = threads
            let a = Tensor.parameter(Tensor(unchecked: [n, n], l)), b = Tensor.parameter(Tensor(unchecked: [count, n, 1], e))
            let product = try matmul(a, b)
            let g = try gradients(of: product.multiplying(Tensor(unchecked: [count, n, 1], w)).sum(), withRespectTo: [a, b])
            for (what, computed, expected) in [("z", product.scalars, z), ("L̄", g[0].scalars, lBar), ("ē", g[1].scalars, eBar)] {
                let worst = zip(computed, expected).reduce(0) { max($0, abs($1.0 - $1.1) / max(1, abs($1.1))) }
                XCTAssertLessThan(worst, 1e-12, "\(what) on \(threads) threads")
            }
            // The same product stacked the other way: Zᵀ = E Lᵀ with E [count, 1, n] against the shared Lᵀ.
            let stacked = try matmul(Tensor(unchecked: [count, 1, n], e), Tensor(unchecked: [n, n], l).matrixTransposed())
            XCTAssertLessThan(zip(stacked.scalars, z).reduce(0) { max($0, abs($1.0 - $1.1)) }, 1e-12, "stacked on \(threads) threads")
        }
    }

    /// The constant pieces: I, tril, and a vector on the diagonal.
    func testIdentityTriangleAndDiagonalEmbedding() throws {
        XCTAssertEqual(Tensor.identity(3).scalars, [1, 0, 0, 0, 1, 0, 0, 0, 1])
        XCTAssertEqual(try Tensor(rows: [[1, 2], [3, 4]]).lowerTriangle().scalars, [1, 0, 3, 4])
        let embedded = try Tensor(unchecked: [2, 2], [1, 2, 3, 4]).diagonalEmbedded()
        XCTAssertEqual(embedded.shape, [2, 2, 2])
        XCTAssertEqual(embedded.scalars, [1, 0, 0, 2, 3, 0, 0, 4])
        XCTAssertEqual(try embedded.diagonal().scalars, [1, 2, 3, 4])
    }

    /// Shapes that do not fit are errors naming them.
    func testShapeErrors() throws {
        XCTAssertThrowsError(try matmul(Tensor(repeating: 1, shape: [2, 3]), Tensor(repeating: 1, shape: [2, 3]))) {
            XCTAssertEqual("\($0)", "matmul: cannot multiply [2, 3] by [2, 3] (inner sizes 3 and 2 differ)")
        }
        XCTAssertThrowsError(try cholesky(Tensor(repeating: 1, shape: [2, 3]))) { XCTAssertEqual("\($0)", "cholesky needs square matrices, got shape [2, 3]") }
        XCTAssertThrowsError(try matmul(Tensor(repeating: 1, shape: [2, 2, 2]), Tensor(repeating: 1, shape: [3, 2, 2])))
    }
}
