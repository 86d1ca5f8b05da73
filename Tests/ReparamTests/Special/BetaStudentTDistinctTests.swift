import XCTest
@testable import Reparam

/// The per-element Beta and Student-t gradients (issue 16) on held-out points: shapes and degrees
/// of freedom log-uniform on [1e-3, 1e6] plus the bench's recipe range, quantiles in
/// [1e-10, 1 − 1e-10], against quadrature references (scripts/fixtures/beta_distinct_fixtures.py →
/// beta_distinct.tsv, student_t_distinct.tsv), through the single-sample routines and the
/// per-element batch ones. The bound is 1e-10 relative; the tests hold `bound`.
final class BetaStudentTDistinctTests: XCTestCase {
    static let bound = 1e-12

    func testBetaHeldOutPoints() throws {
        try checkBetaRows("beta_distinct.tsv", atLeast: 140, label: "Beta distinct held-out")
    }

    /// The region where log Γ and ψ come from a table (a + b < 8, shapes within a factor 4),
    /// its edge included, against 40-digit quadrature (beta_distinct_fixtures.py table).
    func testBetaDigammaTableRegion() throws {
        try checkBetaRows("beta_distinct_table.tsv", atLeast: 65, label: "Beta ψ-table region")
    }

    private func checkBetaRows(_ name: String, atLeast minimum: Int, label: String) throws {
        let rows = try fixture(name)
        XCTAssertGreaterThanOrEqual(rows.count, minimum)
        var da = [Double](repeating: .nan, count: rows.count), db = da
        try rows.map { $0[0] }.withUnsafeBufferPointer { a in
            try rows.map { $0[1] }.withUnsafeBufferPointer { b in
                try rows.map { $0[3] }.withUnsafeBufferPointer { x in
                    try rows.map { $0[4] }.withUnsafeBufferPointer { y in
                        try da.withUnsafeMutableBufferPointer { da in
                            try db.withUnsafeMutableBufferPointer { db in
                                try betaImplicitDerivatives(a: a, b: b, samples: x, complements: y, da: da, db: db)
                            }
                        }
                    }
                }
            }
        }
        var worst = WorstError("dx/da, dx/db")
        for (i, r) in rows.enumerated() {
            let (a, b, u, x, y, dxda, dxdb) = (r[0], r[1], r[2], r[3], r[4], r[5], r[6])
            let tag = "a=\(a) b=\(b) u=\(u)"
            let g = betaImplicitDerivatives(a: a, b: b, sample: x, complement: y)
            for (got, expected, name) in [(g.da, dxda, "dx/da"), (g.db, dxdb, "dx/db"), (da[i], dxda, "batch dx/da"), (db[i], dxdb, "batch dx/db")] {
                XCTAssertLessThanOrEqual(worst.record(got, expected, at: name + " " + tag), Self.bound, "\(name) \(tag): \(got) vs \(expected)")
            }
        }
        print(label + " " + worst.summary)
    }

    func testStudentTHeldOutPoints() throws {
        let rows = try fixture("student_t_distinct.tsv")
        XCTAssertGreaterThanOrEqual(rows.count, 95)
        var batch = [Double](repeating: .nan, count: rows.count)
        try rows.map { $0[0] }.withUnsafeBufferPointer { nu in
            try rows.map { $0[2] }.withUnsafeBufferPointer { t in
                try batch.withUnsafeMutableBufferPointer { try studentTImplicitDerivatives(df: nu, samples: t, derivatives: $0) }
            }
        }
        var worst = WorstError("dt/dν")
        for (i, r) in rows.enumerated() {
            let (nu, u, t, dtdnu) = (r[0], r[1], r[2], r[3])
            let tag = "ν=\(nu) u=\(u)"
            let single = studentTImplicitDerivative(df: nu, sample: t)
            for (got, name) in [(single, "dt/dν"), (batch[i], "batch dt/dν")] {
                XCTAssertLessThanOrEqual(worst.record(got, dtdnu, at: name + " " + tag), Self.bound, "\(name) \(tag): \(got) vs \(dtdnu)")
            }
        }
        print("Student-t distinct held-out " + worst.summary)
    }
}
