import XCTest
@testable import Reparam

/// dz/dα and d log z/dα for Gamma(α, 1) samples against mpmath
/// (scripts/fixtures/gamma_fixtures.py): α ∈ [1e-3, 1e5], quantiles 1e-3 … 0.999.
final class GammaImplicitDerivativeTests: XCTestCase {
    func testExactRouteAgainstMpmath() throws {
        var worst = (linear: 0.0, log: 0.0)
        for row in try fixture("gamma_implicit.tsv") {
            let (alpha, logZ, dLogZ, z, dZ) = (row[0], row[2], row[3], row[4], row[5])
            let logForm = gammaImplicitDerivative(concentration: alpha, logSample: logZ)
            worst.log = max(worst.log, relativeError(logForm, dLogZ))
            assertRelative(logForm, dLogZ, 1e-12, "d log z/dα at α=\(alpha), u=\(row[1])")
            guard !z.isNaN else { continue }
            let linear = gammaImplicitDerivative(concentration: alpha, sample: z)
            worst.linear = max(worst.linear, relativeError(linear, dZ))
            assertRelative(linear, dZ, 1e-12, "dz/dα at α=\(alpha), u=\(row[1])")
        }
        print("worst relative error of the exact route:", worst)
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
    }

    func testLogFormMatchesLinearForm() {
        for (alpha, z) in [(0.3, 1e-5), (2.5, 0.7), (50.0, 61.0), (1e3, 950.0)] {
            assertRelative(gammaImplicitDerivative(concentration: alpha, logSample: log(z)) * z,
                           gammaImplicitDerivative(concentration: alpha, sample: z), 1e-14)
        }
    }
}
