import XCTest
@testable import Reparam

final class VonMisesBatchTests: XCTestCase {
    /// Both batch routes (shared κ: precomputed series; per-element κ: duals) against mpmath.
    func testBatchesAgainstMpmath() throws {
        let rows = try fixture("vonmises_quantiles.tsv").filter { $0[1] != 0.5 }
        var shared = WorstError("shared-kappa batch dx/dk"), perElement = WorstError("per-element batch dx/dk")
        let perElementResult = try vonMisesImplicitDerivatives(concentrations: rows.map { $0[0] }, samples: rows.map { $0[2] })
        for (row, g) in zip(rows, perElementResult) {
            XCTAssertLessThanOrEqual(perElement.record(g, row[3], at: "k=\(row[0]) q=\(row[1])"), 1e-10)
        }
        for kappa in Set(rows.map { $0[0] }) {
            let group = rows.filter { $0[0] == kappa }
            let result = try vonMisesImplicitDerivatives(concentration: kappa, samples: group.map { $0[2] })
            for (row, g) in zip(group, result) {
                XCTAssertLessThanOrEqual(shared.record(g, row[3], at: "k=\(row[0]) q=\(row[1])"), 1e-10)
            }
        }
        print(shared.summary)
        print(perElement.summary)
    }

    /// The shared-κ series agrees with the exact scalar route over the whole circle, across the
    /// region boundaries, on a batch large enough to run in parallel chunks.
    func testSharedSeriesMatchesScalarRoute() throws {
        for kappa in [0.0, 1e-3, 0.4, 3, 12, 49.5, 50, 400] {
            // One batch large enough to run in parallel chunks; the rest small (debug builds are slow).
            let count = kappa == 3 ? 120_000 : 6_000
            let samples = (0..<count).map { i in -Double.pi + 2 * Double.pi * (Double(i) + 0.5) / Double(count) }
            let batch = try vonMisesImplicitDerivatives(concentration: kappa, samples: samples)
            var worst = WorstError("k=\(kappa)")
            for i in stride(from: 0, to: count, by: count / 1000) {
                let exact = try vonMisesImplicitDerivative(concentration: kappa, sample: samples[i])
                // Relative to the scale of dx/dκ on the circle (it passes through 0 at x = 0, ±π).
                let error = abs(batch[i] - exact) / max(abs(exact), 1e-3 * abs(batch[count / 4]))
                worst.record(error, 0, at: "x=\(samples[i])")
                XCTAssertLessThanOrEqual(error, 1e-12, "k=\(kappa) x=\(samples[i])")
            }
        }
    }

    func testInverseBatchMatchesScalar() throws {
        let probabilities = [1e-9, 0.001, 0.3, 0.5, 0.77, 0.999999]
        var samples = [Double](repeating: 0, count: probabilities.count)
        try probabilities.withUnsafeBufferPointer { p in
            try samples.withUnsafeMutableBufferPointer { try inverseVonMisesCDF(probabilities: p, concentration: 7, into: $0) }
        }
        for (p, x) in zip(probabilities, samples) {
            XCTAssertEqual(x, try inverseVonMisesCDF(p: p, concentration: 7))
        }
    }

    func testBadBatchesThrowAndLeaveOutputAlone() {
        XCTAssertThrowsError(try vonMisesImplicitDerivatives(concentration: -1, samples: [0.1]))
        XCTAssertThrowsError(try vonMisesImplicitDerivatives(concentration: 1, samples: [0.1, 7]))
        XCTAssertThrowsError(try vonMisesImplicitDerivatives(concentration: 1, samples: [.nan]))
        XCTAssertThrowsError(try vonMisesImplicitDerivatives(concentrations: [1, 2], samples: [0.1]))
        XCTAssertThrowsError(try vonMisesImplicitDerivatives(concentrations: [1, .infinity], samples: [0.1, 0.2]))
        var out = [Double](repeating: 42, count: 2)
        let probabilities = [0.5, 1.5]
        XCTAssertThrowsError(try probabilities.withUnsafeBufferPointer { p in
            try out.withUnsafeMutableBufferPointer { try inverseVonMisesCDF(probabilities: p, concentration: 1, into: $0) }
        })
        XCTAssertEqual(out, [42, 42])
    }
}
