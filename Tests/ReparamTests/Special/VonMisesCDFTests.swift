import XCTest
@testable import Reparam

final class VonMisesCDFTests: XCTestCase {
    /// F, ∂F/∂κ (dual κ) and the density against mpmath quadrature, κ ∈ [1e-3, 1e4].
    func testCDFAndKappaDerivative() throws {
        var cdf = WorstError("F"), dk = WorstError("dF/dk"), density = WorstError("density"), dx = WorstError("dF/dx")
        for row in try fixture("vonmises_cdf.tsv") {
            let (k, x) = (row[0], row[1])
            let f = vonMisesCDF(Dual(x), concentration: Dual(k, derivative: 1))
            let at = "k=\(k) x=\(x)"
            // Below F = 1e-3 (far tails, κ < 50) the series is accurate to a few ulps of 1 rather than of F:
            // there the errors are measured against 1e-3 (the relative bound at the lowest tested quantile).
            let tail = min(row[2], 1 - row[2]) < 1e-3
            let scale = tail ? 1e-3 / min(row[2], 1 - row[2]) : 1
            XCTAssertLessThanOrEqual(cdf.record(f.value, row[2], at: at) / scale, 3e-13, at)
            XCTAssertLessThanOrEqual(dk.record(f.derivative, row[3], at: at) / scale, 1e-11, at)
            XCTAssertLessThanOrEqual(density.record(vonMisesDensity(x, concentration: k), row[4], at: at), 1e-13, at)
            let fx = vonMisesCDF(Dual(x, derivative: 1), concentration: Dual(k))
            XCTAssertLessThanOrEqual(dx.record(fx.derivative, row[4], at: at) / scale, 1e-12, at)
        }
        for w in [cdf, dk, density, dx] { print(w.summary) }
    }

    /// Quantiles and dx/dκ = −(∂F/∂κ)/p against mpmath over κ ∈ [1e-3, 1e4] × q ∈ [1e-3, 0.999].
    func testQuantilesAndImplicitDerivative() throws {
        var quantile = WorstError("quantile"), derivative = WorstError("dx/dk")
        for row in try fixture("vonmises_quantiles.tsv") {
            let (k, q, x, dxdk) = (row[0], row[1], row[2], row[3])
            let at = "k=\(k) q=\(q)"
            let computed = try inverseVonMisesCDF(p: q, concentration: k)
            if q == 0.5 {  // the median is 0 for every κ (mpmath's is 0 to its working precision)
                XCTAssertLessThan(abs(x), 1e-16, at)
                XCTAssertEqual(computed, 0, at)
            } else {
                XCTAssertLessThanOrEqual(quantile.record(computed, x, at: at), 1e-13, at)
            }
            let g = try vonMisesImplicitDerivative(concentration: k, sample: q == 0.5 ? 0 : x)
            XCTAssertTrue(g.isFinite, at)
            if q == 0.5 {
                XCTAssertEqual(g, 0, at)  // the median never moves
            } else {
                XCTAssertLessThanOrEqual(derivative.record(g, dxdk, at: at), 1e-10, at)
            }
        }
        print(quantile.summary)
        print(derivative.summary)
    }

    /// F(x) + F(−x) = 1, F(±π) ∈ {0, 1}, and the κ = 0 closed form F = (x + π)/(2π), ∂F/∂κ = sin(x)/(2π).
    func testClosedForms() {
        for x in stride(from: -3.0, through: 3.0, by: 0.25) {
            for k in [0.3, 7.0, 60.0, 2000.0] {
                XCTAssertEqual(vonMisesCDF(x, concentration: k) + vonMisesCDF(-x, concentration: k), 1, accuracy: 4e-16)
            }
            let f = vonMisesCDF(Dual(x), concentration: Dual(0, derivative: 1))
            assertRelative(f.value, (x + .pi) / (2 * .pi), 4e-16)
            XCTAssertEqual(f.derivative, sin(x) / (2 * .pi), accuracy: 1e-16)
        }
        XCTAssertEqual(vonMisesCDF(-Double.pi, concentration: 3), 0)
        XCTAssertEqual(vonMisesCDF(Double.pi, concentration: 3), 1)
        XCTAssertTrue(vonMisesCDF(0.5, concentration: -1).isNaN)
        XCTAssertTrue(vonMisesCDF(Double.nan, concentration: 1).isNaN)
    }

    /// The quantile inverts the CDF across the whole range of κ and p, including the extremes.
    func testInverseRoundTrip() throws {
        for k in [0.0, 1e-3, 0.7, 3, 49.9, 50.1, 400, 1e4, 1e6] {
            for p in [1e-12, 1e-6, 0.02, 0.25, 0.5, 0.6, 0.97, 1 - 1e-9] {
                let x = try inverseVonMisesCDF(p: p, concentration: k)
                XCTAssertTrue(x >= -.pi && x <= .pi)
                let back = vonMisesCDF(x, concentration: k)
                XCTAssertEqual(back, p, accuracy: 4e-16 + 1e-13 * min(p, 1 - p), "k=\(k) p=\(p)")
            }
        }
        XCTAssertEqual(try inverseVonMisesCDF(p: 0, concentration: 2), -.pi)
        XCTAssertEqual(try inverseVonMisesCDF(p: 1, concentration: 2), .pi)
    }

    /// Large κ: the distribution tends to Normal(0, 1/κ), so dx/dκ → −x/(2κ).
    func testLargeConcentration() throws {
        let k = 1e8
        for q in [1e-3, 0.2, 0.8] {
            let x = try inverseVonMisesCDF(p: q, concentration: k)
            assertRelative(x, standardNormalQuantile(q) / k.squareRoot(), 1e-7)
            let g = try vonMisesImplicitDerivative(concentration: k, sample: x)
            assertRelative(g, -x / (2 * k), 1e-7)
        }
    }

    func testBadInputsThrow() {
        XCTAssertThrowsError(try vonMisesImplicitDerivative(concentration: -1, sample: 0.1))
        XCTAssertThrowsError(try vonMisesImplicitDerivative(concentration: .nan, sample: 0.1))
        XCTAssertThrowsError(try vonMisesImplicitDerivative(concentration: 1, sample: 4))
        XCTAssertThrowsError(try vonMisesImplicitDerivative(concentration: 1, sample: .nan))
        XCTAssertThrowsError(try inverseVonMisesCDF(p: 1.5, concentration: 1))
        XCTAssertThrowsError(try inverseVonMisesCDF(p: .nan, concentration: 1))
        XCTAssertThrowsError(try inverseVonMisesCDF(p: 0.5, concentration: .infinity))
    }
}
