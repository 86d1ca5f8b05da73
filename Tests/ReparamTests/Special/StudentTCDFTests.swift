import XCTest
@testable import Reparam

/// The Student-t CDF, ∂F/∂ν and dt/dν against mpmath
/// (scripts/fixtures/beta_fixtures.py → student_t_grid.tsv, columns
/// nu u t F Fc dF/dnu density dt/dnu).
final class StudentTCDFTests: XCTestCase {
    struct Row {
        let nu, u, t, cdf, survival, dFdnu, density, dtdnu: Double
        init(_ r: [Double]) { (nu, u, t, cdf, survival, dFdnu, density, dtdnu) = (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) }
    }

    func rows() throws -> [Row] {
        let rows = try fixture("student_t_grid.tsv").map(Row.init)
        XCTAssertEqual(rows.count, 90)
        return rows
    }

    /// The target is 1e-10 over ν ∈ [0.1, 1e3]; beyond, ∂F/∂ν ~ F/ν² and the
    /// continued fraction's rounding shows (documented looser bound).
    func derivativeTolerance(_ nu: Double) -> Double { nu <= 1000 ? 1e-10 : 1e-7 }

    func testCDFAndDerivativesMatchReference() throws {
        var worstCDF = 0.0, worstDF = 0.0, worstDensity = 0.0
        for row in try rows() {
            let tag = "nu=\(row.nu) u=\(row.u)"
            let byNu = studentTCDF(Dual(row.t), df: Dual(row.nu, derivative: 1))
            let byT = studentTCDF(Dual(row.t, derivative: 1), df: Dual(row.nu))
            // Compare the smaller tail, which carries the relative accuracy.
            let (value, expected) = row.t < 0 ? (byNu.value, row.cdf) : (1 - byNu.value, row.survival)
            assertRelative(value, expected, 1e-11, "F " + tag)
            assertRelative(studentTCDF(row.t, df: row.nu), row.cdf, 1e-11, "F (Double) " + tag)
            assertRelative(byNu.derivative, row.dFdnu, derivativeTolerance(row.nu), "dF/dnu " + tag)
            assertRelative(byT.derivative, row.density, 1e-11, "density " + tag)
            worstCDF = max(worstCDF, relativeError(value, expected))
            worstDF = max(worstDF, relativeError(byNu.derivative, row.dFdnu))
            worstDensity = max(worstDensity, relativeError(byT.derivative, row.density))
        }
        print("StudentT worst relative error F \(worstCDF) dF/dnu \(worstDF) density \(worstDensity)")
    }

    func testImplicitDerivative() throws {
        var worstInTarget = 0.0, worstBeyond = 0.0
        for row in try rows() {
            let g = studentTImplicitDerivative(df: row.nu, sample: row.t)
            assertRelative(g, row.dtdnu, derivativeTolerance(row.nu), "dt/dnu nu=\(row.nu) u=\(row.u)")
            if row.nu <= 1000 {
                worstInTarget = max(worstInTarget, relativeError(g, row.dtdnu))
            } else {
                worstBeyond = max(worstBeyond, relativeError(g, row.dtdnu))
            }
        }
        print("StudentT dt/dnu worst relative error nu<=1e3: \(worstInTarget), nu in 1e4...1e5: \(worstBeyond)")
    }
}
