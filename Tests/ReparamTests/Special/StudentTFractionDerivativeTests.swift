import XCTest
@testable import Reparam

/// The continued-fraction route of the per-element Student-t gradient (`studentTFractionDerivative`)
/// on held-out points at 40 digits (scripts/fixtures/student_t_fraction_fixtures.py →
/// student_t_fraction.tsv): ν log-uniform on [0.05, 1e3] (the route's range 0.1…30 and both sides),
/// the benchmark's own draws, and ν next to the range's ends; quantiles in [1e-10, 1 − 1e-10].
final class StudentTFractionDerivativeTests: XCTestCase {
    /// The bound is 1e-10 relative; the route holds this much tighter one.
    static let bound = 1e-12

    func testHeldOutPointsThroughEveryEntry() throws {
        let rows = try fixture("student_t_fraction.tsv")
        XCTAssertGreaterThanOrEqual(rows.count, 480)
        var batch = [Double](repeating: .nan, count: rows.count)
        try rows.map { $0[0] }.withUnsafeBufferPointer { nu in
            try rows.map { $0[2] }.withUnsafeBufferPointer { t in
                try batch.withUnsafeMutableBufferPointer { try studentTImplicitDerivatives(df: nu, samples: t, derivatives: $0) }
            }
        }
        var worst = WorstError("dt/dν"), worstRoute = WorstError("dt/dν by the fraction route")
        var routed = 0
        for (i, r) in rows.enumerated() {
            let (nu, u, t, dtdnu) = (r[0], r[1], r[2], r[3])
            let tag = "ν=\(nu) u=\(u) t=\(t)"
            if let route = studentTFractionDerivative(df: nu, sample: t) {
                routed += 1
                XCTAssertLessThanOrEqual(worstRoute.record(route, dtdnu, at: tag), Self.bound, "route \(tag): \(route) vs \(dtdnu)")
            }
            let single = studentTImplicitDerivative(df: nu, sample: t)
            for (got, name) in [(single, "dt/dν"), (batch[i], "batch dt/dν")] {
                XCTAssertLessThanOrEqual(worst.record(got, dtdnu, at: name + " " + tag), Self.bound, "\(name) \(tag): \(got) vs \(dtdnu)")
            }
        }
        // Most points lie in the route's range: it must have answered them (not left them to the general route).
        XCTAssertGreaterThanOrEqual(routed, 300)
        print("Student-t fraction route (\(routed) of \(rows.count) points) " + worstRoute.summary)
        print("Student-t per-element " + worst.summary)
    }

    /// ν in [20, 72], across the route's top end, where G = ½ (∂I/∂a)/front + 1/ν cancels: held-out points at
    /// 40 digits (scripts/fixtures/student_t_fraction_wide_fixtures.py → student_t_fraction_wide.tsv), half of
    /// them at |t| in [0.5, 2] next to the fraction's switch point, where the cancellation is worst.
    func testWideRangeWhereGCancels() throws {
        let rows = try fixture("student_t_fraction_wide.tsv")
        XCTAssertEqual(rows.count, 210)
        // The bound is 1e-10; measured 4.2e-12.
        let bound = 1e-11
        var worst = WorstError("dt/dν for ν in [20, 72]")
        var routed = 0
        for r in rows {
            let (nu, t, dtdnu) = (r[0], r[2], r[3])
            let tag = "ν=\(nu) t=\(t)"
            if let route = studentTFractionDerivative(df: nu, sample: t) {
                routed += 1
                XCTAssertLessThanOrEqual(worst.record(route, dtdnu, at: "route " + tag), bound, "route \(tag): \(route) vs \(dtdnu)")
            }
            let single = studentTImplicitDerivative(df: nu, sample: t)
            XCTAssertLessThanOrEqual(worst.record(single, dtdnu, at: tag), bound, "\(tag): \(single) vs \(dtdnu)")
        }
        // ν up to 64 of log-uniform [20, 72]: about 90% of the points.
        XCTAssertGreaterThanOrEqual(routed, 170)
        print("Student-t fraction route, wide (\(routed) of \(rows.count) points routed) " + worst.summary)
    }

    /// The route declines outside its range and where a coordinate is not a normal double.
    func testDeclinesOutsideItsRange() {
        XCTAssertNil(studentTFractionDerivative(df: 0.05, sample: 1))
        XCTAssertNil(studentTFractionDerivative(df: 65, sample: 1))
        XCTAssertNil(studentTFractionDerivative(df: 3, sample: 1e-160))   // y = t²/(ν+t²) underflows
        XCTAssertNil(studentTFractionDerivative(df: 3, sample: 1e160))    // x underflows
        XCTAssertNotNil(studentTFractionDerivative(df: 3, sample: 1.5))
    }

    /// ψ(a + ½) − ψ(a) against 40-digit mpmath, on each side of the table's ends and the series' start.
    func testDigammaHalfStepMatchesMpmath() {
        let reference: [(Double, Double)] = [
            (0.01, 98.645897933705096718), (1.0 / 32, 30.709905235972136871), (0.05, 18.76188574065769543),
            (0.3, 2.53751565549399464), (1, 0.61370563888010938117), (1.5, 0.38629436111989061883),
            (2.7, 0.20205572229545855337), (7.99, 0.064532435471790748329), (8, 0.064449339623810124866),
            (12.5, 0.040799362034233301921), (1e3, 0.00050012499998437500781), (1e8, 5.0000000125e-9),
        ]
        var worst = WorstError("ψ(a+½) − ψ(a)")
        for (a, expected) in reference {
            XCTAssertLessThanOrEqual(worst.record(digammaHalfStep(a), expected, at: "a=\(a)"), 2e-15, "a = \(a)")
            XCTAssertLessThanOrEqual(worst.record(digammaHalfStepByRecurrence(a), expected, at: "recurrence a=\(a)"), 2e-15, "a = \(a)")
        }
        XCTAssertNotNil(DigammaHalfStepTable.values, "the table passed its check")
        print(worst.summary)
    }
}
