import XCTest
@testable import Reparam

final class StandardNormalTests: XCTestCase {
    func testCDFAndLogCDF() throws {
        var cdf = WorstError("Phi"), logCDF = WorstError("log Phi")
        for row in try fixture("normal_cdf.tsv") {
            let z = row[0]
            if row[1] > 0 {  // Φ itself is a normal double
                XCTAssertLessThanOrEqual(cdf.record(standardNormalCDF(z), row[1], at: "z=\(z)"), 2e-15, "Phi(\(z))")
            }
            XCTAssertLessThanOrEqual(logCDF.record(standardNormalLogCDF(z), row[2], at: "z=\(z)"), 2e-15, "log Phi(\(z))")
            // (log Φ)' = φ/Φ, checked through the dual.
            let slope = standardNormalLogCDF(Dual(z, derivative: 1)).derivative
            assertRelative(slope, row[3], 1e-14, "(log Phi)'(\(z))")
        }
        print(cdf.summary)
        print(logCDF.summary)
    }

    func testQuantile() throws {
        var quantile = WorstError("Phi^-1")
        for row in try fixture("normal_quantile.tsv") {
            XCTAssertLessThanOrEqual(quantile.record(standardNormalQuantile(row[0]), row[1], at: "p=\(row[0])"), 4e-15,
                                     "Phi^-1(\(row[0]))")
        }
        var logQuantile = WorstError("Phi^-1(exp)")
        for row in try fixture("normal_log_quantile.tsv") {
            XCTAssertLessThanOrEqual(logQuantile.record(standardNormalQuantile(logProbability: row[0]), row[1], at: "logp=\(row[0])"),
                                     4e-15, "log-quantile(\(row[0]))")
        }
        print(quantile.summary)
        print(logQuantile.summary)
        XCTAssertEqual(standardNormalQuantile(0.5), 0)
        XCTAssertEqual(standardNormalQuantile(0), -.infinity)
        XCTAssertEqual(standardNormalQuantile(1), .infinity)
        XCTAssertTrue(standardNormalQuantile(1.5).isNaN)
        XCTAssertTrue(standardNormalQuantile(.nan).isNaN)
        // Subnormal probabilities still invert (through the log route).
        let tiny = Double.leastNormalMagnitude / 64   // about 3.5e-310
        assertRelative(standardNormalQuantile(tiny), standardNormalQuantile(logProbability: log(tiny)), 1e-15)
    }
}

final class TruncatedNormalTests: XCTestCase {
    /// Quantiles, log densities and the four implicit derivatives against mpmath, far tails included.
    func testAgainstMpmath() throws { try checkAgainstMpmath("truncnorm.tsv") }

    /// The same beyond where Φ underflows: one-sided truncation from 38σ to 10⁶σ out on either side,
    /// both bounds far out, and intervals of width 1e-8 in the tail (`truncated_normal(0, 1, low: 39)`
    /// drew +inf before the direct route's guard looked at the upper end of a half-line).
    func testFarTailAgainstMpmath() throws { try checkAgainstMpmath("truncnorm_far_tail.tsv") }

    private func checkAgainstMpmath(_ name: String) throws {
        var quantile = WorstError("quantile"), logDensity = WorstError("log density"), cdf = WorstError("cdf")
        var derivatives = ["loc (relative to its parts)", "scale (relative to its parts)", "low", "high"].map { WorstError("dx/d\($0)") }
        var oneSided = ["loc", "scale"].map { WorstError("dx/d\($0) (relative, one bound)") }
        for row in try fixture(name) {
            let (loc, scale, low, high, u, x) = (row[0], row[1], row[2], row[3], row[4], row[5])
            let at = "[\(loc), \(scale), \(low), \(high)] u=\(u)"
            let alpha = (low - loc) / scale, beta = (high - loc) / scale
            let z = truncatedNormalQuantile(u: u, alpha: alpha, beta: beta)
            if abs(x - loc) < 1e-30 * scale {  // the center of a symmetric interval: absolute accuracy
                XCTAssertLessThan(abs(loc + scale * z - x), 1e-15 * scale, at)
            } else {
                XCTAssertLessThanOrEqual(quantile.record(loc + scale * z, x, at: at), 1e-13, at)
            }
            let zx = (x - loc) / scale
            // Standardizing x rounds z by up to ε(|x| + |loc|)/σ (nothing for loc 0, scale 1); near a
            // bound F, dx/dlow and dx/dhigh are proportional to the distance to it, and log p moves by
            // about |z| per unit of z, so allow for that conditioning.
            let rounding = loc == 0 && scale == 1 ? 0 : 2 * Double.ulpOfOne * (abs(x) + abs(loc)) / scale
            let conditioning = rounding == 0 ? 0 : rounding * scale * exp(row[6]) / min(u, 1 - u)
            let tolerance = 1e-12 + conditioning
            XCTAssertLessThanOrEqual(cdf.record(truncatedNormalCDF(zx, alpha: alpha, beta: beta), u, at: at), tolerance, at)
            let logp = truncatedNormalLogDensity(zx, alpha: alpha, beta: beta) - log(scale)
            logDensity.record(logp, row[6], at: at)
            XCTAssertLessThanOrEqual(abs(logp - row[6]), 1e-13 * max(1, abs(row[6])) + rounding * (2 * abs(zx) + 1), at)
            let d = try truncatedNormalImplicitDerivatives(sample: x, loc: loc, scale: scale, low: low, high: high)
            for (i, value) in [d.loc, d.scale, d.low, d.high].enumerated() {
                let expected = row[7 + i]
                // Exact zeros (dx/dscale at the center of a symmetric interval) come out as
                // rounding noise: compare those absolutely.
                if abs(expected) < 1e-30 {
                    XCTAssertLessThan(abs(value), 1e-14, at)
                } else if i < 2 {
                    // dx/dμ = 1 − dx/dlow − dx/dhigh and dx/dσ = z − α dx/dlow − β dx/dhigh cancel near a
                    // bound (the parts are O(1), the sum O(u)); their error is measured against the parts.
                    let z = (x - loc) / scale, alpha = (low - loc) / scale, beta = (high - loc) / scale
                    let parts = i == 0 ? 1 + abs(d.low) + abs(d.high)
                        : abs(z) + (alpha.isFinite ? abs(alpha * d.low) : 0) + (beta.isFinite ? abs(beta * d.high) : 0)
                    let error = abs(value - expected) / max(abs(expected), parts)
                    derivatives[i].record(expected + error * abs(expected), expected, at: at)
                    XCTAssertLessThanOrEqual(error, 1e-13, "\(derivatives[i].name) \(at)")
                    if !alpha.isFinite || !beta.isFinite {
                        // With one bound, next to the other they are 1e-12 of their parts (low 1e6)
                        // and still exact relative to themselves.
                        XCTAssertLessThanOrEqual(oneSided[i].record(value, expected, at: at), 1e-13 + tolerance,
                                                 "\(oneSided[i].name) \(at)")
                    }
                } else {
                    XCTAssertLessThanOrEqual(derivatives[i].record(value, expected, at: at), tolerance, "\(derivatives[i].name) \(at)")
                }
            }
        }
        for w in [quantile, cdf, logDensity] + derivatives + oneSided { print(w.summary) }
    }

    /// The one-Φ⁻¹ route and the log-space route agree wherever the first applies.
    func testQuantileRoutesAgree() {
        var worst = WorstError("direct vs log-space quantile")
        for (alpha, beta) in [(-1.0, 1.0), (-.infinity, 0.3), (-29.0, -25.0), (-2.0, 8.0), (2.0, .infinity), (-0.5, -0.45), (25.0, 29.0)] {
            for u in [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-9] {
                guard let direct = truncatedNormalQuantileDirect(u: u, alpha: alpha, beta: beta) else {
                    XCTFail("[\(alpha), \(beta)] should take the direct route")
                    continue
                }
                let logSpace = truncatedNormalQuantileLogSpace(u: u, alpha: alpha, beta: beta)
                let at = "[\(alpha), \(beta)] u=\(u)"
                // Near z = 0 the log-space route is accurate to ~1e-14 absolute, not relative.
                worst.record(direct, logSpace, at: at)
                XCTAssertLessThanOrEqual(abs(direct - logSpace), 1e-13 * abs(logSpace) + 1e-14, at)
            }
        }
        print(worst.summary)
        XCTAssertNil(truncatedNormalQuantileDirect(u: 0.5, alpha: -40, beta: -39.99))
        XCTAssertNil(truncatedNormalQuantileDirect(u: 0.5, alpha: -.infinity, beta: -39))
        XCTAssertNil(truncatedNormalQuantileDirect(u: 0.5, alpha: 39, beta: .infinity))
        XCTAssertNil(truncatedNormalQuantileDirect(u: 0.5, alpha: 1, beta: 1 + 1e-9))
    }

    /// The dual of the generic CDF in a bound equals −p(z)·(dz/dbound), i.e. the implicit rule.
    func testDualCDFMatchesImplicitDerivatives() throws {
        let (alpha, beta, z) = (-0.7, 2.2, 0.4)
        let d = try truncatedNormalImplicitDerivatives(sample: z, loc: 0, scale: 1, low: alpha, high: beta)
        let density = exp(truncatedNormalLogDensity(z, alpha: alpha, beta: beta))
        let dFdLow = truncatedNormalCDF(Dual(z), alpha: Dual(alpha, derivative: 1), beta: Dual(beta)).derivative
        let dFdHigh = truncatedNormalCDF(Dual(z), alpha: Dual(alpha), beta: Dual(beta, derivative: 1)).derivative
        assertRelative(-dFdLow / density, d.low, 1e-13)
        assertRelative(-dFdHigh / density, d.high, 1e-13)
        let dFdz = truncatedNormalCDF(Dual(z, derivative: 1), alpha: Dual(alpha), beta: Dual(beta)).derivative
        assertRelative(dFdz, density, 1e-13)
    }

    func testBadInputs() {
        XCTAssertThrowsError(try truncatedNormalImplicitDerivatives(sample: 0, loc: 0, scale: -1, low: -1, high: 1))
        XCTAssertThrowsError(try truncatedNormalImplicitDerivatives(sample: 0, loc: 0, scale: 1, low: 1, high: -1))
        XCTAssertThrowsError(try truncatedNormalImplicitDerivatives(sample: 2, loc: 0, scale: 1, low: -1, high: 1))
        XCTAssertThrowsError(try truncatedNormalImplicitDerivatives(sample: 0, loc: .nan, scale: 1, low: -1, high: 1))
        XCTAssertTrue(truncatedNormalQuantile(u: 0.5, alpha: 1, beta: 1).isNaN)
        XCTAssertTrue(truncatedNormalQuantile(u: -0.1, alpha: 0, beta: 1).isNaN)
        XCTAssertTrue(truncatedNormalCDF(0.0, alpha: 1.0, beta: 0.0).isNaN)
        XCTAssertEqual(truncatedNormalQuantile(u: 0, alpha: -2, beta: 3), -2)
        XCTAssertEqual(truncatedNormalQuantile(u: 1, alpha: -2, beta: 3), 3)
    }
}
