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
        let cases: [(String, [[Double]], [[Int]], ([Tensor]) throws -> Tensor)] = [
            ("cholesky", [spd + spd2], [[2, 3, 3]], { try cholesky($0[0]) }),
            ("matmul broadcast", [rhs, lower], [[2, 3, 2], [3, 3]], { try matmul($0[1], $0[0]) }),
            ("matmul", [lower, rhs], [[1, 3, 3], [2, 3, 2]], { try matmul($0[0], $0[1]) }),
            ("solveLowerTriangular", [lower, rhs], [[3, 3], [2, 3, 2]], { try solveLowerTriangular($0[0], $0[1]) }),
            ("transposed", [rhs], [[2, 3, 2]], { try $0[0].matrixTransposed() }),
            ("diagonal", [spd], [[3, 3]], { try $0[0].diagonal() }),
            ("lower Cholesky map", [spd], [[3, 3]], { try $0[0].lowerCholeskyFromUnconstrained() }),
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

    /// Shapes that do not fit are errors naming them.
    func testShapeErrors() throws {
        XCTAssertThrowsError(try matmul(Tensor(repeating: 1, shape: [2, 3]), Tensor(repeating: 1, shape: [2, 3]))) {
            XCTAssertEqual("\($0)", "matmul: cannot multiply [2, 3] by [2, 3] (inner sizes 3 and 2 differ)")
        }
        XCTAssertThrowsError(try cholesky(Tensor(repeating: 1, shape: [2, 3]))) { XCTAssertEqual("\($0)", "cholesky needs square matrices, got shape [2, 3]") }
        XCTAssertThrowsError(try matmul(Tensor(repeating: 1, shape: [2, 2, 2]), Tensor(repeating: 1, shape: [3, 2, 2])))
    }
}
