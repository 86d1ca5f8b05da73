import XCTest
@testable import Reparam

/// Beta and F at shapes and degrees of freedom up to the largest double (issue #17: F(1e308, 3).icdf(0.3)
/// ran for minutes and answered 3e-308): against the gamma limits of scripts/fixtures/extreme_degrees.py
/// (50 digits), and a sweep over the extremes where every call answers at once — a value in the support and
/// finite gradients, or a clear error — never a hang.
final class ExtremeDegreesTests: XCTestCase {
    func testGammaLimitsAtHugeShapes() throws {
        for row in try fixture("extreme_degrees.tsv") {
            let (kind, p1, p2, u, expected) = (Int(row[0]), row[1], row[2], row[3], row[4])
            let actual: Double
            switch kind {
            case 0: actual = try FisherSnedecor(df1: Tensor(p1), df2: Tensor(p2)).icdf(Tensor(u)).scalars[0]
            case 1: actual = try inverseRegularizedBeta(p: u, complement: 1 - u, a: p1, b: p2).x
            case 2: actual = try inverseRegularizedBeta(p: u, complement: 1 - u, a: p1, b: p2).complement
            default: actual = regularizedBeta(u, p1, p2)
            }
            // Subnormal answers carry fewer digits: allow 40 of their units (about 2e-322; the literal
            // itself would not be exact, and the compiler warns about it).
            XCTAssertLessThanOrEqual(abs(actual - expected), 1e-12 * abs(expected) + 40 * Double.leastNonzeroMagnitude,
                                     "kind \(kind) (\(p1), \(p2)) at \(u): got \(actual), expected \(expected)")
        }
    }

    /// The issue's line through the family, with its gradient: dz/dd₁ → 0 as d₁ → ∞ and dz/dd₂ finite.
    func testIssueLineAnswersAtOnceWithFiniteGradients() throws {
        let d1 = Tensor.parameter(1e308), d2 = Tensor.parameter(3)
        let z = try FisherSnedecor(df1: d1, df2: d2).icdf(Tensor([0.3]))
        assertRelative(z.scalars[0], 0.818582748886123844644731, 1e-12)
        let g = try gradients(of: z.sum(), withRespectTo: [d1, d2])
        XCTAssert(g[0].scalars[0].isFinite && abs(g[0].scalars[0]) < 1e-300, "\(g[0].scalars)")
        XCTAssert(g[1].scalars[0].isFinite, "\(g[1].scalars)")
    }

    /// Every icdf, cdf, rsample and their gradients over a grid of extreme shapes: an answer in the support
    /// with no NaN, or an error that names the rule (a + b beyond the largest double).
    func testExtremeGridAnswersOrExplains() throws {
        let shapes = [1e-300, 1e-8, 0.3, 1.5, 3, 1e8, 1e154, 1e200, 1e300, 1e308, 1.7e308]
        let levels = Tensor([1e-12, 0.3, 0.5, 0.7, 1 - 1e-12])
        let start = Date()
        for s1 in shapes {
            for s2 in shapes {
                for fisher in [false, true] {
                    let p1 = Tensor.parameter(s1), p2 = Tensor.parameter(s2)
                    let label = "\(fisher ? "fisher_snedecor" : "beta")(\(s1), \(s2))"
                    let d: any Distribution
                    do {
                        d = fisher ? try FisherSnedecor(df1: p1, df2: p2) : try Beta(a: p1, b: p2)
                    } catch {
                        XCTAssert(!fisher && "\(error)".contains("a + b must be below the largest double"), "\(label): \(error)")
                        continue
                    }
                    let q = try d.icdf(levels)
                    XCTAssert(q.scalars.allSatisfy { $0 >= 0 && (fisher || $0 <= 1) }, "\(label).icdf: \(q.scalars)")
                    let g = try gradients(of: q.sum(), withRespectTo: [p1, p2])
                    XCTAssert(g.allSatisfy { !$0.scalars[0].isNaN }, "\(label) icdf gradient \(g.map(\.scalars))")
                    let c = try d.cdf(q)
                    XCTAssert(c.scalars.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(label).cdf: \(c.scalars)")
                    var stream = RandomStream(seed: 3)
                    let draws = try d.rsample([5], using: &stream)
                    let h = try gradients(of: draws.sum(), withRespectTo: [p1, p2])
                    XCTAssert(h.allSatisfy { !$0.scalars[0].isNaN }, "\(label) rsample gradient \(h.map(\.scalars)) at \(draws.scalars)")
                }
            }
        }
        // A hang guard, not a speed check: the whole grid takes well under a second in release.
        XCTAssertLessThan(Date().timeIntervalSince(start), 120)
    }
}

/// The incomplete gamma at shapes ≥ 1e8 (Temme's expansion): it was NaN near the mean from a = 1e9 on
/// (the series needs 9√a terms), and chi2(1e15)'s quantiles crawled through the capped series.
final class LargeShapeIncompleteGammaTests: XCTestCase {
    /// Against the power series with its prefactor, an independent route that still converges at 1e8–2e8
    /// (summing 1e5 terms, the series itself carries about 1e-13).
    func testTemmeAgreesWithTheSeriesWhereBothWork() {
        for a in [1e8, 2e8] {
            for x in [a - 3e4, a - 1e3, a, a + 5, a + 2e4] where x <= a {
                let series = exp(logGammaSeriesPrefactor(a, x)) * lowerGammaSeries(a, x)
                assertRelative(regularizedGammaP(a, x), series, 2e-13, "P(\(a), \(x))")
            }
        }
    }

    /// P(a, a) = ½ + 1/(3√(2πa)) − …, finite and monotone far beyond where the series stops; quantiles invert it.
    func testHugeShapesAreFiniteAndInvert() throws {
        for a in [1e9, 1e12, 5e14] {
            let p = regularizedGammaP(a, a)
            assertRelative(p - 0.5, 1 / (3 * (2 * Double.pi * a).squareRoot()), 1e-6, "P(a, a) − ½ at a = \(a)")
            for u in [1e-10, 0.3, 0.5, 0.999] {
                // The quantile's rounding (an ulp of z ≈ a) moves P by about ε√a (condition number).
                let z = inverseRegularizedGammaP(a: a, p: u)
                assertRelative(regularizedGammaP(a, z), u, 3e-15 * a.squareRoot() * (1 + abs(log(u))), "P(P⁻¹(\(u))) at a = \(a)")
            }
        }
        // Beyond a ≈ 1e33 the spread √a is below an ulp of a: every quantile is a itself.
        for u in [1e-10, 0.5, 0.999] { assertRelative(inverseRegularizedGammaP(a: 1e300, p: u), 1e300, 1e-15, "a = 1e300, u = \(u)") }
    }

    /// Degrees whose half rounds to 0 (only 5e-324) are refused by the families that work with d/2 —
    /// they drew nan — and the next double up, 1e-323, answers: draws of 0 or ∞, entropies ±∞ or finite.
    func testDegreesWhoseHalfIsNotADoubleAreRefused() throws {
        let builds: [(String, (Tensor) throws -> any Distribution)] = [
            ("FisherSnedecor: df1", { try FisherSnedecor(df1: $0, df2: Tensor(1)) }), ("FisherSnedecor: df2", { try FisherSnedecor(df1: Tensor(1), df2: $0) }),
            ("StudentT: df", { try StudentT(df: $0) }), ("Chi: df", { try Chi(df: $0) }), ("Chi2: df", { try Chi2(df: $0) }),
        ]
        for (label, build) in builds {
            XCTAssertThrowsError(try build(Tensor([3, Double.leastNonzeroMagnitude])), label) { error in
                XCTAssert("\(error)".contains("at least 1e-323 (half of it a positive double), got 5e-324 at index 1"), "\(label): \(error)")
            }
            let d = try build(Tensor(2 * Double.leastNonzeroMagnitude))
            var stream = RandomStream(seed: 4)
            XCTAssert(try d.rsample([50], using: &stream).scalars.allSatisfy { !$0.isNaN }, label)
            XCTAssertFalse(try d.entropy().scalars[0].isNaN, label)
        }
    }
}
