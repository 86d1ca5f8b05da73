import XCTest
@testable import Reparam

/// The defects of issue #17, each at the point the issue gives, against values
/// from mpmath (40+ digits) or the 60-digit quadrature of scripts/fixtures/beta_reference.py.
final class EdgeAccuracyRegressionTests: XCTestCase {
    /// 1. I_½(a, a) = ½ by symmetry, also for a = b ≥ 1e14 (Temme's expansion).
    func testSymmetricHugeShapes() {
        for a in [1e14, 1e15, 1e16] {
            assertRelative(regularizedBeta(0.5, a, a), 0.5, 1e-14, "a = b = \(a)")
            let tails = regularizedBetaTails(x: 0.5, complement: 0.5, a: a, b: a)
            assertRelative(tails.upper, 0.5, 1e-14, "1 − I at a = b = \(a)")
        }
    }

    /// 2. Very unequal large shapes (condition number ~1e3): exact 0.50560248262545560792.
    func testUnequalHugeShapes() {
        let value = regularizedBeta(1.7590832612768281e-06, 1902875.5, 1081751633920.0)
        assertRelative(value, 0.50560248262545560792, 2e-13)
    }

    /// 4. Quantiles with a ≪ b (the fraction at 1 − x ≈ 1 amplified its rounding):
    /// exact roots from the quadrature reference.
    func testQuantilesWithOneHugeShape() throws {
        let cases: [(a: Double, b: Double, u: Double, x: Double)] = [
            (13.234496116638184, 385250.125, 0.7788880467414856, 4.1158384092012538566e-05),
            (0.24369129538536072, 193457.484375, 0.9688708782196045, 7.901873907795843114e-06),
        ]
        for c in cases {
            let root = try inverseRegularizedBeta(p: c.u, complement: 1 - c.u, a: c.a, b: c.b)
            assertRelative(root.x, c.x, 1e-13, "a=\(c.a) b=\(c.b) u=\(c.u)")
        }
    }

    /// 5. dx/da, dx/db for a shape > 1e5 at the exact points, through the family's icdf and its
    /// gradient (scripts/fixtures/beta_defect5_points.py): the quantile and both derivatives.
    func testShapeDerivativesBeyondOneHundredThousand() throws {
        for row in try fixture("beta_defect5.tsv") {
            let (a, b) = (Tensor.parameter(row[0]), Tensor.parameter(row[1]))
            let x = try Beta(a: a, b: b).icdf(Tensor(row[2]))
            assertRelative(x.scalars[0], row[3], 1e-15, "quantile at a=\(row[0]) b=\(row[1])")
            let g = try gradients(of: x.sum(), withRespectTo: [a, b])
            assertRelative(g[0].scalars[0], row[4], 1e-12, "dx/da at a=\(row[0]) b=\(row[1])")
            assertRelative(g[1].scalars[0], row[5], 1e-12, "dx/db at a=\(row[0]) b=\(row[1])")
        }
    }

    /// 4, third point: shapes near 1e-5, where x ≈ (c·u)^(1/a) makes the quantile's condition number
    /// 1/a = 3.7e4 (ε/a = 4.1e-12), so the 3.9e-11 is 9.4 ε/a: ill-conditioned, not wrong; exact root 9.888337425304244712e-167 from the 60-digit quadrature.
    func testQuantileWithBothShapesTiny() throws {
        let root = try inverseRegularizedBeta(p: 0.8350250720977783, complement: 1 - 0.8350250720977783,
                                              a: 2.6870451620197855e-05, b: 0.00014498581003863364)
        let error = relativeError(root.x, 9.888337425304244712013096e-167)
        print("Beta quantile at a = 2.7e-5, b = 1.4e-4, u = 0.835: relative error \(error)")
        // Measured 3.9e-11 = 9.4 ε/a: I itself carries ~5 ulps here (the quantile moves by δI/a).
        XCTAssertLessThanOrEqual(error, 12 * Double.ulpOfOne / 2.6870451620197855e-05)
    }

    /// 6. Student-t CDF and quantile for large ν: exact F(−2; 1e7) = 0.02275014544592147664, and
    /// the ν → ∞ limit Φ(−2) = 0.022750131948179207200 at ν = 1e300.
    func testStudentTLargeDf() throws {
        assertRelative(studentTCDF(-2.0, df: 1e7), 0.02275014544592147664, 2e-14)
        assertRelative(studentTCDF(2.0, df: 1e7), 1 - 0.02275014544592147664, 1e-15)
        assertRelative(studentTCDF(-2.0, df: 1e300), 0.022750131948179207200, 2e-14)
        assertRelative(try inverseStudentTCDF(p: 0.022750131948179207200, df: 1e300), -2, 2e-14)
        assertRelative(try inverseStudentTCDF(p: 0.02275014544592147664, df: 1e7), -2, 2e-14)
        // The density comes along with a dual in t.
        let dual = studentTCDF(Dual(-2.0, derivative: 1), df: Dual(1e7))
        // f(t; ν) = φ(t)(1 + (t⁴ − 2t² − 1)/(4ν) + O(ν⁻²)).
        assertRelative(dual.derivative, exp(-2.0) / (2 * Double.pi).squareRoot() * (1 + 7.0 / 4 / 1e7), 1e-12)
    }

    /// Smaller: the Student-t quantile near q = ½ at ν ≈ 1e-3 (7.5e-13 reported), against 60-digit
    /// quadrature (scripts/fixtures/student_t_small_df_centre.py); the worst error is printed.
    func testStudentTQuantileNearTheMedianAtTinyDf() throws {
        var worst = (error: 0.0, at: "")
        for row in try fixture("student_t_small_df_centre.tsv") {
            let t = try inverseStudentTCDF(p: row[1], df: row[0])
            let error = relativeError(t, row[2])
            if Swift.abs(row[1] - 0.5) < 0.01, error > worst.error { worst = (error, "ν=\(row[0]) u=\(row[1])") }
            // Away from the centre |t| ≈ c·tail^(−1/ν): a relative error ε in the tail is ε/ν in t
            // (the condition number), so those rows are held to 10 ε/ν (1.2e-12 measured at ν = 5e-4, u = 0.45).
            let tolerance = Swift.abs(row[1] - 0.5) < 0.01 ? 1e-13 : Swift.max(1e-13, 10 * Double.ulpOfOne / row[0])
            assertRelative(t, row[2], tolerance, "ν=\(row[0]) u=\(row[1])")
        }
        print("Student-t quantile within 0.01 of ½ at ν ≈ 1e-3: worst relative error \(worst.error) at \(worst.at)")
    }

    /// 7. A Student-t draw beyond the largest double gets gradient 0; the batch does not fail.
    func testOverflowingDrawsKeepTheBatch() throws {
        let samples = [1.5, .infinity, -.infinity, -0.3]
        var out = [Double](repeating: .nan, count: samples.count)
        try samples.withUnsafeBufferPointer { t in
            try out.withUnsafeMutableBufferPointer { try studentTImplicitDerivatives(df: 0.01, samples: t, derivatives: $0) }
        }
        XCTAssertEqual(out[1], 0)
        XCTAssertEqual(out[2], 0)
        assertRelative(out[0], studentTImplicitDerivative(df: 0.01, sample: 1.5), 1e-15)
        XCTAssertThrowsError(try [Double.nan].withUnsafeBufferPointer { t in
            try out.withUnsafeMutableBufferPointer { try studentTImplicitDerivatives(df: 1, samples: t, derivatives: UnsafeMutableBufferPointer(rebasing: $0[0..<1])) }
        })
        // The whole rsample + backward at ν = 0.01: some draws overflow (8e-4 each), the gradient is finite.
        var stream = RandomStream(seed: 11)
        let df = Tensor.parameter(0.01)
        let draws = try StudentT(df: df).rsample([10000], using: &stream)
        XCTAssert(draws.scalars.contains { !$0.isFinite }, "expected an overflowing draw at ν = 0.01")
        let gradient = try gradients(of: draws.sum(), withRespectTo: [df])[0]
        XCTAssert(gradient.scalars[0].isFinite, "\(gradient.scalars)")
    }
}
