import XCTest
@testable import Reparam

/// The per-element Beta gradient's log Γ and ψ (`logGammaAndDigammaForShape`: one two-output table
/// on [1, 13)) against mpmath (gamma_functions.tsv, scripts/fixtures/gamma_fixtures.py, 50 digits)
/// and, densely between those points, against `logGamma` and `digamma`.
/// Bound: 5e-15 · max(1, |f|), absolute accuracy (see the function's note on where that suffices).
final class LogGammaDigammaTableTests: XCTestCase {
    func testTableIsBuiltAndMatchesMpmath() throws {
        XCTAssertNotNil(LogGammaDigammaTable.shifted, "the interpolant failed its own check; the fast path is not in use")
        var worst = (logGamma: 0.0, digamma: 0.0, x: 0.0)
        let rows = try fixture("gamma_functions.tsv").filter { $0[0] > 0 && $0[0] < 20 }
        XCTAssertGreaterThan(rows.count, 20)
        for row in rows {
            let (logGammaValue, digammaValue) = logGammaAndDigammaForShape(row[0])
            let logGammaError = Swift.abs(logGammaValue - row[1]) / Swift.max(1, Swift.abs(row[1]))
            let digammaError = Swift.abs(digammaValue - row[2]) / Swift.max(1, Swift.abs(row[2]))
            XCTAssertLessThanOrEqual(logGammaError, 5e-15, "log Γ at x = \(row[0])")
            XCTAssertLessThanOrEqual(digammaError, 5e-15, "ψ at x = \(row[0])")
            if Swift.max(logGammaError, digammaError) > Swift.max(worst.logGamma, worst.digamma) { worst.x = row[0] }
            worst.logGamma = Swift.max(worst.logGamma, logGammaError)
            worst.digamma = Swift.max(worst.digamma, digammaError)
        }
        print("logGammaAndDigammaForShape against mpmath over \(rows.count) points: worst log Γ \(worst.logGamma), "
              + "ψ \(worst.digamma) · max(1, |f|) (largest at x = \(worst.x))")
    }

    func testDenseAgainstLogGammaAndDigamma() {
        var worst = (logGamma: 0.0, digamma: 0.0)
        for i in 0..<100_000 {
            let x = 1e-3 + Double(i) * 1.3e-4   // (0, 14]: below, across and above the table
            let (logGammaValue, digammaValue) = logGammaAndDigammaForShape(x)
            worst.logGamma = Swift.max(worst.logGamma, Swift.abs(logGammaValue - logGamma(x)) / Swift.max(1, Swift.abs(logGamma(x))))
            worst.digamma = Swift.max(worst.digamma, Swift.abs(digammaValue - digamma(x)) / Swift.max(1, Swift.abs(digamma(x))))
        }
        print("logGammaAndDigammaForShape against logGamma, digamma on (0, 14]: worst \(worst) · max(1, |f|)")
        XCTAssertLessThanOrEqual(worst.logGamma, 5e-15)
        XCTAssertLessThanOrEqual(worst.digamma, 5e-15)
    }
}
