import XCTest
@testable import Reparam

/// The Student-t CDF, ∂F/∂ν and dt/dν against mpmath
/// (scripts/fixtures/beta_fixtures.py → student_t_grid.tsv and student_t_random.tsv, columns
/// nu u t F Fc dF/dnu density dt/dnu).
final class StudentTCDFTests: XCTestCase {
    struct Row {
        let nu, u, t, cdf, survival, dFdnu, density, dtdnu: Double
        init(_ r: [Double]) { (nu, u, t, cdf, survival, dFdnu, density, dtdnu) = (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) }
    }

    func rows() throws -> [Row] {
        let rows = try (fixture("student_t_grid.tsv") + fixture("student_t_random.tsv")).map(Row.init)
        XCTAssertEqual(rows.count, 210)
        return rows
    }


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
            assertRelative(byNu.derivative, row.dFdnu, 1e-10, "dF/dnu " + tag)
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
            assertRelative(g, row.dtdnu, 1e-10, "dt/dnu nu=\(row.nu) u=\(row.u)")
            if row.nu <= 1000 {
                worstInTarget = max(worstInTarget, relativeError(g, row.dtdnu))
            } else {
                worstBeyond = max(worstBeyond, relativeError(g, row.dtdnu))
            }
        }
        print("StudentT dt/dnu worst relative error nu<=1e3: \(worstInTarget), nu in (1e3, 1e5]: \(worstBeyond)")
    }

    func testClosedForms() {
        // ν = 1 (Cauchy): F = ½ + atan(t)/π; ν = 2: F = ½ + t / (2√(2 + t²)).
        for t in [-1e12, -30, -1.5, -1e-3, 0, 2e-8, 0.7, 44, 1e9] {
            let cauchy = t < 0 ? atan(-1 / t) / Double.pi : 0.5 + atan(t) / Double.pi
            assertRelative(studentTCDF(t, df: 1), cauchy, 1e-13, "Cauchy t=\(t)")
            let two = t < 0 ? 0.5 * (1 - (-t) / (2 + t * t).squareRoot()) : 0.5 + t / (2 * (2 + t * t).squareRoot())
            assertRelative(studentTCDF(t, df: 2), two, 1e-12, "nu=2 t=\(t)")
        }
        // Tails of ν = 2 far out, where the closed form cancels: F(−t) = ½(1 − t/√(2+t²)) ≈ 1/(2t²) − 3/(4t⁴).
        let t = 1e6
        assertRelative(studentTCDF(-t, df: 2), 1 / (2 * t * t) - 3 / (4 * t * t * t * t), 1e-12)
    }

    func testExtremesStayFinite() {
        // ν = 0.1 with |t| up to 1e250, and tiny |t| where t²/ν underflows.
        for t in [-1e250, -1e40, 1e100, 1e-170, -1e-200] {
            let g = studentTImplicitDerivative(df: 0.1, sample: t)
            XCTAssert(g.isFinite && (g == 0 || (g > 0) == (t < 0)), "t=\(t): \(g)")
            XCTAssert(studentTCDF(Dual(t), df: Dual(0.1, derivative: 1)).derivative.isFinite)
        }
        // Near t = 0: dt/dν = −t ∂log f(0; ν)/∂ν exactly in the limit; compare against t = 1e-6·√ν.
        let nu = 3.0
        let small = 1e-150, moderate = 1e-6
        assertRelative(studentTImplicitDerivative(df: nu, sample: small) / small,
                       studentTImplicitDerivative(df: nu, sample: moderate) / moderate, 1e-9)
        for nu in [1e4, 1e5, 1e6] {
            let g = studentTImplicitDerivative(df: nu, sample: 2.5)
            XCTAssert(g.isFinite && g < 0, "nu=\(nu): \(g)")
        }
        XCTAssert(studentTCDF(1.0, df: -1.0).isNaN)
        XCTAssert(studentTCDF(Double.nan, df: 2.0).isNaN)
        XCTAssertEqual(studentTCDF(-Double.infinity, df: 2.0), 0)
        XCTAssert(studentTImplicitDerivative(df: 0, sample: 1).isNaN)
        XCTAssert(studentTImplicitDerivative(df: 2, sample: .infinity).isNaN)
    }
}

/// The two routes to dt/dν agree where both are accurate, and the quadrature rules are exact on polynomials.
final class StudentTLargeDfTests: XCTestCase {
    func testScoreIntegralMatchesBetaRouteAcrossTheSwitch() {
        for nu in [30.0, 60, 200] {
            for t in [-40.0, -3.1, -1.5, -1.49, -0.2, 1e-5, 0.8, 2.2, 9] {
                let nuDual = Dual(nu, derivative: 1)
                let pieces = studentTPieces(t: Dual(t), df: nuDual)!
                let g = pieces.logFront.derivative * pieces.factor.value + pieces.factor.derivative
                let betaRoute = (pieces.isComplement ? -0.5 : 0.5) * t * g
                assertRelative(studentTLargeDfDerivative(df: nu, sample: t), betaRoute, 1e-11, "nu=\(nu) t=\(t)")
            }
        }
    }

    func testGaussRulesIntegratePolynomialsExactly() {
        let legendre = GaussianQuadrature.legendre, laguerre = GaussianQuadrature.laguerre
        for k in 0..<20 {
            // ∫_{-1}^{1} x^k dx = 2/(k+1) for even k, 0 for odd; ∫_0^∞ e^{-v} v^k dv = k!.
            let legendreSum = zip(legendre.nodes, legendre.weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(k)) }
            if k % 2 == 0 { assertRelative(legendreSum, 2 / Double(k + 1), 1e-14, "Legendre k=\(k)") } else { XCTAssertEqual(legendreSum, 0, accuracy: 1e-15) }
            let laguerreSum = zip(laguerre.nodes, laguerre.weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(k)) }
            assertRelative(laguerreSum, tgamma(Double(k + 1)), 1e-12, "Laguerre k=\(k)")
        }
    }
}
