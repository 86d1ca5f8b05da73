import XCTest
@testable import Reparam

/// The table of G = 2(dt/dν)/t behind the per-element Student-t gradient of large batches
/// (`StudentTDerivativeTable`): held-out 40-digit points (scripts/fixtures/student_t_table_fixtures.py →
/// student_t_table.tsv) over its rectangle, the benchmark's draws and its edges, and a dense comparison
/// with the exact route it was built from.
final class StudentTDerivativeTableTests: XCTestCase {
    /// The bound is 1e-10 relative; the table is verified to 5e-12 against the fraction route.
    static let bound = 1e-11

    func testHeldOutPointsThroughTheTableAndTheBatch() throws {
        XCTAssertNotNil(StudentTDerivativeTable.values, "the table passed its check")
        let rows = try fixture("student_t_table.tsv")
        XCTAssertEqual(rows.count, 390)
        var worst = WorstError("dt/dν from the table")
        var tabled = 0
        for r in rows {
            let (nu, t, dtdnu) = (r[0], r[2], r[3])
            guard let table = studentTTableDerivative(df: nu, sample: t) else { continue }
            tabled += 1
            XCTAssertLessThanOrEqual(worst.record(table, dtdnu, at: "ν=\(nu) t=\(t)"), Self.bound, "ν=\(nu) t=\(t): \(table) vs \(dtdnu)")
        }
        // All 240 rectangle and edge points, and most of the benchmark's draws, lie in the table.
        XCTAssertGreaterThanOrEqual(tabled, 350)
        print("Student-t table (\(tabled) of \(rows.count) points) " + worst.summary)

        // Through the per-element batch, large enough to take the table: the fixture repeated.
        let copies = StudentTDerivativeTable.smallestBatch / rows.count + 1
        let nus = Array(repeating: rows.map { $0[0] }, count: copies).flatMap { $0 }
        let ts = Array(repeating: rows.map { $0[2] }, count: copies).flatMap { $0 }
        var batch = [Double](repeating: .nan, count: ts.count)
        try nus.withUnsafeBufferPointer { nu in
            try ts.withUnsafeBufferPointer { t in
                try batch.withUnsafeMutableBufferPointer { try studentTImplicitDerivatives(df: nu, samples: t, derivatives: $0) }
            }
        }
        var worstBatch = WorstError("batch dt/dν")
        for (i, value) in batch.enumerated() {
            let r = rows[i % rows.count]
            XCTAssertLessThanOrEqual(worstBatch.record(value, r[3], at: "ν=\(r[0]) t=\(r[2])"), Self.bound, "batch ν=\(r[0]) t=\(r[2])")
        }
        print("Student-t per-element batch of \(batch.count) " + worstBatch.summary)
    }

    /// 40,000 points log-uniform over the rectangle against the fraction route the table interpolates.
    func testDenselyAgainstTheExactRoute() {
        // Reproducible: three uniform streams of one seed give log ν, log q and the sign.
        var stream = RandomStream(seed: 1604)
        let count = 40_000
        let (a, b, c) = (stream.uniform(count: count), stream.uniform(count: count), stream.uniform(count: count))
        var worst = WorstError("table vs fraction route")
        let df = StudentTDerivativeTable.df, logQ = StudentTDerivativeTable.logQ
        let (lowU, highU) = (Foundation.log(df.lowerBound), Foundation.log(df.upperBound))
        for i in 0..<count {
            let nu = Foundation.exp(lowU + a[i] * (highU - lowU))
            let logq = logQ.lowerBound + b[i] * (logQ.upperBound - logQ.lowerBound)
            let t = (Foundation.exp(logq) * nu).squareRoot() * (c[i] < 0.5 ? -1 : 1)
            guard let table = studentTTableDerivative(df: nu, sample: t), let exact = studentTFractionDerivative(df: nu, sample: t) else {
                XCTFail("ν=\(nu) t=\(t) inside the rectangle")
                continue
            }
            XCTAssertLessThanOrEqual(worst.record(table, exact, at: "ν=\(nu) t=\(t)"), Self.bound, "ν=\(nu) t=\(t)")
        }
        print("Student-t table, dense: " + worst.summary)
    }

    /// Outside the rectangle the table declines, and the batch answers by the exact route.
    func testDeclinesOutsideItsRectangle() {
        XCTAssertNil(studentTTableDerivative(df: 30, sample: 1))
        XCTAssertNil(studentTTableDerivative(df: 0.2, sample: 1))
        XCTAssertNil(studentTTableDerivative(df: 3, sample: 1e-4))    // log q = −20
        XCTAssertNil(studentTTableDerivative(df: 3, sample: 1e5))     // log q = 21.9
        XCTAssertNotNil(studentTTableDerivative(df: 3, sample: 1.5))
    }
}
