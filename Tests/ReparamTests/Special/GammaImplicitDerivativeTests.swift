import XCTest
@testable import Reparam

/// dz/dα and d log z/dα for Gamma(α, 1) samples against mpmath
/// (scripts/fixtures/gamma_fixtures.py): α ∈ [1e-3, 1e5], quantiles 1e-3 … 0.999.
final class GammaImplicitDerivativeTests: XCTestCase {
    func testExactRouteAgainstMpmath() throws {
        var worst = (linear: 0.0, log: 0.0)
        var byRegion = [String: Double]()
        for row in try fixture("gamma_implicit.tsv") {
            let (alpha, logZ, dLogZ, z, dZ) = (row[0], row[2], row[3], row[4], row[5])
            let logForm = gammaImplicitDerivative(concentration: alpha, logSample: logZ)
            worst.log = max(worst.log, relativeError(logForm, dLogZ))
            assertRelative(logForm, dLogZ, 1e-12, "d log z/dα at α=\(alpha), u=\(row[1])")
            guard !z.isNaN else { continue }
            let linear = gammaImplicitDerivative(concentration: alpha, sample: z)
            worst.linear = max(worst.linear, relativeError(linear, dZ))
            assertRelative(linear, dZ, 1e-12, "dz/dα at α=\(alpha), u=\(row[1])")
            let region = alpha < 0.1 ? "α<0.1" : alpha < 100 ? "0.1≤α<100" : "α≥100"
            byRegion[region] = max(byRegion[region] ?? 0, relativeError(linear, dZ))
        }
        print("worst relative error of the exact route:", worst, byRegion.sorted { $0.key < $1.key })
    }

    func testExponentialClosedForm() {
        // α = 1: ∂P/∂α(1, z) = −e⁻ᶻ(log z + γ) − E₁(z) and p = e⁻ᶻ, so
        // dz/dα = log z + γ + eᶻE₁(z); at z = 2 that is 1.6316914623497007547 (mpmath).
        assertRelative(gammaImplicitDerivative(concentration: 1, sample: 2), 1.6316914623497007547, 1e-14)
    }

    func testEdgesAndBadInputs() {
        XCTAssertEqual(gammaImplicitDerivative(concentration: 2, sample: 0), 0)
        XCTAssertTrue(gammaImplicitDerivative(concentration: 0, sample: 1).isNaN)
        XCTAssertTrue(gammaImplicitDerivative(concentration: -1, sample: 1).isNaN)
        XCTAssertTrue(gammaImplicitDerivative(concentration: .nan, sample: 1).isNaN)
        XCTAssertTrue(gammaImplicitDerivative(concentration: 1, sample: -1).isNaN)
        XCTAssertTrue(gammaImplicitDerivative(concentration: 1, sample: .nan).isNaN)
        XCTAssertTrue(gammaImplicitDerivative(concentration: 1, logSample: .nan).isNaN)
        XCTAssertEqual(gammaImplicitDerivative(concentration: 1, logSample: -.infinity), .infinity)
        XCTAssertTrue(gammaImplicitDerivative(concentration: .infinity, sample: 2e8).isNaN)
        XCTAssertTrue(gammaImplicitDerivative(concentration: .infinity, logSample: 1).isNaN)
    }

    /// Any finite shape: near the mode z ≈ α + √α·s for a normal s, dz/dα = 1 + s/(2√α) + O(1/α)
    /// (Temme's expansion answers from α = 1e6 on; the held-out mpmath points are in GammaDistinctTests).
    func testHugeShapesNearTheMode() {
        for alpha in [1e8, 1e12, 1e20, 1e300] {
            for s in [-3.0, 0, 2.5] {
                let z = alpha + s * alpha.squareRoot()
                assertRelative(gammaImplicitDerivative(concentration: alpha, sample: z), 1 + s / (2 * alpha.squareRoot()), max(2 / alpha, 1e-15))
            }
        }
    }

    /// Either side of `gammaTemmeMinimumConcentration` the two routes agree (series and continued fraction below, Temme above).
    func testTemmeMeetsTheExpansionsAtItsThreshold() {
        let below = gammaTemmeMinimumConcentration.nextDown, at = gammaTemmeMinimumConcentration
        for s in [-7.0, -2, -0.3, 0, 0.4, 3, 8] {
            let z = at + s * at.squareRoot()
            assertRelative(gammaImplicitDerivative(concentration: at, sample: z),
                           gammaImplicitDerivative(concentration: below, sample: z), 1e-12, "z = α + \(s)√α")
        }
    }

    func testLogFormMatchesLinearForm() {
        for (alpha, z) in [(0.3, 1e-5), (2.5, 0.7), (50.0, 61.0), (1e3, 950.0)] {
            assertRelative(gammaImplicitDerivative(concentration: alpha, logSample: log(z)) * z,
                           gammaImplicitDerivative(concentration: alpha, sample: z), 1e-14)
        }
    }

    /// Where the series took over from the continued fraction (between α + √α, or 1 + α below α = 1,
    /// and `gammaSeriesBoundary`), it agrees with the fraction, which does not cancel there.
    func testSeriesAgreesWithTheFractionWhereItTookOver() {
        var stream = RandomStream(seed: 16)
        let (u, v) = (stream.uniform(count: 2000), stream.uniform(count: 2000))
        var worst = WorstError("series against continued fraction, α ∈ [1e-3, 6)")
        for i in 0..<u.count {
            let alpha = pow(10, -3 + u[i] * (log10(6) + 3))
            let old = alpha < 1 ? 1 + alpha : alpha + alpha.squareRoot()
            let z = old + v[i] * (gammaSeriesBoundary(alpha) - old)
            let logZ = log(z)
            let here = logMinusDigamma(z, logZ, alpha)
            let c = upperGammaContinuedFractionWithShapeDerivative(alpha, z, derivativeScale: abs(here))
            let error = worst.record(gammaLogImplicitDerivative(alpha, sample: z, logSample: logZ), c.value * here + c.derivative,
                                     at: "α = \(alpha), z = \(z)")
            XCTAssertLessThanOrEqual(error, 2e-13, "α = \(alpha), z = \(z)")
        }
        print(worst.summary)
    }
}
