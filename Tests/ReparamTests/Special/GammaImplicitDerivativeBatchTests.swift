import XCTest
@testable import Reparam

/// The batch APIs and both of their routes: the shared-shape interpolant and the exact routine.
final class GammaImplicitDerivativeBatchTests: XCTestCase {
    /// The interpolant against mpmath at every (α, quantile) of the fixture with a normal z.
    func testInterpolantAgainstMpmath() throws {
        let rows = try fixture("gamma_implicit.tsv")
        var worst = 0.0
        for alpha in Set(rows.map { $0[0] }).sorted() {
            let table = GammaImplicitDerivativeInterpolant(concentration: alpha)
            for row in rows where row[0] == alpha && !row[4].isNaN {
                XCTAssertNotEqual(table.route(sample: row[4]), .exact, "α=\(alpha), u=\(row[1]) falls back to the exact route")
                let value = table.derivative(sample: row[4])
                worst = max(worst, relativeError(value, row[5]))
                assertRelative(value, row[5], 1e-12, "interpolant at α=\(alpha), u=\(row[1])")
            }
        }
        print("worst relative error of the interpolant against mpmath:", worst)
    }

    /// The interpolant against the exact routine on a dense grid across its whole range.
    func testInterpolantAgainstExactRouteDensely() {
        var worst = 0.0
        for alpha in [1e-3, 0.02, 0.37, 1, 2.5, 9.99, 12.5, 150, 1e4] {
            let table = GammaImplicitDerivativeInterpolant(concentration: alpha)
            let low = log(max(inverseRegularizedGammaP(a: alpha, p: 1e-7), 0x1p-1022))
            let high = log(inverseRegularizedGammaQ(a: alpha, q: 1e-7))
            var routes = [GammaImplicitDerivativeInterpolant.Route: Int]()
            for k in 0..<3000 {
                let z = exp(low + (high - low) * (Double(k) + 0.37) / 3000)
                routes[table.route(sample: z), default: 0] += 1
                let exact = gammaImplicitDerivative(concentration: alpha, sample: z)
                let approximate = table.derivative(sample: z)
                worst = max(worst, relativeError(approximate, exact))
                assertRelative(approximate, exact, 1e-12, "α=\(alpha), z=\(z)")
            }
            XCTAssertNil(routes[.exact], "α=\(alpha): part of the central range is not fitted")
            XCTAssertGreaterThan(routes[.polynomial] ?? 0, 100, "α=\(alpha)")
            if alpha < 0.05 { XCTAssertGreaterThan(routes[.deepLowerTail] ?? 0, 100, "α=\(alpha)") }
        }
        print("worst relative error of the interpolant against the exact route:", worst)
    }

    /// The public batch API on a batch large enough to build the interpolant,
    /// mixing fixture samples with far-tail samples that take the exact route.
    func testSharedShapeBatchCoversBothRoutes() throws {
        let rows = try fixture("gamma_implicit.tsv")
        for alpha in [1e-3, 0.3, 1, 15, 1e4, 1e5] {
            let cases = rows.filter { $0[0] == alpha && !$0[4].isNaN }
            let farTail = [inverseRegularizedGammaP(a: alpha, p: 1e-30), inverseRegularizedGammaQ(a: alpha, q: 1e-30)]
                .filter { $0 > 0x1p-1022 }
            let table = GammaImplicitDerivativeInterpolant(concentration: alpha)
            XCTAssertTrue(farTail.contains { table.route(sample: $0) == .exact }, "α=\(alpha): no sample on the exact route")
            var samples = [Double](), expected = [Double]()
            while samples.count < 2 * gammaInterpolantMinimumCount {
                for row in cases { samples.append(row[4]); expected.append(row[5]) }
                for z in farTail { samples.append(z); expected.append(gammaImplicitDerivative(concentration: alpha, sample: z)) }
            }
            var out = [Double](repeating: .nan, count: samples.count)
            try samples.withUnsafeBufferPointer { input in
                try out.withUnsafeMutableBufferPointer { try gammaImplicitDerivatives(concentration: alpha, samples: input, into: $0) }
            }
            for i in samples.indices { assertRelative(out[i], expected[i], 1e-12, "batch α=\(alpha), z=\(samples[i])") }
        }
    }

    /// The log-sample batch against mpmath at every fixture row, including tiny
    /// shapes whose samples underflow, on both the interpolant and the small-batch route.
    func testLogSampleBatchAgainstMpmath() throws {
        let rows = try fixture("gamma_implicit.tsv")
        var worst = 0.0
        for alpha in Set(rows.map { $0[0] }).sorted() {
            let cases = rows.filter { $0[0] == alpha }
            for repeats in [1, 2 * gammaInterpolantMinimumCount / cases.count + 1] {
                let logSamples = [[Double]](repeating: cases.map { $0[2] }, count: repeats).flatMap { $0 }
                var out = [Double](repeating: .nan, count: logSamples.count)
                try logSamples.withUnsafeBufferPointer { t in
                    try out.withUnsafeMutableBufferPointer { try gammaImplicitLogDerivatives(concentration: alpha, logSamples: t, into: $0) }
                }
                for (i, t) in logSamples.enumerated() {
                    let expected = cases[i % cases.count][3]
                    worst = max(worst, relativeError(out[i], expected))
                    assertRelative(out[i], expected, 1e-12, "log batch α=\(alpha), log z=\(t), n=\(logSamples.count)")
                }
            }
        }
        print("worst relative error of the log-sample batch against mpmath:", worst)
    }

    func testSmallBatchAndPerElementShapesTakeTheExactRoute() throws {
        let rows = try fixture("gamma_implicit.tsv").filter { !$0[4].isNaN }
        let alphas = rows.map { $0[0] }, samples = rows.map { $0[4] }
        var out = [Double](repeating: .nan, count: rows.count)
        try alphas.withUnsafeBufferPointer { a in
            try samples.withUnsafeBufferPointer { z in
                try out.withUnsafeMutableBufferPointer { try gammaImplicitDerivatives(concentrations: a, samples: z, into: $0) }
            }
        }
        for (i, row) in rows.enumerated() { assertRelative(out[i], row[5], 1e-12, "per-element α=\(row[0])") }

        let few = rows.filter { $0[0] == 3 }
        var small = [Double](repeating: .nan, count: few.count)
        try few.map { $0[4] }.withUnsafeBufferPointer { z in
            try small.withUnsafeMutableBufferPointer { try gammaImplicitDerivatives(concentration: 3, samples: z, into: $0) }
        }
        for (i, row) in few.enumerated() { assertRelative(small[i], row[5], 1e-12, "small batch u=\(row[1])") }
    }

    /// The per-element batch is the scalar routine to the bit, in one chunk and split across threads
    /// (a count above Parallel.minimumParallelCount), over every route.
    func testPerElementBatchIsTheScalarRouteToTheBit() throws {
        for (count, spread) in [(1001, 2.5), (Parallel.minimumParallelCount + 3, 0.5)] {
            var stream = RandomStream(seed: 7)
            let e = stream.normal(count: count), f = stream.normal(count: count)
            // log₁₀ α = 2 ± 5 (every route: deep tail, series, fraction, Temme) in the small batch, 0 ± 1 in
            // the large one (kept cheap for debug builds); z = α e^{2f/√α} spreads across each law.
            let alphas = e.map { pow(10, (spread == 2.5 ? 2 : 0) + spread * max(-2, min(2, $0))) }
            let samples = zip(alphas, f).map { a, t in a * exp(max(-700, min(700, 2 * t / a.squareRoot()))) }
            var out = [Double](repeating: .nan, count: count)
            try alphas.withUnsafeBufferPointer { a in
                try samples.withUnsafeBufferPointer { z in
                    try out.withUnsafeMutableBufferPointer { try gammaImplicitDerivatives(concentrations: a, samples: z, into: $0) }
                }
            }
            var differing = 0
            for i in 0..<count where out[i].bitPattern != gammaImplicitDerivative(concentration: alphas[i], sample: samples[i]).bitPattern {
                differing += 1
            }
            XCTAssertEqual(differing, 0, "\(count) elements")
        }
    }

    func testBadInputsThrowClearErrors() {
        func message(_ alpha: Double, _ samples: [Double], room: Int) -> String {
            var out = [Double](repeating: 0, count: room)
            do {
                try samples.withUnsafeBufferPointer { z in
                    try out.withUnsafeMutableBufferPointer { try gammaImplicitDerivatives(concentration: alpha, samples: z, into: $0) }
                }
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(message(-1, [1, 2], room: 2), "Gamma: concentration must be positive and finite, got -1.0")
        XCTAssertEqual(message(2, [1, -2, 3], room: 3),
                       "gammaImplicitDerivatives: sample 1 is -2.0; Gamma samples must be non-negative numbers")
        XCTAssertEqual(message(.infinity, [1, 2], room: 2), "Gamma: concentration must be positive and finite, got inf")
        XCTAssertEqual(message(1e9, [1e9, 1e9 + 3e4], room: 2), "no error")
        XCTAssertEqual(message(2, [1, 2], room: 3), "gammaImplicitDerivatives: 2 samples but room for 3 derivatives")
        XCTAssertEqual(message(2, [1, .nan] + [Double](repeating: 1, count: 5000), room: 5002),
                       "gammaImplicitDerivatives: sample 1 is nan; Gamma samples must be non-negative numbers")

        var logOut = [Double](repeating: 0, count: 3)
        var logCaught = "no error"
        do {
            try [-1.0, .nan, 0.5].withUnsafeBufferPointer { t in
                try logOut.withUnsafeMutableBufferPointer { try gammaImplicitLogDerivatives(concentration: 0.5, logSamples: t, into: $0) }
            }
        } catch { logCaught = "\(error)" }
        XCTAssertEqual(logCaught, "gammaImplicitLogDerivatives: log sample 1 is nan; log samples must be numbers below +inf")

        let alphas = [1.0, .nan, 2.0], samples = [1.0, 2.0, 3.0]
        var out = [Double](repeating: 0, count: 3)
        var caught = "no error"
        do {
            try alphas.withUnsafeBufferPointer { a in
                try samples.withUnsafeBufferPointer { z in
                    try out.withUnsafeMutableBufferPointer { try gammaImplicitDerivatives(concentrations: a, samples: z, into: $0) }
                }
            }
        } catch { caught = "\(error)" }
        XCTAssertEqual(caught, "Gamma: concentration must be positive and finite, got nan at index 1")
    }
}
