import XCTest
@testable import Reparam

/// log Γ, ψ, ψ₁ against mpmath (scripts/fixtures/gamma_fixtures.py).
final class GammaFunctionsTests: XCTestCase {
    func testPositiveArgumentsAgainstMpmath() throws {
        var worst = (logGamma: 0.0, digamma: 0.0, trigamma: 0.0)
        for row in try fixture("gamma_functions.tsv") where row[0] > 0 {
            let x = row[0]
            worst.logGamma = max(worst.logGamma, relativeError(logGamma(x), row[1]))
            worst.digamma = max(worst.digamma, relativeError(digamma(x), row[2]))
            worst.trigamma = max(worst.trigamma, relativeError(trigamma(x), row[3]))
            assertRelative(logGamma(x), row[1], 1e-14, "logGamma(\(x))")
            assertRelative(digamma(x), row[2], 1e-14, "digamma(\(x))")
            assertRelative(trigamma(x), row[3], 1e-14, "trigamma(\(x))")
        }
        print("worst relative error on x > 0:", worst)
    }

    func testReflectionForNegativeNonIntegers() throws {
        for row in try fixture("gamma_functions.tsv") where row[0] < 0 {
            let x = row[0]
            assertRelative(logGamma(x), row[1], 1e-13, "logGamma(\(x))")
            assertRelative(digamma(x), row[2], 1e-13, "digamma(\(x))")
            assertRelative(trigamma(x), row[3], 1e-13, "trigamma(\(x))")
        }
    }

    func testPolesAndNaNDoNotTrap() {
        for pole in [0.0, -1, -2, -50] {
            XCTAssertEqual(logGamma(pole), .infinity)
            XCTAssertTrue(digamma(pole).isNaN)
            XCTAssertEqual(trigamma(pole), .infinity)
        }
        XCTAssertTrue(digamma(.nan).isNaN)
        XCTAssertTrue(trigamma(.nan).isNaN)
        XCTAssertTrue(digamma(-.infinity).isNaN)
        XCTAssertEqual(digamma(.infinity), .infinity)
    }

    func testClosedForms() {
        let eulerGamma = 0.57721566490153286
        assertRelative(digamma(1), -eulerGamma, 1e-15)
        assertRelative(digamma(0.5), -eulerGamma - 2 * log(2.0), 1e-15)
        assertRelative(trigamma(1), Double.pi * Double.pi / 6, 1e-15)
        assertRelative(trigamma(0.5), Double.pi * Double.pi / 2, 1e-15)
        assertRelative(logGamma(0.5), 0.5 * log(Double.pi), 1e-15)
    }

    func testGenericFormsCarryDerivatives() {
        let lg = logGamma(Dual(3.5, derivative: 1))
        XCTAssertEqual(lg.value, logGamma(3.5))
        XCTAssertEqual(lg.derivative, digamma(3.5))
        let psi = digamma(Dual(0.25, derivative: 2))
        XCTAssertEqual(psi.value, digamma(0.25))
        XCTAssertEqual(psi.derivative, 2 * trigamma(0.25))
    }
}
