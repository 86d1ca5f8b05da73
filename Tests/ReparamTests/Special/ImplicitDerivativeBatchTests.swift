import XCTest
@testable import Reparam

/// The batch implicit-gradient APIs for Beta and Student-t: every route
/// (interpolant, linear tails, exact fallback beyond the interpolant, small
/// batches, per-element parameters, both thread counts) against the mpmath
/// fixtures and the exact scalar routines those fixtures validate.
final class ImplicitDerivativeBatchTests: XCTestCase {
    /// Large enough for every grid interpolant to pay for itself.
    let largeBatch = 50_000

    override func tearDown() {
        Parallel.threadCount = ProcessInfo.processInfo.activeProcessorCount
        super.tearDown()
    }

    /// Fixture rows grouped by (a, b), in file order.
    func betaGroups() throws -> [(a: Double, b: Double, rows: [[Double]])] {
        var groups: [(a: Double, b: Double, rows: [[Double]])] = []
        for row in try fixture("beta_grid.tsv") {
            if let last = groups.last, last.a == row[0], last.b == row[1] {
                groups[groups.count - 1].rows.append(row)
            } else {
                groups.append((row[0], row[1], [row]))
            }
        }
        return groups
    }

    /// Whether the fixture's exact point is a float64 x (true when x is the
    /// smaller coordinate, or when 1 − y rounds back to y); the others need
    /// the complement form, tested in IncompleteBetaTests.
    func exactlyRepresentable(_ row: [Double]) -> Bool {
        row[3] <= row[4] || 1 - (1 - row[4]) == row[4]
    }

    func runBeta(a: Double, b: Double, _ samples: [Double]) throws -> (da: [Double], db: [Double]) {
        var da = [Double](repeating: .nan, count: samples.count), db = da
        try samples.withUnsafeBufferPointer { xs in
            try da.withUnsafeMutableBufferPointer { d in
                try db.withUnsafeMutableBufferPointer { e in try betaImplicitDerivatives(a: a, b: b, samples: xs, da: d, db: e) }
            }
        }
        return (da, db)
    }

    func testBetaSharedParametersEveryRoute() throws {
        var worstFixture = 0.0, worstDense = 0.0
        for group in try betaGroups() {
            let (a, b) = (group.a, group.b)
            let tag = "a=\(a) b=\(b)"
            let interpolant = try XCTUnwrap(BetaImplicitDerivativeInterpolant(a: a, b: b, batchSize: largeBatch), "no interpolant " + tag)
            // Fixture points (samples given as x; those near 1 lose nothing since 1 − x is exact there).
            let fixturePoints = group.rows.map { $0[3] <= $0[4] ? $0[3] : 1 - $0[4] }
            // A dense set of quantiles inside the interpolant's range.
            let dense = try (0..<100).map { try inverseRegularizedBeta(p: (Double($0) + 0.5) / 100, a: a, b: b) }
            // Points beyond the 1e-12 quantiles, short of the linear tails: the exact fallback.
            let beyond = [0.5 * (1 + tanh(0.5 * (interpolant.chebyshev.lower - 1))),
                          0.5 * (1 + tanh(0.5 * (interpolant.chebyshev.upper + 1)))]
            var samples = fixturePoints + dense + beyond
            while samples.count < largeBatch { samples.append(fixturePoints[samples.count % fixturePoints.count]) }
            let result = try runBeta(a: a, b: b, samples)
            for (i, row) in group.rows.enumerated() where exactlyRepresentable(row) {
                assertRelative(result.da[i], row[10], 1e-10, "batch dx/da \(tag) u=\(row[2])")
                assertRelative(result.db[i], row[11], 1e-10, "batch dx/db \(tag) u=\(row[2])")
                worstFixture = max(worstFixture, relativeError(result.da[i], row[10]), relativeError(result.db[i], row[11]))
            }
            for i in fixturePoints.count..<(fixturePoints.count + dense.count + beyond.count) {
                let exact = betaImplicitDerivatives(a: a, b: b, sample: samples[i])
                assertRelative(result.da[i], exact.da, 5e-11, "dense dx/da \(tag) x=\(samples[i])")
                assertRelative(result.db[i], exact.db, 5e-11, "dense dx/db \(tag) x=\(samples[i])")
                worstDense = max(worstDense, relativeError(result.da[i], exact.da), relativeError(result.db[i], exact.db))
            }
        }
        print("Beta batch worst relative error: fixtures \(worstFixture), dense vs exact \(worstDense)")
    }

    func testBetaLinearTailsAreUsedAndRight() throws {
        // a = 0.01: x = 1e-270 lies far below the interpolant, in its linear lower tail.
        let interpolant = try XCTUnwrap(BetaImplicitDerivativeInterpolant(a: 0.01, b: 0.01, batchSize: largeBatch))
        XCTAssertNotNil(interpolant.lowerTail)
        XCTAssertNotNil(interpolant.upperTail)
        for x in [1e-270, 1e-100, 1e-30] {
            XCTAssertLessThan(log(x), interpolant.chebyshev.lower)
            let exact = betaImplicitDerivatives(a: 0.01, b: 0.01, sample: x)
            let tail = interpolant.derivatives(sample: x, complement: 1 - x)
            assertRelative(tail.da, exact.da, 5e-11, "lower tail x=\(x)")
            assertRelative(tail.db, exact.db, 5e-11, "lower tail x=\(x)")
            let upper = interpolant.derivatives(sample: 1, complement: x)
            let exactUpper = betaImplicitDerivatives(a: 0.01, b: 0.01, sample: 1, complement: x)
            assertRelative(upper.da, exactUpper.da, 5e-11, "upper tail 1-x=\(x)")
        }
    }

    func testBetaSmallBatchAndPerElementParameters() throws {
        let rows = try (fixture("beta_grid.tsv") + fixture("beta_random.tsv")).filter(exactlyRepresentable)
        let samples = rows.map { $0[3] <= $0[4] ? $0[3] : 1 - $0[4] }
        var da = [Double](repeating: .nan, count: rows.count), db = da
        let a = rows.map { $0[0] }, b = rows.map { $0[1] }
        try a.withUnsafeBufferPointer { a in try b.withUnsafeBufferPointer { b in try samples.withUnsafeBufferPointer { xs in
            try da.withUnsafeMutableBufferPointer { d in try db.withUnsafeMutableBufferPointer { e in
                try betaImplicitDerivatives(a: a, b: b, samples: xs, da: d, db: e)
            } }
        } } }
        for (i, row) in rows.enumerated() {
            assertRelative(da[i], row[10], 1e-10, "per-element dx/da a=\(row[0]) b=\(row[1]) u=\(row[2])")
            assertRelative(db[i], row[11], 1e-10, "per-element dx/db a=\(row[0]) b=\(row[1]) u=\(row[2])")
        }
        // A batch too small for an interpolant takes the exact route.
        XCTAssertNil(BetaImplicitDerivativeInterpolant(a: 2, b: 3, batchSize: 10))
        let small = try runBeta(a: 2, b: 3, [0, 0.25, 1])
        XCTAssertEqual(small.da[0], 0)
        XCTAssertEqual(small.db[2], 0)
        let exact = betaImplicitDerivatives(a: 2, b: 3, sample: 0.25)
        XCTAssertEqual(small.da[1], exact.da)
        XCTAssertEqual(small.db[1], exact.db)
        // I_x(2, 3) closed form: dx/da at x = 1/4 = −(∂I/∂a)/p against mpmath: see beta fixtures; here just sign.
        XCTAssertGreaterThan(exact.da, 0)
        XCTAssertLessThan(exact.db, 0)
    }

    func testBetaThreadCountDoesNotChangeResults() throws {
        let count = 120_000
        var samples = [Double](repeating: 0, count: count)
        for i in 0..<count {
            let s: Double = Double(i % 997) / 50 - 10
            samples[i] = 0.5 * (1 + tanh(s))
        }
        Parallel.threadCount = 1
        let one = try runBeta(a: 0.7, b: 3, samples)
        Parallel.threadCount = 2
        let two = try runBeta(a: 0.7, b: 3, samples)
        XCTAssertEqual(one.da, two.da)
        XCTAssertEqual(one.db, two.db)
    }

    /// The error the shared-parameter Beta batch throws, if any.
    func betaBatchError(a: Double, b: Double, samples: [Double], complements: [Double]? = nil, outputCount: Int? = nil) -> Error? {
        var da = [Double](repeating: 0, count: outputCount ?? samples.count), db = [Double](repeating: 0, count: samples.count)
        do {
            try samples.withUnsafeBufferPointer { xs in
                try (complements ?? []).withUnsafeBufferPointer { ys in
                    try da.withUnsafeMutableBufferPointer { d in
                        try db.withUnsafeMutableBufferPointer { e in
                            try betaImplicitDerivatives(a: a, b: b, samples: xs, complements: complements == nil ? nil : ys, da: d, db: e)
                        }
                    }
                }
            }
        } catch {
            return error
        }
        return nil
    }

    func testBetaComplementsKeepSamplesNearOne() throws {
        // Every fixture point, given as (x, 1 − x) exactly, also those within 1e-300 of 1.
        let rows = try fixture("beta_grid.tsv") + fixture("beta_random.tsv")
        let points = rows.map { $0[3] <= $0[4] ? ($0[3], 1 - $0[3]) : (1 - $0[4], $0[4]) }
        let xs = points.map { $0.0 }, ys = points.map { $0.1 }
        let a = rows.map { $0[0] }, b = rows.map { $0[1] }
        var da = [Double](repeating: .nan, count: rows.count), db = da
        try a.withUnsafeBufferPointer { a in try b.withUnsafeBufferPointer { b in
            try xs.withUnsafeBufferPointer { x in try ys.withUnsafeBufferPointer { y in
                try da.withUnsafeMutableBufferPointer { d in try db.withUnsafeMutableBufferPointer { e in
                    try betaImplicitDerivatives(a: a, b: b, samples: x, complements: y, da: d, db: e)
                } }
            } }
        } }
        for (i, row) in rows.enumerated() {
            assertRelative(da[i], row[10], 1e-10, "per-element, complement: dx/da a=\(row[0]) b=\(row[1]) u=\(row[2])")
            assertRelative(db[i], row[11], 1e-10, "per-element, complement: dx/db a=\(row[0]) b=\(row[1]) u=\(row[2])")
        }
        // Shared parameters through the interpolant: a = b = 0.01 puts half the mass within 1e-70 of 1.
        for group in try betaGroups() where group.a == group.b && group.a <= 0.01 {
            let points = group.rows.map { $0[3] <= $0[4] ? ($0[3], 1 - $0[3]) : (1 - $0[4], $0[4]) }
            var xs = [Double](), ys = [Double]()
            while xs.count < largeBatch {
                let p = points[xs.count % points.count]
                xs.append(p.0)
                ys.append(p.1)
            }
            var da = [Double](repeating: .nan, count: xs.count), db = da
            try xs.withUnsafeBufferPointer { x in try ys.withUnsafeBufferPointer { y in
                try da.withUnsafeMutableBufferPointer { d in try db.withUnsafeMutableBufferPointer { e in
                    try betaImplicitDerivatives(a: group.a, b: group.b, samples: x, complements: y, da: d, db: e)
                } }
            } }
            for (i, row) in group.rows.enumerated() {
                assertRelative(da[i], row[10], 1e-10, "shared, complement: dx/da a=\(group.a) u=\(row[2])")
                assertRelative(db[i], row[11], 1e-10, "shared, complement: dx/db a=\(group.a) u=\(row[2])")
            }
        }
    }

    func testBetaBatchErrors() {
        XCTAssertNil(betaBatchError(a: 1, b: 2, samples: [0.2, 0.5]))
        XCTAssertNotNil(betaBatchError(a: -1, b: 2, samples: [0.2, 0.5]))
        XCTAssertNotNil(betaBatchError(a: 1, b: .nan, samples: [0.2, 0.5]))
        XCTAssertNotNil(betaBatchError(a: 1, b: 2, samples: [0.2, 0.5], outputCount: 1))
        XCTAssertNil(betaBatchError(a: 1, b: 2, samples: [0.2, 1], complements: [0.8, 1e-300]))
        XCTAssertNotNil(betaBatchError(a: 1, b: 2, samples: [0.2, 0.5], complements: [0.8]))
        let mismatch = betaBatchError(a: 1, b: 2, samples: [0.2, 0.5], complements: [0.8, 0.4])
        XCTAssert("\(String(describing: mismatch))".contains("not 1 − x"), "\(String(describing: mismatch))")
        for bad in [[0.2, 1.5], [-0.1, 0.5], [0.2, .nan]] {
            let error = betaBatchError(a: 1, b: 2, samples: bad)
            XCTAssert("\(String(describing: error))".contains("outside [0, 1]"), "\(String(describing: error))")
        }
    }

    // MARK: Student-t

    func runStudentT(df: Double, _ samples: [Double]) throws -> [Double] {
        var out = [Double](repeating: .nan, count: samples.count)
        try samples.withUnsafeBufferPointer { ts in
            try out.withUnsafeMutableBufferPointer { o in try studentTImplicitDerivatives(df: df, samples: ts, derivatives: o) }
        }
        return out
    }

    func testStudentTSharedDfEveryRoute() throws {
        let rows = try fixture("student_t_grid.tsv")
        var worstFixture = 0.0, worstDense = 0.0
        for nu in [0.1, 0.5, 1, 2, 5, 30, 100, 1000, 1e4, 1e5] {
            let group = rows.filter { $0[0] == nu }
            let interpolant = try XCTUnwrap(StudentTImplicitDerivativeInterpolant(df: nu, batchSize: largeBatch), "no interpolant nu=\(nu)")
            let fixturePoints = group.map { $0[2] }
            let dense = try (0..<100).map { try inverseStudentTCDF(p: (Double($0) + 0.5) / 100, df: nu) }
            // Tiny |t| (linear lower tail), and beyond the interpolant's upper end.
            let edges = [1e-12, -3e-11, exp(interpolant.chebyshev.upper + 0.5)]
            var samples = fixturePoints + dense + edges
            while samples.count < largeBatch { samples.append(fixturePoints[samples.count % fixturePoints.count]) }
            let result = try runStudentT(df: nu, samples)
            for (i, row) in group.enumerated() {
                assertRelative(result[i], row[7], 1e-10, "batch dt/dnu nu=\(nu) u=\(row[1])")
                worstFixture = max(worstFixture, relativeError(result[i], row[7]))
            }
            for i in fixturePoints.count..<(fixturePoints.count + dense.count + edges.count) {
                let exact = studentTImplicitDerivative(df: nu, sample: samples[i])
                assertRelative(result[i], exact, 5e-11, "dense dt/dnu nu=\(nu) t=\(samples[i])")
                worstDense = max(worstDense, relativeError(result[i], exact))
            }
        }
        print("Student-t batch worst relative error: fixtures \(worstFixture), dense vs exact \(worstDense)")
    }

    func testStudentTLinearUpperTail() throws {
        // ν = 0.1: the 1e-12 quantile (~1e116) lies beyond √ν·3e9, so a linear upper tail is used.
        let interpolant = try XCTUnwrap(StudentTImplicitDerivativeInterpolant(df: 0.1, batchSize: largeBatch))
        XCTAssertNotNil(interpolant.upperTail)
        for t in [1e12, -1e40, 1e100] {
            XCTAssertGreaterThan(log(abs(t)), interpolant.chebyshev.upper)
            assertRelative(interpolant.derivative(sample: t), studentTImplicitDerivative(df: 0.1, sample: t), 5e-11, "t=\(t)")
        }
    }

    func testStudentTSmallBatchPerElementThreadsAndErrors() throws {
        let rows = try fixture("student_t_grid.tsv") + fixture("student_t_random.tsv")
        var out = [Double](repeating: .nan, count: rows.count)
        let df = rows.map { $0[0] }, ts = rows.map { $0[2] }
        try df.withUnsafeBufferPointer { d in try ts.withUnsafeBufferPointer { t in
            try out.withUnsafeMutableBufferPointer { o in try studentTImplicitDerivatives(df: d, samples: t, derivatives: o) }
        } }
        for (i, row) in rows.enumerated() {
            assertRelative(out[i], row[7], 1e-10, "per-element dt/dnu nu=\(row[0]) u=\(row[1])")
        }
        let small = try runStudentT(df: 3, [0, 1.5])
        XCTAssertEqual(small[0], 0)
        XCTAssertEqual(small[1], studentTImplicitDerivative(df: 3, sample: 1.5))

        var many = [Double](repeating: 0, count: 120_000)
        for i in 0..<many.count {
            let s: Double = Double(i % 1009) / 40 - 12
            many[i] = sinh(s)
        }
        Parallel.threadCount = 1
        let one = try runStudentT(df: 4, many)
        Parallel.threadCount = 2
        XCTAssertEqual(one, try runStudentT(df: 4, many))

        XCTAssertThrowsError(try runStudentT(df: 0, [1]))
        XCTAssertThrowsError(try runStudentT(df: 2, [1, .nan])) { error in
            XCTAssert("\(error)".contains("NaN"), "\(error)")
        }
        // A draw beyond the largest double gets 0 and leaves the batch (issue #17).
        XCTAssertEqual(try runStudentT(df: 2, [1, .infinity])[1], 0)
        var shortOut = [0.0]
        var shapeError: Error?
        do {
            try [1.0, 2.0].withUnsafeBufferPointer { t in
                try shortOut.withUnsafeMutableBufferPointer { o in try studentTImplicitDerivatives(df: 2, samples: t, derivatives: o) }
            }
        } catch {
            shapeError = error
        }
        XCTAssertNotNil(shapeError)
    }

    // MARK: The interpolation machinery

    func testPiecewiseChebyshevAndTailLinearization() throws {
        let f = try XCTUnwrap(PiecewiseChebyshev(lower: -2, upper: 3, pieceWidth: 0.25, outputs: 2, tolerance: 1e-10) { s in
            (exp(s), 1 / (1 + s * s))
        })
        for s in stride(from: -2.0, through: 3.0, by: 0.0137) {
            let v = f.evaluatePair(s)
            assertRelative(v.0, exp(s), 1e-14, "exp at \(s)")
            assertRelative(v.1, 1 / (1 + s * s), 1e-10, "Runge at \(s)")
        }
        // A kink cannot be interpolated to 1e-13: construction refuses.
        XCTAssertNil(PiecewiseChebyshev(lower: -1, upper: 1.1, pieceWidth: 0.25, outputs: 1, tolerance: 1e-13) { s in (abs(s), 0) })
        let line = try XCTUnwrap(TailLinearization(edge: -50, direction: -1, tolerance: 1e-14) { s in (2 * s + 1, 3) })
        XCTAssertEqual(line.evaluate(-400).0, -799, accuracy: 1e-10)
        XCTAssertEqual(line.evaluate(-400).1, 3)
        XCTAssertNil(TailLinearization(edge: -50, direction: -1, tolerance: 1e-12) { s in (s * s, 0) })
    }
}
