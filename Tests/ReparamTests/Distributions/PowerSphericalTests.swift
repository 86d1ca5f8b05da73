import Foundation
import XCTest
@testable import Reparam

/// PowerSpherical against 50-digit mpmath references (log N, log p, ∂log p/∂κ, entropy, E[t];
/// scripts/fixtures/power_spherical.py), the closed-form gradients of E[z] = E[t] μ̂ within 5 SE,
/// finite differences of the drawn samples at the poles μ = ±e₁, and a KS test of t = μ̂ᵀz.
final class PowerSphericalTests: XCTestCase {
    func testAgainstFiftyDigitReferences() throws {
        var worst: [String: (error: Double, at: String)] = [:]
        func record(_ what: String, _ computed: Double, _ expected: Double, _ tolerance: Double, _ at: String) {
            let error = abs(computed - expected) / max(1, abs(expected))
            if error > (worst[what]?.error ?? -1) { worst[what] = (error, at) }
            XCTAssertLessThanOrEqual(error, tolerance, "\(what) at \(at): \(computed) against \(expected)")
        }
        var rows = 0
        for row in try fixture("power_spherical.tsv") {
            if row[0] == -1 {
                // Entropy against quadrature of −∫ p log p over t's marginal.
                let d = Int(row[1]), κ = row[2]
                let mu = Tensor([1] + [Double](repeating: 0, count: d - 1))
                let entropy = try PowerSpherical(mu: mu, concentration: Tensor(κ)).entropy().scalar ?? .nan
                record("entropy (quadrature)", entropy, row[4], 1e-13, "d \(d), κ \(κ)")
                continue
            }
            rows += 1
            let d = Int(row[0]), κ = row[1]
            let mu = Tensor(Array(row[2..<(2 + d)])), z = Tensor(Array(row[(2 + d)..<(2 + 2 * d)]))
            let reference = Array(row[(2 + 2 * d)...])
            let concentration = Tensor.parameter(κ)
            let distribution = try PowerSpherical(mu: mu, concentration: concentration)
            let at = "d \(d), κ \(κ)"
            // Conditioning: z is known to 1e-16, so log p moves by about κ·1e-16/(1 + μ̂ᵀz).
            let logProb = try distribution.logProb(z)
            record("log N", try distribution.logNormalizer.scalar ?? .nan, reference[0], 3e-14, at)
            record("log p", logProb.scalar ?? .nan, reference[1], 5e-14 * max(1, κ), at)
            record("∂log p/∂κ", try gradients(of: logProb, withRespectTo: [concentration])[0].scalar ?? .nan, reference[2], 1e-13 * max(1, κ), at)
            // log Γ(α) − log Γ(α+β) and κ(ψ(α) − ψ(α+β)) cancel terms of size κ log κ and β: about κ·1e-16.
            record("entropy", try distribution.entropy().scalar ?? .nan, reference[3], 1e-13 + 5e-16 * κ, at)
            // E[z] = E[t] μ̂: its projection on μ̂ is E[t].
            let meanT = (distribution.mean * distribution.direction).sum().scalar ?? .nan
            record("E[t]", meanT, reference[4], 1e-15, at)
        }
        XCTAssertEqual(rows, 98)
        for (what, (error, at)) in worst.sorted(by: { $0.key < $1.key }) { print("PowerSpherical \(what): worst relative error \(error) at \(at)") }
    }

    /// ∂E[z]/∂κ = (d − 1)/(κ + d − 1)² μ̂ and ∂E[wᵀz]/∂μ = E[t] (I − μ̂μ̂ᵀ) w / ‖μ‖: pathwise gradients of
    /// wᵀ(mean of 5,000 draws), 20 independent batches, within 5 SE; at a generic μ (not of unit length) and at ±e₁.
    func testGradientsOfTheMeanWithinFiveStandardErrors() throws {
        let cases: [([Double], Double)] = [([0.5, -1, 2, 0.3], 3.5), ([1, 0, 0], 1.2), ([-1, 0, 0], 8), ([0, 1], 0.4)]
        var stream = RandomStream(seed: 31)
        for (μ, κ) in cases {
            let d = μ.count, length = μ.reduce(0) { $0 + $1 * $1 }.squareRoot(), unit = μ.map { $0 / length }
            let w: [Double] = (0..<d).map { i in
                let x = Double(i)
                return 0.7 - 0.45 * x + 0.1 * x * x
            }
            let spread = κ + Double(d - 1), m = κ / spread
            let wμ: Double = zip(w, unit).reduce(0) { $0 + $1.0 * $1.1 }
            let slopeInDirection: [Double] = (0..<d).map { i in m * (w[i] - unit[i] * wμ) / length }
            let expected: [Double] = [Double(d - 1) / (spread * spread) * wμ] + slopeInDirection
            var batches: [[Double]] = []
            for _ in 0..<20 {
                let mu = Tensor.parameter(μ), concentration = Tensor.parameter(κ)
                let z = try PowerSpherical(mu: mu, concentration: concentration).rsample([5000], using: &stream)
                let objective = try z.multiplying(Tensor(w)).sum(axis: -1).mean()
                let g = try gradients(of: objective, withRespectTo: [concentration, mu])
                XCTAssert(g[1].scalars.allSatisfy(\.isFinite), "μ \(μ): gradient \(g[1].scalars)")
                batches.append(g[0].scalars + g[1].scalars)
            }
            for k in expected.indices {
                let (mean, se) = meanAndStandardError(batches.map { $0[k] })
                XCTAssertEqual(mean, expected[k], accuracy: 5 * se + 1e-12, "μ \(μ), κ \(κ), entry \(k) (0 is κ): SE \(se)")
            }
        }
    }

    /// The gradient of Σ wᵢ zᵢ over draws made by inversion (common random numbers) against
    /// Richardson-extrapolated central differences in every entry of μ and in κ, at μ = e₁ and
    /// μ = −e₁ (where a reflection from e₁ divides by zero), at μ = e₃ (where a reflection from
    /// −sign(μ₁) e₁ would jump as μ₁ crosses 0) and at a generic direction.
    func testGradcheckAtThePoles() throws {
        let cases: [([Double], Double)] = [([1, 0, 0], 2.5), ([-1, 0, 0], 2.5), ([1, 0, 0, 0, 0], 40), ([-1, 0, 0, 0, 0], 0.7),
                                           ([0, 0, 1], 3), ([0, 1], 1.5), ([0.3, -0.8, 0.52], 5)]
        for (μ, κ) in cases {
            let d = μ.count
            func draw(_ mu: Tensor, _ concentration: Tensor) throws -> Tensor {
                var stream = RandomStream(seed: 77)
                return try PowerSpherical(mu: mu, concentration: concentration).rsampleByInversion([16], using: &stream)
            }
            let weights = Tensor(unchecked: [16, d], (0..<(16 * d)).map { 0.5 + Double(($0 * 7) % 11) / 11 })
            func objective(_ mu: [Double], _ concentration: Double) throws -> Double {
                try draw(Tensor(mu), Tensor(concentration)).multiplying(weights).sum().scalar ?? .nan
            }
            let mu = Tensor.parameter(μ), concentration = Tensor.parameter(κ)
            let g = try gradients(of: draw(mu, concentration).multiplying(weights).sum(), withRespectTo: [mu, concentration])
            let pathwise = g[0].scalars + g[1].scalars
            XCTAssert(pathwise.allSatisfy(\.isFinite), "μ \(μ): \(pathwise)")
            for k in 0...d {
                func at(_ step: Double) throws -> Double {
                    var moved = μ, c = κ
                    if k < d { moved[k] += step } else { c += step }
                    return try objective(moved, c)
                }
                let h = 1e-4 * (k < d ? 1 : max(1, κ))
                let coarse = (try at(h) - at(-h)) / (2 * h), fine = (try at(h / 2) - at(-h / 2)) / h
                let difference = (4 * fine - coarse) / 3
                XCTAssertEqual(pathwise[k], difference, accuracy: 1e-7 * max(1, abs(difference)), "μ \(μ), κ \(κ), \(k < d ? "μ[\(k)]" : "κ")")
            }
        }
    }

    /// (1 + t)/2 ~ Beta((d−1)/2 + κ, (d−1)/2) for t = μ̂ᵀz, every draw of unit length.
    func testTheCosineMarginalPassesKolmogorovSmirnov() throws {
        var stream = RandomStream(seed: 9)
        let n = 20_000
        for (μ, κ) in [([0.0, 0, 1], 0.3), ([2.0, -1, 0, 0.5, 3, 1, 0], 20), ([-1.0, 0], 3), ([1.0, 0, 0], 1e4)] {
            let d = μ.count
            let distribution = try PowerSpherical(mu: Tensor(μ), concentration: Tensor(κ))
            let z = try distribution.sample([n], using: &stream).scalars, unit = distribution.direction.scalars
            var cosines: [Double] = []
            for r in 0..<n {
                let row = Array(z[(r * d)..<((r + 1) * d)])
                XCTAssertEqual(row.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-14)
                cosines.append(zip(row, unit).reduce(0) { $0 + $1.0 * $1.1 })
            }
            let α = Double(d - 1) / 2 + κ, β = Double(d - 1) / 2
            let statistic = kolmogorovSmirnov(cosines) { regularizedBeta((1 + $0) / 2, α, β) }
            XCTAssertLessThan(statistic, ksCritical(n), "μ \(μ), κ \(κ)")
        }
    }

    func testMessagesShapesAndTheSupport() throws {
        func message(_ build: () throws -> PowerSpherical) -> String {
            do { _ = try build(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { try PowerSpherical(mu: Tensor([0, 0, 0]), concentration: Tensor(1)) },
                       "PowerSpherical: mu must be a nonzero vector of finite length (it is normalized to the mean direction μ/‖μ‖), got the zero vector")
        XCTAssertEqual(message { try PowerSpherical(mu: Tensor([1]), concentration: Tensor(1)) },
                       "PowerSpherical: mu must be a vector of d ≥ 2 values (shape [..., d]): a direction in ℝᵈ, d ≥ 2, got shape [1]")
        XCTAssertEqual(message { try PowerSpherical(mu: Tensor(1), concentration: Tensor(1)) },
                       "PowerSpherical: mu must be a vector of d ≥ 2 values (shape [..., d]): a direction in ℝᵈ, d ≥ 2, got shape []")
        XCTAssertEqual(message { try PowerSpherical(mu: Tensor([0, 1]), concentration: Tensor(-2)) },
                       "PowerSpherical: concentration must be positive, got -2")
        XCTAssertEqual(message { try PowerSpherical(mu: Tensor([0, 1]), concentration: Tensor(0)) },
                       "PowerSpherical: concentration must be positive, got 0")
        XCTAssertEqual(message { try PowerSpherical(mu: Tensor([.nan, 1]), concentration: Tensor(1)) },
                       "PowerSpherical: mu must be a finite real number, got nan at index 0")
        XCTAssertEqual(message { try PowerSpherical(mu: Tensor(unchecked: [2, 2], [1, 0, 0, 0]), concentration: Tensor(1)) },
                       "PowerSpherical: mu must be a nonzero vector of finite length (it is normalized to the mean direction μ/‖μ‖), got the zero vector at row 1")
        XCTAssertThrowsError(try PowerSpherical(mu: Tensor(unchecked: [2, 3], [1, 0, 0, 0, 1, 0]), concentration: Tensor([1, 2, 3]))) {
            XCTAssertEqual("\($0)", "PowerSpherical: mu's batch shape [2] does not broadcast with concentration's [3] (mu is [..., d])")
        }
        // A batch: mu [2, 3] against concentration [4, 1] → batch [4, 2].
        let batch = try PowerSpherical(mu: Tensor(unchecked: [2, 3], [1, 0, 0, 0, 3, 4]), concentration: Tensor(unchecked: [4, 1], [0.5, 1, 2, 4]))
        XCTAssertEqual(batch.batchShape, [4, 2])
        XCTAssertEqual(batch.eventShape, [3])
        var stream = RandomStream(seed: 2)
        XCTAssertEqual(try batch.rsample([5], using: &stream).shape, [5, 4, 2, 3])
        XCTAssertEqual(batch.mean.shape, [4, 2, 3])
        XCTAssertEqual(batch.mean.scalars[3 + 2], 0.5 / 2.5 * 0.8, accuracy: 1e-15)   // κ = 0.5, d = 3, μ̂ = [0, 0.6, 0.8]
        XCTAssertEqual(try batch.entropy().shape, [4, 2])
        // Off the sphere: −∞; on it: finite.
        let d = try PowerSpherical(mu: Tensor([0, 1]), concentration: Tensor(2))
        let values = try d.logProb(Tensor(unchecked: [3, 2], [0.6, 0.8, 0.6, 0.9, 0, -1])).scalars
        XCTAssertEqual(values[1], -.infinity)
        XCTAssertEqual(values[2], -.infinity)   // the antipode: (1 − 1)^κ = 0
        // d = 2: p(z) = (1 + μᵀz)^κ / (2^(κ+1) π^½ Γ(κ+½)/Γ(κ+1)).
        let expected = 2 * Foundation.log(1.8) - (3 * Foundation.log(2) + 0.5 * Foundation.log(Double.pi) + logGamma(2.5) - logGamma(3))
        XCTAssertEqual(values[0], expected, accuracy: 1e-14)
        // The variance's trace is E‖z − E z‖² = 1 − ‖E z‖².
        let wide = try PowerSpherical(mu: Tensor([1, 2, -2]), concentration: Tensor(3.3))
        let trace = wide.variance.sum().scalar ?? .nan, m = 3.3 / 5.3
        XCTAssertEqual(trace, 1 - m * m, accuracy: 1e-15)
    }
}
