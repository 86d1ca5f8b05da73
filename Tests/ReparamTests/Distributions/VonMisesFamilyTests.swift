import XCTest
@testable import Reparam

/// The von Mises family: Best–Fisher samples (KS), implicit per-sample gradients against mpmath,
/// Monte-Carlo gradients against closed forms, values against mpmath and Bessel references.
final class VonMisesFamilyTests: XCTestCase {
    func testSamplesPassKolmogorovSmirnov() throws {
        var stream = RandomStream(seed: 77)
        let n = 20_000
        for (loc, kappa) in [(0.3, 1e-3), (-2.0, 0.5), (1.0, 2.0), (3.0, 10.0), (-0.5, 300.0), (2.5, 1e4)] {
            let d = try VonMises(loc: Tensor(loc), concentration: Tensor(kappa))
            let z = try d.sample([n], using: &stream)
            XCTAssertTrue(z.scalars.allSatisfy { $0 >= -.pi && $0 < .pi }, "κ=\(kappa): samples leave [-π, π)")
            let statistic = kolmogorovSmirnov(z.scalars.map { wrapAngle($0 - loc) }) { vonMisesCDF($0, concentration: kappa) }
            XCTAssertLessThan(statistic, ksCritical(n), "κ=\(kappa): KS statistic \(statistic)")
        }
    }

    func testSameSamplesForAnyThreadCount() {
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        var one = RandomStream(seed: 9), two = RandomStream(seed: 9)
        Parallel.threadCount = 1
        let a = one.vonMises(count: 150_001, concentration: [0.7, 40])
        Parallel.threadCount = 2
        let b = two.vonMises(count: 150_001, concentration: [0.7, 40])
        XCTAssertEqual(a, b)
        XCTAssertTrue(one.vonMises(count: 3, concentration: [-1]).allSatisfy(\.isNaN))
    }

    /// icdf at the fixture's quantiles with κ a parameter: the backward pass gives each dx/dκ,
    /// which must match mpmath to 1e-10 (the target) for κ ∈ [1e-3, 1e4].
    func testPerSampleGradientsThroughIcdfAgainstMpmath() throws {
        let rows = try fixture("vonmises_quantiles.tsv")
        let kappa = Tensor.parameter(rows.map { $0[0] }), loc = Tensor.parameter(0.25)
        let d = try VonMises(loc: loc, concentration: kappa)
        let z = try d.icdf(Tensor(rows.map { $0[1] }))
        let g = try gradients(of: z.sum(), withRespectTo: [kappa, loc])
        var worst = WorstError("VonMises icdf dz/dk")
        for (i, row) in rows.enumerated() {
            let at = "k=\(row[0]) q=\(row[1])"
            if row[1] == 0.5 {
                XCTAssertEqual(z.scalars[i], 0.25, at)
                XCTAssertEqual(g[0].scalars[i], 0, at)
                continue
            }
            assertRelative(wrapAngle(z.scalars[i] - 0.25), row[2], 1e-13, at)
            XCTAssertLessThanOrEqual(worst.record(g[0].scalars[i], row[3], at: at), 1e-10, at)
        }
        XCTAssertEqual(g[1].scalars[0], Double(rows.count))  // dz/dμ = 1 per sample
        print(worst.summary)
    }

    /// rsample's gradients are the implicit ones at the centred samples, for shared and per-element κ.
    func testRsampleGradientsAreTheImplicitOnes() throws {
        var stream = RandomStream(seed: 4)
        for kappaValues in [[3.0], [0.01, 2, 60, 5000]] {
            let kappa = Tensor.parameter(kappaValues), loc = Tensor.parameter(-1.0)
            let d = try VonMises(loc: loc, concentration: kappa)
            let z = try d.rsample([250], using: &stream)
            let g = try gradients(of: z.sum(), withRespectTo: [kappa, loc])
            XCTAssertEqual(g[1].scalars[0], Double(z.count))
            var expected = [Double](repeating: 0, count: kappaValues.count)
            for (i, value) in z.scalars.enumerated() {
                let k = kappaValues[i % kappaValues.count]
                expected[i % kappaValues.count] += try vonMisesImplicitDerivative(concentration: k, sample: wrapAngle(value + 1))
            }
            for j in kappaValues.indices {
                XCTAssertEqual(g[0].scalars[j], expected[j], accuracy: 1e-12 * max(1, abs(expected[j])), "κ=\(kappaValues[j])")
            }
        }
    }

    /// Pathwise d/dκ E[cos(z − μ)] against the closed form A'(κ) = 1 − A/κ − A², A = I₁/I₀.
    func testMonteCarloGradientMatchesClosedForm() throws {
        var stream = RandomStream(seed: 11)
        let n = 100_000
        for kappaValue in [0.4, 2.0, 25.0] {
            let kappa = Tensor.parameter(kappaValue)
            let d = try VonMises(loc: Tensor(0.0), concentration: kappa)
            let z = try d.rsample([n], using: &stream)
            let g = try gradients(of: cos(z).mean(), withRespectTo: [kappa])[0].scalars[0]
            // The per-sample terms −sin(z)·dz/dκ (their spread from the first 20,000) give the standard error.
            let terms = try z.scalars.prefix(20_000).map { -sin($0) * (try vonMisesImplicitDerivative(concentration: kappaValue, sample: $0)) }
            let mean = terms.reduce(0, +) / Double(terms.count)
            let spread = terms.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(terms.count - 1)
            let standardError = (spread / Double(n)).squareRoot()
            let a = besselI1(kappaValue) / besselI0(kappaValue)
            let exact = 1 - a / kappaValue - a * a
            XCTAssertLessThan(abs(g - exact), 5 * standardError, "κ=\(kappaValue): \(g) vs \(exact) ± \(standardError)")
        }
    }

    /// logProb, cdf against mpmath; variance and entropy against the mpmath Bessel values.
    func testValuesAgainstMpmath() throws {
        for row in try fixture("vonmises_cdf.tsv") where row[0] <= 1000 {
            let (k, x) = (row[0], row[1])
            let d = try VonMises(loc: Tensor(0.7), concentration: Tensor(k))
            let z = wrapAngle(x + 0.7)
            XCTAssertEqual(try d.logProb(Tensor(z)).scalars[0], log(row[4]), accuracy: 1e-13 * max(1, abs(log(row[4]))), "logProb k=\(k) x=\(x)")
            assertRelative(try d.cdf(Tensor(z)).scalars[0], row[2], 3e-13, "cdf k=\(k) x=\(x)")
        }
        for row in try fixture("bessel_i.tsv") where row[0] > 0 && row[0] <= 1e4 {
            let k = row[0]
            let d = try VonMises(loc: Tensor(0), concentration: Tensor(k))
            assertRelative(d.circularVariance.scalars[0], row[5], 1e-13, "circular variance k=\(k)")
            let entropy = log(2 * Double.pi * row[3]) + k * row[5]
            XCTAssertEqual(try d.entropy().scalars[0], entropy, accuracy: 1e-13 * max(1, abs(entropy)), "entropy k=\(k)")
        }
    }

    /// `variance` is the variance of the angle around loc, E[wrap(z − μ)²], with its κ-derivative,
    /// against mpmath quadrature from κ = 1e-6 (π²/3) to 1e6 (≈ 1/κ); a sample variance agrees.
    func testVarianceIsTheAngleVarianceAgainstQuadrature() throws {
        var worst = WorstError("angle variance"), worstSlope = WorstError("d/dκ angle variance")
        for row in try fixture("vonmises_angle_variance.tsv") {
            let kappa = Tensor.parameter(row[0])
            let d = try VonMises(loc: Tensor(2.9), concentration: kappa)
            XCTAssertLessThanOrEqual(worst.record(d.variance.scalars[0], row[1], at: "κ=\(row[0])"), 1e-14, "κ=\(row[0])")
            let slope = try gradients(of: d.variance, withRespectTo: [kappa])[0].scalars[0]
            XCTAssertLessThanOrEqual(worstSlope.record(slope, row[2], at: "κ=\(row[0])"), 1e-12, "d/dκ κ=\(row[0])")
            assertRelative(d.circularVariance.scalars[0], row[3], 1e-13, "circular variance κ=\(row[0])")
        }
        print(worst.summary)
        print(worstSlope.summary)
        var stream = RandomStream(seed: 12)
        for k in [0.5, 4.0] {
            let d = try VonMises(loc: Tensor(3.0), concentration: Tensor(k))
            let x = try d.sample([200_000], using: &stream).scalars.map { wrapAngle($0 - 3.0) }
            let second = x.reduce(0) { $0 + $1 * $1 } / Double(x.count)
            let spread = (x.reduce(0) { $0 + pow($1, 4) } / Double(x.count) - second * second).squareRoot()
            XCTAssertEqual(second, d.variance.scalars[0], accuracy: 5 * spread / Double(x.count).squareRoot(), "κ=\(k)")
        }
    }

    /// Gradients of logProb and cdf in κ and μ against the closed forms.
    func testLogProbAndCdfGradients() throws {
        let kappa = Tensor.parameter(3.0), loc = Tensor.parameter(0.2)
        let d = try VonMises(loc: loc, concentration: kappa)
        let value = Tensor(-0.9)
        let g = try gradients(of: d.logProb(value).sum(), withRespectTo: [kappa, loc])
        let a = besselI1(3.0) / besselI0(3.0)
        assertRelative(g[0].scalars[0], cos(-1.1) - a, 1e-14)
        assertRelative(g[1].scalars[0], 3 * sin(-1.1), 1e-14)
        let c = try gradients(of: d.cdf(value).sum(), withRespectTo: [kappa, loc])
        assertRelative(c[0].scalars[0], vonMisesCDF(Dual(-1.1), concentration: Dual(3, derivative: 1)).derivative, 1e-14)
        assertRelative(c[1].scalars[0], -vonMisesDensity(-1.1, concentration: 3.0), 1e-14)
    }

    func testExtremeConcentrationsStayFinite() throws {
        var stream = RandomStream(seed: 21)
        for kappaValue in [1e-3, 1e4, 1e6] {
            let kappa = Tensor.parameter(kappaValue)
            let z = try VonMises(loc: Tensor(3.1), concentration: kappa).rsample([2000], using: &stream)
            let g = try gradients(of: z.sum(), withRespectTo: [kappa])[0].scalars[0]
            XCTAssertTrue(z.scalars.allSatisfy(\.isFinite) && g.isFinite, "κ=\(kappaValue)")
        }
    }

    func testValidation() {
        XCTAssertThrowsError(try VonMises(loc: Tensor(0), concentration: Tensor(0))) { error in
            XCTAssertEqual("\(error)", "VonMises: concentration must be positive, got 0")
        }
        XCTAssertThrowsError(try VonMises(loc: Tensor(.nan), concentration: Tensor(1)))
        XCTAssertThrowsError(try VonMises(loc: Tensor([0, 1]), concentration: Tensor([1, 2, 3])))
        XCTAssertThrowsError(try VonMises(loc: Tensor(0), concentration: Tensor(1)).icdf(Tensor(1.5)))
    }
}
