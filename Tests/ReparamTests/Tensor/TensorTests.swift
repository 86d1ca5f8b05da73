import XCTest
@testable import Reparam

/// Values of tensor operations against results worked by hand.
final class TensorTests: XCTestCase {
    func testBroadcastShapes() throws {
        XCTAssertEqual(try Shape.broadcast([1000, 3], [3]), [1000, 3])
        XCTAssertEqual(try Shape.broadcast([2, 1], [1, 3]), [2, 3])
        XCTAssertEqual(try Shape.broadcast([], [4, 5]), [4, 5])
        XCTAssertThrowsError(try Shape.broadcast([2, 3], [4])) { error in
            XCTAssertEqual("\(error)", "shapes [2, 3] and [4] cannot be broadcast together (axis 1: 3 vs 4)")
        }
    }

    func testBroadcastValues() throws {
        let m = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(try m.adding(Tensor([10, 20, 30])).scalars, [11, 22, 33, 14, 25, 36])
        XCTAssertEqual(try m.multiplying(Tensor(shape: [2, 1], scalars: [2, 3])).scalars, [2, 4, 6, 12, 15, 18])
        XCTAssertEqual(try Tensor(shape: [2, 1], scalars: [1, 2]).subtracting(Tensor([1, 2, 3])).scalars, [0, -1, -2, 1, 0, -1])
    }

    func testReductionValues() throws {
        let m = try Tensor(rows: [[1, 2, 3], [4, 5, 9]])
        XCTAssertEqual(m.sum().scalar, 24)
        XCTAssertEqual(try m.sum(axis: 0).scalars, [5, 7, 12])
        XCTAssertEqual(try m.sum(axis: -1).scalars, [6, 18])
        XCTAssertEqual(try m.mean(axis: 1).scalars, [2, 6])
        XCTAssertEqual(try m.max().scalar, 9)
        XCTAssertEqual(try m.min(axis: 1).scalars, [1, 4])
        // Sample variance of [4, 5, 9]: mean 6, squares 4 + 1 + 9 = 14, / 2 = 7.
        XCTAssertEqual(try m.variance(axis: 1).scalars[1], 7, accuracy: 1e-15)
        XCTAssertEqual(try m.row(1).variance(correction: 0).scalar!, 14.0 / 3, accuracy: 1e-15)
        // logsumexp of large values must not overflow: log(e^1000 + e^1000) = 1000 + log 2.
        XCTAssertEqual(try Tensor([1000, 1000]).logSumExp().scalar!, 1000 + log(2.0), accuracy: 1e-12)
    }

    func testIndexing() throws {
        let m = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(try m.row(1).scalars, [4, 5, 6])
        XCTAssertEqual(try m.column(-1).scalars, [3, 6])
        XCTAssertEqual(try m.slice(axis: 1, 1..<3).scalars, [2, 3, 5, 6])
        XCTAssertEqual(try concatenate([m, m], axis: 1).shape, [2, 6])
        XCTAssertEqual(try stack([Tensor([1, 2]), Tensor([3, 4])], axis: 1).scalars, [1, 3, 2, 4])
        XCTAssertThrowsError(try m.row(2)) { XCTAssertEqual("\($0)", "index 2 is out of range for axis 0 of length 2") }
        XCTAssertThrowsError(try m.sum(axis: 2))
        XCTAssertThrowsError(try m.reshaped([4]))
    }

    /// A slice of a tall tensor (enough blocks to split across cores) and its backward, on 1 and 3 threads:
    /// the values are the sliced entries and the gradient of Σ w·slice is w in the slice's places, 0 elsewhere.
    func testSliceOfManyBlocksOnAnyThreadCount() throws {
        let rows = 120_000, saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        let x = Tensor.parameter(Tensor(unchecked: [rows, 3], (0..<(3 * rows)).map(Double.init)))
        let w = Tensor(unchecked: [rows, 2], (0..<(2 * rows)).map { Double($0 % 7) })
        for threads in [1, 3] {
            Parallel.threadCount = threads
            let s = try x.slice(axis: 1, 1..<3)
            XCTAssertEqual(s.shape, [rows, 2])
            let sliced = s.scalars
            var slicedExpected = [Double](repeating: 0, count: 2 * rows)
            for r in 0..<rows {
                slicedExpected[2 * r] = Double(3 * r + 1)
                slicedExpected[2 * r + 1] = Double(3 * r + 2)
            }
            XCTAssertEqual(sliced, slicedExpected, "threads \(threads)")
            let g = try gradients(of: s.multiplying(w).sum(), withRespectTo: [x])[0].scalars
            let ws = w.scalars
            var expected = [Double](repeating: 0, count: 3 * rows)
            for r in 0..<rows {
                expected[3 * r + 1] = ws[2 * r]
                expected[3 * r + 2] = ws[2 * r + 1]
            }
            XCTAssertEqual(g, expected, "threads \(threads)")
        }
    }

    func testComparisonsAreConstants() throws {
        let a = Tensor.parameter([1, 2, 3])
        let mask = try a.compared(.greaterOrEqual, Tensor(2))
        XCTAssertEqual(mask.scalars, [0, 1, 1])
        XCTAssertFalse(mask.requiresGradient)
    }

    func testGradientOfUnrelatedLeafIsZero() throws {
        let a = Tensor.parameter([1, 2]), b = Tensor.parameter(3.0)
        let g = try gradients(of: (a * a).sum(), withRespectTo: [a, b])
        XCTAssertEqual(g[0].scalars, [2, 4])
        XCTAssertEqual(g[1].scalars, [0])
        XCTAssertThrowsError(try gradients(of: a * a, withRespectTo: [a]))
    }

    func testGraphIsReleasedAfterBackward() throws {
        weak var weakNode: Node?
        try autoreleasepool {
            let a = Tensor.parameter([1, 2, 3])
            let loss = (exp(a) * a).sum()
            weakNode = loss.node
            _ = try gradients(of: loss, withRespectTo: [a])
        }
        XCTAssertNil(weakNode, "the tape must not outlive the tensors that refer to it")
    }

    func testLargeKernelsAreThreadCountIndependent() throws {
        let n = 300_001
        let x = Tensor((0..<n).map { sin(Double($0)) })
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        Parallel.threadCount = 1
        let one = (exp(x) * x).scalars
        Parallel.threadCount = 3
        XCTAssertEqual((exp(x) * x).scalars, one)
    }
}

#if !canImport(ObjectiveC)
/// Linux has no autorelease pools; a plain scope does the same job here.
func autoreleasepool<T>(_ body: () throws -> T) rethrows -> T { try body() }
#endif
