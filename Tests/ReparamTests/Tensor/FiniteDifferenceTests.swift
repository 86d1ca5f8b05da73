import XCTest
@testable import Reparam

/// Every tensor operation's backward rule against central finite differences.
///
/// The loss is Σ wᵢ·f(x)ᵢ with fixed irregular weights, so every entry of the
/// Jacobian counts. Step h = 1e-5·max(1,|x|); the central difference error is
/// O(h²) ≈ 1e-10, well inside the 1e-6 relative tolerance the issue sets.
final class FiniteDifferenceTests: XCTestCase {
    /// Irregular, deterministic weights for the loss.
    private func weights(_ n: Int) -> Tensor {
        Tensor((0..<n).map { 0.3 + 0.7 * sin(Double($0) * 1.3 + 0.4) })
    }

    private func check(_ name: String, _ inputs: [Tensor], tolerance: Double = 1e-6,
                       file: StaticString = #filePath, line: UInt = #line,
                       _ f: ([Tensor]) throws -> Tensor) throws {
        let leaves = inputs.map { Tensor.parameter($0) }
        let output = try f(leaves)
        let w = try weights(output.count).reshaped(output.shape)
        let analytic = try gradients(of: (output * w).sum(), withRespectTo: leaves)
        for (k, input) in inputs.enumerated() {
            XCTAssertEqual(analytic[k].shape, input.shape, "\(name): gradient shape", file: file, line: line)
            for i in 0..<input.count {
                let h = 1e-5 * Swift.max(1, Swift.abs(input.scalars[i]))
                func loss(_ delta: Double) throws -> Double {
                    var shifted = inputs
                    shifted[k].scalars[i] += delta
                    return try (f(shifted) * w).sum().scalars[0]
                }
                let numeric = (try loss(h) - loss(-h)) / (2 * h)
                let exact = analytic[k].scalars[i]
                let error = Swift.abs(exact - numeric) / Swift.max(1e-3, Swift.abs(numeric))
                XCTAssert(error <= tolerance, "\(name): input \(k)[\(i)]: analytic \(exact) vs numeric \(numeric) (error \(error))",
                          file: file, line: line)
            }
        }
    }

    let matrix = try! Tensor(shape: [2, 3], scalars: [0.5, 1.2, 2.0, 0.8, 1.5, 0.3])
    let row = Tensor([0.7, 1.1, 1.9])
    let column = try! Tensor(shape: [2, 1], scalars: [1.3, 0.6])
    let cube = try! Tensor(shape: [2, 2, 3], scalars: (0..<12).map { 0.2 + 0.15 * Double($0) + 0.1 * sin(Double($0)) })

    func testArithmeticWithBroadcasting() throws {
        for (a, b) in [(matrix, matrix), (matrix, row), (row, matrix), (matrix, column), (column, row), (matrix, Tensor(1.7)), (cube, row), (cube, column)] {
            try check("+ \(a.shape) \(b.shape)", [a, b]) { try $0[0].adding($0[1]) }
            try check("- \(a.shape) \(b.shape)", [a, b]) { try $0[0].subtracting($0[1]) }
            try check("* \(a.shape) \(b.shape)", [a, b]) { try $0[0].multiplying($0[1]) }
            try check("/ \(a.shape) \(b.shape)", [a, b]) { try $0[0].dividing(by: $0[1]) }
            try check("^ \(a.shape) \(b.shape)", [a, b]) { try $0[0].raised(to: $0[1]) }
            // max/min are not differentiable at ties, so skip the pair of equal inputs.
            if a.scalars == b.scalars { continue }
            try check("max \(a.shape) \(b.shape)", [a, b]) { try $0[0].maximum($0[1]) }
            try check("min \(a.shape) \(b.shape)", [a, b]) { try $0[0].minimum($0[1]) }
        }
        try check("negation", [matrix]) { -$0[0] }
    }

    func testUnaryFunctions() throws {
        let positive = matrix
        let signed = try Tensor(shape: [2, 3], scalars: [-1.2, 0.4, 2.1, -0.3, 3.5, -2.2])
        try check("exp", [signed]) { exp($0[0]) }
        try check("log", [positive]) { log($0[0]) }
        try check("log1p", [positive]) { log1p($0[0]) }
        try check("expm1", [signed]) { expm1($0[0]) }
        try check("sqrt", [positive]) { sqrt($0[0]) }
        try check("abs", [signed]) { abs($0[0]) }
        try check("sin", [signed]) { sin($0[0]) }
        try check("cos", [signed]) { cos($0[0]) }
        try check("tanh", [signed]) { tanh($0[0]) }
        try check("sigmoid", [signed]) { sigmoid($0[0]) }
        try check("softplus", [signed]) { softplus($0[0]) }
        try check("clamp", [signed]) { clamp($0[0], min: -1, max: 2) }
        try check("lgamma", [positive]) { lgamma($0[0]) }
        try check("digamma", [positive]) { digamma($0[0]) }
        try check("erf", [signed]) { erf($0[0]) }
        try check("erfc", [signed]) { erfc($0[0]) }
        try check("atan", [signed]) { atan($0[0]) }
        try check("tan", [try Tensor(shape: [3], scalars: [-1.2, 0.3, 1.4])]) { tan($0[0]) }
        try check("normal quantile", [try Tensor(shape: [3], scalars: [0.01, 0.5, 0.97])]) { standardNormalQuantile($0[0]) }
        try check("normal cdf", [signed]) { standardNormalCDF($0[0]) }
    }

    func testWhere() throws {
        let condition = try Tensor(shape: [2, 3], scalars: [1, 0, 1, 0, 0, 1])
        try check("where", [matrix, row]) { try `where`(condition, $0[0], $0[1]) }
        try check("where via comparison", [matrix, row]) { try `where`($0[0].compared(.greater, $0[1]), $0[0], $0[1] * $0[1]) }
    }

    func testReductions() throws {
        for t in [row, matrix, cube] {
            try check("sum \(t.shape)", [t]) { $0[0].sum() }
            try check("mean \(t.shape)", [t]) { $0[0].mean() }
            try check("var \(t.shape)", [t]) { $0[0].variance() }
            try check("std \(t.shape)", [t]) { $0[0].standardDeviation() }
            try check("max \(t.shape)", [t]) { try $0[0].max() }
            try check("min \(t.shape)", [t]) { try $0[0].min() }
            try check("logsumexp \(t.shape)", [t]) { try $0[0].logSumExp() }
            for axis in 0..<t.rank {
                try check("sum axis \(axis) \(t.shape)", [t]) { try $0[0].sum(axis: axis) }
                try check("mean axis \(axis) \(t.shape)", [t]) { try $0[0].mean(axis: axis) }
                try check("var axis \(axis) \(t.shape)", [t]) { try $0[0].variance(axis: axis) }
                try check("std axis \(axis) \(t.shape)", [t]) { try $0[0].standardDeviation(axis: axis) }
                try check("max axis \(axis) \(t.shape)", [t]) { try $0[0].max(axis: axis) }
                try check("min axis \(axis) \(t.shape)", [t]) { try $0[0].min(axis: axis) }
                try check("logsumexp axis \(axis) \(t.shape)", [t]) { try $0[0].logSumExp(axis: axis) }
            }
        }
    }

    func testIndexingAndJoining() throws {
        try check("row", [matrix]) { try $0[0].row(1) }
        try check("column", [matrix]) { try $0[0].column(2) }
        try check("negative index", [cube]) { try $0[0].select(axis: 2, -1) }
        try check("slice", [matrix]) { try $0[0].slice(axis: 1, 1..<3) }
        try check("slice of cube", [cube]) { try $0[0].slice(axis: 1, 0..<1) }
        try check("reshape", [cube]) { try $0[0].reshaped([3, 4]) }
        try check("concatenate 0", [matrix, matrix]) { try concatenate([$0[0], $0[1]], axis: 0) }
        try check("concatenate 1", [matrix, column]) { try concatenate([$0[0], $0[1]], axis: 1) }
        try check("stack", [row, row]) { try stack([$0[0], $0[1] * $0[1]], axis: 1) }
        try check("softmax", [matrix]) { try $0[0].softmax(axis: 1) }
        try check("log softmax axis 0", [cube]) { try $0[0].logSoftmax(axis: 0) }
        try check("broadcast", [row]) { try $0[0].broadcast(to: [4, 3]) }
    }

    func testCompositeChain() throws {
        // A shared input used along two paths: gradients must accumulate.
        try check("composite", [matrix, row]) { x in
            let y = try x[0].multiplying(x[1])
            return try log(exp(y).sum(axis: 1)).adding(y.mean(axis: 1) * x[0].sum())
        }
    }
}
