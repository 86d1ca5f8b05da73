import XCTest
@testable import Reparam

/// Gamma's rsample routes give the numbers of the plain draw and of the exact per-sample gradient,
/// for every rate per sample, one rate shared by the batch (Chi2's ½, divided without per-element
/// rates) and unit rates. Bit for bit, against `sample` and `GammaGradients.standardSampleDerivatives`.
final class GammaRsampleTests: XCTestCase {
    /// α per sample over the benchmark's range, α < 1 (the boosted draw) included.
    let alphas = (0..<3000).map { i in Foundation.exp(Double(i % 97) / 97 * 8 - 4) + 0.05 }

    func testPerSampleDrawsAndGradientsAreThePlainOnes() throws {
        for rates in [[1.0], [0.5], (0..<3000).map { 0.25 + Double($0 % 7) }] {
            let alpha = Tensor.parameter(Tensor(alphas)), rate = Tensor.parameter(rates.count == 1 ? Tensor(rates[0]) : Tensor(rates))
            let d = try Gamma(concentration: alpha, rate: rate)
            var a = RandomStream(seed: 16), b = RandomStream(seed: 16)
            let z = try d.rsample([], using: &a)
            // The standard draws: the same stream through unit rates.
            let standard = try Gamma(concentration: Tensor(alphas), rate: Tensor(1)).sample([], using: &b).scalars
            XCTAssertEqual(mismatches(z.scalars, (0..<alphas.count).map { i in standard[i] / rates[i % rates.count] }), 0)
            let dG = try GammaGradients.standardSampleDerivatives(concentrations: alphas, samples: standard)
            let g = try gradients(of: z.sum(), withRespectTo: [alpha, rate])
            XCTAssertEqual(mismatches(g[0].scalars, (0..<alphas.count).map { i in dG[i] / rates[i % rates.count] }), 0,
                           "rates \(rates.prefix(2))")
            let dRate = (0..<alphas.count).map { i in -z.scalars[i] / rates[i % rates.count] }
            if rates.count == 1 {
                XCTAssertEqual(g[1].scalars[0], dRate.reduce(0, +), accuracy: 1e-9 * abs(dRate.reduce(0, +)))
            } else {
                XCTAssertEqual(mismatches(g[1].scalars, dRate), 0)
            }
        }
    }

    /// Chi2(k) = 2·Gamma(k/2): its draws are twice the standard draws and dz/dk = dG/dα at α = k/2.
    func testChi2IsTwiceTheStandardGamma() throws {
        let df = Tensor.parameter(Tensor(alphas.map { 2 * $0 }))
        var a = RandomStream(seed: 3), b = RandomStream(seed: 3)
        let z = try Chi2(df: df).rsample([], using: &a)
        let g = try Gamma(concentration: Tensor(alphas), rate: Tensor(1)).sample([], using: &b)
        XCTAssertEqual(mismatches(z.scalars, g.scalars.map { 2 * $0 }), 0)
        let dG = try GammaGradients.standardSampleDerivatives(concentrations: alphas, samples: g.scalars)
        XCTAssertEqual(mismatches(try gradients(of: z.sum(), withRespectTo: [df])[0].scalars, dG), 0)
    }

    /// How many elements differ (lengths must match).
    private func mismatches(_ a: [Double], _ b: [Double]) -> Int {
        XCTAssertEqual(a.count, b.count)
        return zip(a, b).filter { $0 != $1 }.count
    }
}
