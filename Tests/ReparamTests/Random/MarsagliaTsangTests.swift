import XCTest
@testable import Reparam

/// The Marsaglia–Tsang Gamma kernel against the exact law of Gamma(α, 1).
final class MarsagliaTsangTests: XCTestCase {
    static let concentrations: [Double] = [1e-3, 0.1, 0.5, 1, 2.5, 10, 1e3, 1e5]

    /// P(a, e^t), the regularized lower incomplete gamma function at x = e^t, by its power series
    ///
    ///     P(a, x) = x^a e^{−x} / Γ(a + 1) · Σ_{k≥0} x^k / ((a + 1)(a + 2)…(a + k)),
    ///
    /// with the prefactor taken in log space so that x far below the double range still works.
    func gammaCDF(_ a: Double, logX t: Double) -> Double {
        let x = exp(t)
        var term = 1.0, sum = 1.0, k = 1.0
        while term > 1e-17 * sum {
            term *= x / (a + k)
            sum += term
            k += 1
        }
        return min(1, exp(a * t - x - logGamma(a + 1)) * sum)
    }

    func testKolmogorovSmirnovAgainstIncompleteGamma() {
        for (offset, alpha) in Self.concentrations.enumerated() {
            let n = alpha >= 1000 ? 20_000 : 100_000
            var stream = RandomStream(seed: 900 + UInt64(offset))
            // ln G is a monotone image of G: the same test, and usable where G underflows.
            let logG = stream.logStandardGamma(count: n, concentration: [alpha])
            XCTAssertTrue(logG.allSatisfy { $0.isFinite }, "α = \(alpha)")
            let d = kolmogorovSmirnov(logG, cdf: { gammaCDF(alpha, logX: $0) })
            XCTAssertLessThan(d, ksCritical(n), "α = \(alpha)")
        }
    }

    /// Mean α and variance α of G (for α ≥ 0.5), and E[ln G] = ψ(α), Var[ln G] = ψ′(α)
    /// against mpmath values, each within 5 standard errors.
    func testMoments() throws {
        let rows = try fixture("gamma_log_moments.tsv")
        XCTAssertEqual(rows.map { $0[0] }, Self.concentrations)
        let n = 100_000
        for row in rows {
            let (alpha, digamma, trigamma) = (row[0], row[1], row[2])
            var stream = RandomStream(seed: 31 + UInt64(alpha * 1000))
            let logG = stream.logStandardGamma(count: n, concentration: [alpha])
            let logMoments = moments(logG)
            // The sample variance's standard error is √((μ₄ − σ⁴)/n), μ₄ estimated from the sample.
            XCTAssertEqual(logMoments.mean, digamma, accuracy: 5 * (trigamma / Double(n)).squareRoot(), "E ln G, α = \(alpha)")
            let fourthCentral = logMoments.variance * logMoments.variance * (logMoments.excessKurtosis + 3)
            let varianceError = ((fourthCentral - trigamma * trigamma) / Double(n)).squareRoot()
            XCTAssertEqual(logMoments.variance, trigamma, accuracy: 5 * varianceError, "Var ln G, α = \(alpha)")
            guard alpha >= 0.5 else { continue }
            let g = moments(stream.standardGamma(count: n, concentration: [alpha]))
            XCTAssertEqual(g.mean, alpha, accuracy: 5 * (alpha / Double(n)).squareRoot(), "E G, α = \(alpha)")
            // Var(s²) ≈ (μ₄ − σ⁴)/n with μ₄ = 3α² + 6α for Gamma(α, 1).
            XCTAssertEqual(g.variance, alpha, accuracy: 5 * ((2 * alpha * alpha + 6 * alpha) / Double(n)).squareRoot(), "Var G, α = \(alpha)")
            XCTAssertEqual(g.skewness, 2 / alpha.squareRoot(), accuracy: 5 * (6 / Double(n)).squareRoot() * max(1, 2 / alpha.squareRoot()),
                           "skewness, α = \(alpha)")
        }
    }

    /// The plain and log kernels give the same numbers at the same draw; tiny α
    /// underflows to 0 or a subnormal, never NaN.
    func testPlainSamplesAreExpOfLogSamples() {
        for alpha in Self.concentrations {
            let plain = RandomStream(seed: 5, drawCount: 2).collectGamma(alpha, log: false)
            let logs = RandomStream(seed: 5, drawCount: 2).collectGamma(alpha, log: true)
            for (g, l) in zip(plain, logs) {
                XCTAssertFalse(g.isNaN)
                XCTAssertGreaterThanOrEqual(g, 0)
                let expected = exp(l)
                if expected >= Double.leastNormalMagnitude {
                    assertRelative(g, expected, 1e-12, "α = \(alpha)")
                } else {
                    XCTAssertEqual(g, expected, accuracy: 4 * Double.leastNonzeroMagnitude, "α = \(alpha), ln G = \(l)")
                }
            }
        }
        let tiny = RandomStream(seed: 5).collectGamma(1e-3, log: true)
        XCTAssertGreaterThan(tiny.filter { $0 < -745.2 }.count, 100, "most Gamma(10⁻³) samples are below the double range")
    }

    func testSameNumbersForAnyThreadCount() {
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        let alpha = [0.3, 2.5, 1e-3, 40]
        for logSpace in [false, true] {
            Parallel.threadCount = 1
            let single = RandomStream(seed: 17).collectGamma(alpha, log: logSpace, count: 120_001)
            XCTAssertFalse(single.contains { $0.isNaN })
            for threads in [2, 3] {
                Parallel.threadCount = threads
                let multi = RandomStream(seed: 17).collectGamma(alpha, log: logSpace, count: 120_001)
                XCTAssertEqual(multi.map(\.bitPattern), single.map(\.bitPattern), "\(threads) threads, log \(logSpace)")
            }
        }
    }

    /// Element i uses α[i mod count] and its own randomness: other elements' α do not change it.
    func testConcentrationCyclesPerElement() {
        let mixed = RandomStream(seed: 3).collectGamma([2.5, 0.2, 7], log: false, count: 999)
        let onlyFirst = RandomStream(seed: 3).collectGamma([2.5], log: false, count: 999)
        let onlyThird = RandomStream(seed: 3).collectGamma([7], log: false, count: 999)
        for i in stride(from: 0, to: 999, by: 3) {
            XCTAssertEqual(mixed[i], onlyFirst[i])
            XCTAssertEqual(mixed[i + 2], onlyThird[i + 2])
        }
        XCTAssertNotEqual(RandomStream(seed: 3, drawCount: 1).collectGamma([2.5], log: false, count: 10), Array(onlyFirst[0..<10]))
    }

    /// α that is not positive and finite gives NaN for its elements only; no α gives all NaN.
    func testInvalidConcentrationGivesNaN() {
        let bad: [Double] = [2.5, 0, -1, .nan, .infinity, -.infinity]
        for logSpace in [false, true] {
            let out = RandomStream(seed: 1).collectGamma(bad, log: logSpace, count: 12)
            for (i, x) in out.enumerated() {
                if i % bad.count == 0 { XCTAssertFalse(x.isNaN) } else { XCTAssertTrue(x.isNaN, "α = \(bad[i % bad.count])") }
            }
            XCTAssertTrue(RandomStream(seed: 1).collectGamma([], log: logSpace, count: 5).allSatisfy { $0.isNaN })
        }
    }

    /// Extreme but valid α: finite log-samples, plain samples that are numbers.
    func testExtremeConcentrations() {
        for alpha in [1e-300, 1e-30, 1e30, 1e300] {
            let logs = RandomStream(seed: 12).collectGamma(alpha, log: true, count: 1000)
            let plain = RandomStream(seed: 12).collectGamma(alpha, log: false, count: 1000)
            XCTAssertTrue(logs.allSatisfy { $0.isFinite }, "α = \(alpha)")
            XCTAssertTrue(plain.allSatisfy { !$0.isNaN && $0 >= 0 }, "α = \(alpha)")
            if alpha > 1 {
                // Gamma(α) concentrates at α with relative spread 1/√α.
                XCTAssertTrue(plain.allSatisfy { abs($0 / alpha - 1) < 10 / alpha.squareRoot() }, "α = \(alpha)")
            } else {
                // ln G ≈ −E/α with E ~ Exp(1): mean of α ln G is −1 within 5 standard errors.
                XCTAssertEqual(logs.reduce(0) { $0 + $1 * alpha } / 1000, -1, accuracy: 5 / 1000.0.squareRoot(), "α = \(alpha)")
            }
        }
    }

    /// Gamma(1, 1) is Exp(1): KS against 1 − e^{−x}.
    func testUnitConcentrationIsExponential() {
        var stream = RandomStream(seed: 64)
        let g = stream.standardGamma(count: 200_000, concentration: [1])
        XCTAssertLessThan(kolmogorovSmirnov(g, cdf: { -expm1(-$0) }), ksCritical(200_000))
    }
}

extension RandomStream {
    /// `count` Gamma numbers (or their logs) of the next draw of a copy of this stream.
    fileprivate func collectGamma(_ alpha: Double, log: Bool, count: Int = 20_000) -> [Double] {
        collectGamma([alpha], log: log, count: count)
    }

    fileprivate func collectGamma(_ alpha: [Double], log: Bool, count: Int) -> [Double] {
        var copy = self
        return log ? copy.logStandardGamma(count: count, concentration: alpha)
                   : copy.standardGamma(count: count, concentration: alpha)
    }
}
