import XCTest
@testable import Reparam

/// I_x(a, b), its partials, and the implicit Beta gradient against mpmath
/// (scripts/fixtures/beta_fixtures.py → beta_grid.tsv and beta_random.tsv, columns
/// a b u x y I J dI/da dI/db dI/dx dx/da dx/db).
final class IncompleteBetaTests: XCTestCase {
    struct Row {
        let a, b, u, x, y, lower, upper, dIda, dIdb, density, dxda, dxdb: Double
        init(_ r: [Double]) {
            (a, b, u, x, y) = (r[0], r[1], r[2], r[3], r[4])
            (lower, upper, dIda, dIdb, density, dxda, dxdb) = (r[5], r[6], r[7], r[8], r[9], r[10], r[11])
        }
        /// The fixture's exact point: the smaller coordinate is exact, the other its complement.
        var point: (x: Double, y: Double) { x <= y ? (x, 1 - x) : (1 - y, y) }
    }

    func rows() throws -> [Row] {
        let rows = try (fixture("beta_grid.tsv") + fixture("beta_random.tsv")).map(Row.init)
        XCTAssertGreaterThan(rows.count, 450)
        return rows
    }

    /// Relative error, or absolute where the reference is exactly zero.
    func worst(_ errors: [Double]) -> Double { errors.max() ?? 0 }

    func testTailsMatchReference() throws {
        var worstError = 0.0
        for row in try rows() {
            let (x, y) = row.point
            let tails = regularizedBetaTails(x: x, complement: y, a: row.a, b: row.b)
            let tag = "a=\(row.a) b=\(row.b) u=\(row.u)"
            assertRelative(tails.lower, row.lower, 1e-12, "I " + tag)
            assertRelative(tails.upper, row.upper, 1e-12, "1-I " + tag)
            worstError = max(worstError, relativeError(tails.lower, row.lower), relativeError(tails.upper, row.upper))
            if x > 0.5 { continue }
            assertRelative(regularizedBeta(x, row.a, row.b), row.lower, 1e-12, "regularizedBeta " + tag)
        }
        print("IncompleteBeta tails worst relative error \(worstError)")
    }

    func testPartialDerivativesByDualNumbers() throws {
        var worstError = [0.0, 0.0, 0.0]
        for row in try rows() {
            let (x, y) = row.point
            let tag = "a=\(row.a) b=\(row.b) u=\(row.u)"
            let byA = regularizedBetaTails(x: Dual(x), complement: Dual(y), a: Dual(row.a, derivative: 1), b: Dual(row.b))
            let byB = regularizedBetaTails(x: Dual(x), complement: Dual(y), a: Dual(row.a), b: Dual(row.b, derivative: 1))
            let byX = regularizedBetaTails(x: Dual(x, derivative: 1), complement: Dual(y, derivative: -1),
                                           a: Dual(row.a), b: Dual(row.b))
            assertRelative(byA.lower.derivative, row.dIda, 1e-10, "dI/da " + tag)
            assertRelative(byB.lower.derivative, row.dIdb, 1e-10, "dI/db " + tag)
            assertRelative(byX.lower.derivative, row.density, 1e-10, "dI/dx " + tag)
            assertRelative(byA.upper.derivative, -row.dIda, 1e-10, "d(1-I)/da " + tag)
            worstError[0] = max(worstError[0], relativeError(byA.lower.derivative, row.dIda))
            worstError[1] = max(worstError[1], relativeError(byB.lower.derivative, row.dIdb))
            worstError[2] = max(worstError[2], relativeError(byX.lower.derivative, row.density))
        }
        print("IncompleteBeta partials worst relative error dI/da \(worstError[0]) dI/db \(worstError[1]) dI/dx \(worstError[2])")
    }

    func testImplicitDerivatives() throws {
        var worstError = 0.0
        for row in try rows() {
            let (x, y) = row.point
            let tag = "a=\(row.a) b=\(row.b) u=\(row.u)"
            let g = betaImplicitDerivatives(a: row.a, b: row.b, sample: x, complement: y)
            assertRelative(g.da, row.dxda, 1e-10, "dx/da " + tag)
            assertRelative(g.db, row.dxdb, 1e-10, "dx/db " + tag)
            worstError = max(worstError, relativeError(g.da, row.dxda), relativeError(g.db, row.dxdb))
            if x <= 0.5 {
                let plain = betaImplicitDerivatives(a: row.a, b: row.b, sample: x)
                assertRelative(plain.da, row.dxda, 1e-10, "dx/da (sample only) " + tag)
            }
        }
        print("Beta implicit derivatives worst relative error \(worstError)")
    }

    func testClosedForms() {
        // I_x(a, 1) = xᵃ, so ∂I/∂a = xᵃ log x, and holding u = xᵃ: dx/da = −x log x / a.
        // I_x(1, b) = 1 − (1−x)ᵇ, and holding u: dx/db = (1−x) log(1−x) / b.
        for a in [0.003, 0.2, 1.7, 40, 900] {
            for x in [1e-200, 1e-5, 0.3, 0.9, 0.999999] {
                let tag = "a=\(a) x=\(x)"
                let value = regularizedBeta(Dual(x), Dual(a, derivative: 1), Dual(1))
                assertRelative(value.value, pow(x, a), 1e-13, "I " + tag)
                assertRelative(value.derivative, pow(x, a) * log(x), 1e-12, "dI/da " + tag)
                assertRelative(betaImplicitDerivatives(a: a, b: 1, sample: x).da, -x * log(x) / a, 1e-12, "dx/da " + tag)
                let y = 1 - x
                assertRelative(betaImplicitDerivatives(a: 1, b: a, sample: x).db, y * log1p(-x) / a, 1e-12, "dx/db " + tag)
            }
        }
        // I_½(a, a) = ½ by symmetry.
        for a in [0.001, 0.5, 7, 3000] { assertRelative(regularizedBeta(0.5, a, a), 0.5, 1e-13, "a=\(a)") }
    }

    func testExtremeParametersStayFiniteAndSigned() {
        // a = b = 1e-3: the mass sits within 1e-300 of the ends; gradients must be finite,
        // dx/da ≥ 0 and dx/db ≤ 0 (Beta is stochastically increasing in a, decreasing in b).
        for x in [Double.leastNonzeroMagnitude, 1e-300, 1e-20, 0.5, 1 - 1e-16] {
            let g = betaImplicitDerivatives(a: 1e-3, b: 1e-3, sample: x)
            XCTAssert(g.da.isFinite && g.db.isFinite && g.da >= 0 && g.db <= 0, "x=\(x): \(g)")
        }
        let tiny = betaImplicitDerivatives(a: 1e-3, b: 1e-3, sample: 1, complement: 1e-250)
        XCTAssert(tiny.da > 0 && tiny.db < 0 && tiny.da.isFinite, "\(tiny)")
        XCTAssertEqual(betaImplicitDerivatives(a: 2, b: 3, sample: 0).da, 0)
        XCTAssertEqual(betaImplicitDerivatives(a: 2, b: 3, sample: 1).db, 0)
        XCTAssertEqual(regularizedBeta(0.0, 2.0, 3.0), 0)
        XCTAssertEqual(regularizedBeta(1.0, 2.0, 3.0), 1)
        // a, b = 1e5: still converges and matches the normal limit near the mean.
        let big = regularizedBeta(0.5, 1e5, 1e5)
        assertRelative(big, 0.5, 1e-12)
    }

    func testInvalidArgumentsGiveNaN() {
        XCTAssert(regularizedBeta(0.5, -1.0, 2.0).isNaN)
        XCTAssert(regularizedBeta(0.5, 1.0, .infinity).isNaN)
        XCTAssert(regularizedBeta(1.5, 1.0, 2.0).isNaN)
        XCTAssert(regularizedBeta(Double.nan, 1.0, 2.0).isNaN)
        XCTAssert(betaImplicitDerivatives(a: 0, b: 1, sample: 0.5).da.isNaN)
        XCTAssert(betaImplicitDerivatives(a: 1, b: 1, sample: .nan).db.isNaN)
    }
}
