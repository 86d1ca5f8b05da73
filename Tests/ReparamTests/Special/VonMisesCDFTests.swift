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
            // Relative accuracy throughout, tails down to F ≈ 1e-300 included.
            XCTAssertLessThanOrEqual(cdf.record(f.value, row[2], at: at), 3e-13, at)
            XCTAssertLessThanOrEqual(dk.record(f.derivative, row[3], at: at), 1e-11, at)
            XCTAssertLessThanOrEqual(density.record(vonMisesDensity(x, concentration: k), row[4], at: at), 1e-13, at)
            let fx = vonMisesCDF(Dual(x, derivative: 1), concentration: Dual(k))
            XCTAssertLessThanOrEqual(dx.record(fx.derivative, row[4], at: at), 1e-12, at)
        }
        for w in [cdf, dk, density, dx] { print(w.summary) }
    }

    /// dx/dκ = −(∂F/∂κ)/p over the whole circle, far tails (F down to 1e-300) included.
    func testImplicitDerivativeAcrossTheCircle() throws {
        var worst = WorstError("dx/dk on the CDF grid")
        for row in try fixture("vonmises_cdf.tsv") {
            let (k, x) = (row[0], row[1])
            let expected = -row[3] / row[4]
            let at = "k=\(k) x=\(x)"
            XCTAssertLessThanOrEqual(worst.record(try vonMisesImplicitDerivative(concentration: k, sample: x), expected, at: at), 1e-11, at)
            let batch = try vonMisesImplicitDerivatives(concentration: k, samples: [x])[0]
            XCTAssertLessThanOrEqual(relativeError(batch, expected), 1e-11, at)
        }
        print(worst.summary)
        // Where F and p underflow (2κ sin²(x/2) ≫ 745) the sample still moves, by a finite amount
        // of the sign that pulls it toward the mode as κ grows.
        for (k, x) in [(1e4, -2.0), (1e4, 2.5), (3e3, -3.0)] {
            let g = try vonMisesImplicitDerivative(concentration: k, sample: x)
            XCTAssertTrue(g.isFinite && g != 0 && (g > 0) == (x < 0), "k=\(k) x=\(x): \(g)")
        }
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
            assertRelative(f.value, (x + .pi) / (2 * .pi), 4e-15)
            XCTAssertEqual(f.derivative, sin(x) / (2 * .pi), accuracy: 1e-15)
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
