import XCTest
@testable import Reparam

/// FisherSnedecor's draws, z = (d₂/d₁)·G₁/G₂ with Gₖ ~ Gamma(dₖ/2), and their gradient through the
/// two Gammas: against the same composition built from two `LogGamma` draws on the same stream and
/// differentiated by autodiff, and by Monte Carlo against the closed forms' gradients of E[z] and E[z²].
final class FisherSnedecorRsampleTests: XCTestCase {
    /// Per sample, the hand-written gradient is autodiff's through y₁ − y₂ + log d₂ − log d₁ with
    /// yₖ = log Gₖ from LogGamma (whose dy/dα is checked against mpmath elsewhere): shared and
    /// per-sample degrees, tiny (draws that underflow) and huge ones, one upstream number or one per draw.
    func testGradientIsTheTwoGammaComposition() throws {
        let cases: [([Double], [Double], [Int])] = [([5], [10], [5000]), ([0.02, 3, 40], [0.3], [700]),
                                                    ([1e6, 4, 0.5, 2e-3, 80, 7], [3, 2e6, 0.5, 9, 1e-3, 7], [])]
        var worst = WorstError("FisherSnedecor rsample vs two LogGamma draws: z")
        var worstGradient = 0.0, worstGradientAt = ""
        for (d1s, d2s, sampleShape) in cases {
            let d1 = Tensor.parameter(Tensor(d1s)), d2 = Tensor.parameter(Tensor(d2s))
            let f = try FisherSnedecor(df1: d1, df2: d2)
            var fStream = RandomStream(seed: 41), gammaStream = fStream
            let z = try f.rsample(sampleShape, using: &fStream)
            // Each Gamma draws one number per element of F's batch, as F's own two draws do (broadcast by
            // adding zeros, which autodiff follows).
            let zeros = try Tensor(shape: f.batchShape, scalars: [Double](repeating: 0, count: Shape.count(f.batchShape)))
            let y1 = try LogGamma(concentration: (0.5 * d1).adding(zeros), rate: Tensor(1)).rsample(sampleShape, using: &gammaStream)
            let y2 = try LogGamma(concentration: (0.5 * d2).adding(zeros), rate: Tensor(1)).rsample(sampleShape, using: &gammaStream)
            let composed = exp(try y1.subtracting(y2).adding(log(d2)).subtracting(log(d1)))
            XCTAssertEqual(z.shape, composed.shape)
            for (i, (a, b)) in zip(z.scalars, composed.scalars).enumerated() { worst.record(a, b, at: "z = \(a) vs \(b), element \(i) of \(d1s), \(d2s)") }
            // Upstream per draw: 1 for Σz, 2z/n for mean z².
            let count = Double(z.scalars.count)
            for (what, loss, upstream) in [("Σz", { (z: Tensor) in try z.sum() }, { (_: Double) in 1.0 }),
                                           ("mean z²", { (z: Tensor) in try (z * z).mean() }, { (z: Double) in 2 * z / count })] {
                let g = try gradients(of: loss(z), withRespectTo: [d1, d2])
                let expected = try gradients(of: loss(composed), withRespectTo: [d1, d2])
                for k in 0..<2 {
                    // Gradient element j sums the draws i with i % count == j (a shared degree: all draws).
                    let degrees = (k == 0 ? d1 : d2).scalars
                    var scale = [Double](repeating: 0, count: degrees.count), overflowed = scale.map { _ in false }
                    for (i, zi) in z.scalars.enumerated() {
                        let j = i % degrees.count
                        // dz/dd₁ = ½z(d log G₁/dα₁ − 1/α₁) cancels for large α (d log G/dα → 1/α), and a sum over
                        // draws cancels too: both sides round terms of size |z|/d, so the error is measured
                        // against Σ|upstream·z/d| over the draws that make the element.
                        if zi.isFinite { scale[j] += abs(upstream(zi) * zi / degrees[j]) } else { overflowed[j] = true }
                    }
                    for (j, (a, b)) in zip(g[k].scalars, expected[k].scalars).enumerated() {
                        let label = "d\(what)/d\(k == 0 ? "df1" : "df2") element \(j) of \(d1s), \(d2s), sample shape \(sampleShape)"
                        // A draw beyond the largest double has derivative 0 by convention (autodiff's is nan);
                        // mean z² is then infinite, and its gradient nan on both sides.
                        guard !overflowed[j] else { if what == "Σz" { XCTAssert(a.isFinite, label) }; continue }
                        let error = abs(a - b) / max(abs(b), scale[j])
                        if !(error <= worstGradient) { (worstGradient, worstGradientAt) = (error, label) }
                    }
                }
            }
        }
        let gradientSummary = "gradients: worst error \(worstGradient) (relative to Σ|upstream·z/d|) at \(worstGradientAt)"
        print(worst.summary + "; " + gradientSummary)
        XCTAssertLessThanOrEqual(worst.error, 1e-13, worst.summary)
        XCTAssertLessThanOrEqual(worstGradient, 1e-13, gradientSummary)
    }

    /// ∇E[z] and ∇E[z²] from the pathwise gradients within five standard errors of the gradients of the
    /// closed-form mean and variance: per-sample degrees (Gamma's exact route per element, the standard
    /// error from the 40,000 per-sample gradients) and shared ones (Gamma's table, 5,000 draws a block,
    /// the standard error from 20 blocks).
    func testMonteCarloGradientsOfMomentsMatchClosedForms() throws {
        var stream = RandomStream(seed: 58)
        for (p, shared) in [([0.6, 9.0], false), ([3, 50], false), ([300, 14], false), ([0.6, 9], true), ([7, 30], true)] {
            // dE[z²] = d variance + 2 E[z] d E[z], from the closed forms (checked against mpmath elsewhere).
            let reference = try FisherSnedecor(df1: .parameter(p[0]), df2: .parameter(p[1]))
            let leaves = reference.parameters.map(\.value)
            let dMean = try gradients(of: reference.mean, withRespectTo: leaves).map { $0.scalars[0] }
            let dVariance = try gradients(of: reference.variance, withRespectTo: leaves).map { $0.scalars[0] }
            let mean = reference.mean.scalars[0]
            // estimates[k][m]: independent estimates of dE[z]/dθₖ (m = 0) and dE[z²]/dθₖ (m = 1).
            var estimates = [[[Double]]](repeating: [[], []], count: 2)
            if shared {
                for _ in 0..<20 {
                    let z = try reference.rsample([5000], using: &stream)
                    for (m, moment) in [try z.mean(), try (z * z).mean()].enumerated() {
                        for (k, g) in try gradients(of: moment, withRespectTo: leaves).enumerated() { estimates[k][m].append(g.scalars[0]) }
                    }
                }
            } else {
                let n = 40_000
                let perSample = p.map { Tensor.parameter(Array(repeating: $0, count: n)) }
                let z = try FisherSnedecor(df1: perSample[0], df2: perSample[1]).rsample([], using: &stream)
                for (k, g) in try gradients(of: z.sum(), withRespectTo: perSample).enumerated() {
                    estimates[k] = [g.scalars, zip(z.scalars, g.scalars).map { 2 * $0 * $1 }]
                }
            }
            for k in 0..<2 {
                for (m, target) in [dMean[k], dVariance[k] + 2 * mean * dMean[k]].enumerated() {
                    let e = moments(estimates[k][m])
                    let standardError = (e.variance / Double(estimates[k][m].count)).squareRoot()
                    XCTAssertLessThanOrEqual(abs(e.mean - target), 5 * standardError + 1e-12,
                                             "F\(p)\(shared ? " shared" : "") d\(m == 0 ? "E[z]" : "E[z²]")/d\(k == 0 ? "df1" : "df2"): \(e.mean) ± \(standardError) vs \(target)")
                }
            }
        }
    }
}

extension FisherSnedecorRsampleTests {
    /// The rule through F's own CDF, which `rsample(via: .implicit)` attaches (∂F/∂θ on dual numbers over
    /// p(z)), at the 50-digit reference quantiles of the catalog fixture against mpmath's dz/dθ at fixed u.
    func testImplicitRuleThroughTheCDFAgainstMpmath() throws {
        let rows = try fixture("catalog_quantiles.tsv").filter { Int($0[0]) == 7 && $0[5] < 1e300 && $0[5] > 1e-300 }
        XCTAssertGreaterThan(rows.count, 10)
        let d1 = Tensor.parameter(rows.map { $0[1] }), d2 = Tensor.parameter(rows.map { $0[2] })
        let z = try FisherSnedecor(df1: d1, df2: d2).implicitlyReparameterized(Tensor(rows.map { $0[5] }))
        let g = try gradients(of: z.sum(), withRespectTo: [d1, d2])
        var worst = WorstError("FisherSnedecor dz/dθ through its CDF on duals")
        for (i, r) in rows.enumerated() {
            for k in 0..<2 { worst.record(g[k].scalars[i], r[6 + k], at: "F(\(r[1]), \(r[2])) at u = \(r[4]) d/d\(k == 0 ? "df1" : "df2")") }
        }
        print(worst.summary)
        XCTAssertLessThanOrEqual(worst.error, 1e-10, worst.summary)
    }
}
