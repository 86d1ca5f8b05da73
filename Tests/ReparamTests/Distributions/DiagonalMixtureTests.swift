import XCTest
@testable import Reparam

/// Diagonal (factorized-component) mixtures: per-sample gradients through Graves'
/// sequential transform against 50-digit mpmath derivatives of its inverse
/// (scripts/fixtures/mixture_fixtures.py), 2-D and 10-D; the backward pass
/// against the per-sample derivatives; sampler, density and moments.
final class DiagonalMixtureTests: XCTestCase {
    static func mixture(_ id: Int) throws -> DiagonalMixture {
        if id == 0 {
            let loc = try Tensor(rows: [[-1.0, 0.5], [0.8, -0.7], [2.0, 1.5]]), scale = try Tensor(rows: [[0.6, 1.2], [0.9, 0.4], [1.5, 0.8]])
            return try DiagonalMixture(components: Normal(loc: .parameter(loc), scale: .parameter(scale)), weights: .parameter([0.4, 1.1, 0.5]))
        }
        var locs: [Double] = [], scales: [Double] = []
        for k in 0..<5 {
            for d in 0..<10 {
                let sign: Double = (k + d) % 2 == 0 ? 1 : -1
                let magnitude: Double = 0.3 * Double(k) + 0.2 * Double(d)
                locs.append(sign * magnitude - 0.5)
                scales.append(0.5 + 0.1 * Double((3 * k + 2 * d) % 7))
            }
        }
        let loc = try Tensor(shape: [5, 10], scalars: locs), scale = try Tensor(shape: [5, 10], scalars: scales)
        return try DiagonalMixture(components: Normal(loc: .parameter(loc), scale: .parameter(scale)), logits: .parameter([0.2, -0.4, 0.7, 0.0, -1.0]))
    }

    func testPerSampleDerivativesAgainstMpmath() throws {
        let rows = try fixture("diagonal_mixture_derivatives.tsv")
        XCTAssertEqual(rows.count, 6)
        var worst = [Int: Double]()
        for r in rows {
            let id = Int(r[0]), D = Int(r[1]), K = Int(r[2])
            let z = Array(r[3..<(3 + D)]), reference = Array(r[(3 + D)...])
            let P = K + 2 * K * D
            XCTAssertEqual(reference.count, D * P)
            let d = try Self.mixture(id)
            let derivatives = try d.sampleDerivatives(Tensor(shape: [1, D], scalars: z))
            for dim in 0..<D {
                // The engine's row for coordinate dim: weights [K], loc [K·D], scale [K·D].
                let row = Array(derivatives[0].scalars[(dim * K)..<((dim + 1) * K)])
                    + Array(derivatives[1].scalars[(dim * K * D)..<((dim + 1) * K * D)])
                    + Array(derivatives[2].scalars[(dim * K * D)..<((dim + 1) * K * D)])
                let expected = Array(reference[(dim * P)..<((dim + 1) * P)])
                let scale = expected.map(abs).max()!
                for j in 0..<P {
                    // Entries that vanish (z_d does not depend on parameters of later coordinates) are compared absolutely.
                    let error = abs(row[j] - expected[j]) / max(abs(expected[j]), 1e-6 * scale)
                    XCTAssertLessThan(error, 1e-9, "case \(id) z\(dim) θ\(j): \(row[j]) vs \(expected[j])")
                    worst[id] = max(worst[id] ?? 0, error)
                }
            }
        }
        print("DiagonalMixture worst relative error of dz/dθ per case:", worst.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    }

    func testBackwardMatchesPerSampleDerivatives() throws {
        for id in 0..<2 {
            let d = try Self.mixture(id)
            var stream = RandomStream(seed: 4)
            let z = try d.rsample([30], using: &stream)
            let D = z.shape[1]
            let weights = Tensor(unchecked: z.shape, (0..<z.count).map { cos(Double($0)) })
            let leaves = d.parameters.map(\.value)
            let g = try gradients(of: (z * weights).sum(), withRespectTo: leaves)
            let gSum = try gradients(of: z.mean(), withRespectTo: leaves)
            let perSample = try d.sampleDerivatives(z.detached)
            for (j, leaf) in leaves.enumerated() {
                for m in 0..<leaf.count {
                    var weighted = 0.0, plain = 0.0
                    for e in 0..<z.count {
                        let v = perSample[j].scalars[e * leaf.count + m]
                        weighted += weights.scalars[e] * v
                        plain += v / Double(z.count)
                    }
                    XCTAssertEqual(g[j].scalars[m], weighted, accuracy: 1e-11 * max(1, abs(weighted)), "case \(id) parameter \(j)[\(m)]")
                    XCTAssertEqual(gSum[j].scalars[m], plain, accuracy: 1e-12 * max(1, abs(plain)), "case \(id) parameter \(j)[\(m)]")
                }
            }
            XCTAssertEqual(D, id == 0 ? 2 : 10)
        }
    }

    func testSamplesDensityAndMoments() throws {
        let d = try Self.mixture(0)
        var stream = RandomStream(seed: 9)
        let n = 20_000
        let z = try d.sample([n], using: &stream)
        XCTAssertEqual(z.shape, [n, 2])
        let π = [0.4, 1.1, 0.5].map { $0 / 2.0 }
        let loc = [[-1.0, 0.5], [0.8, -0.7], [2.0, 1.5]], scale = [[0.6, 1.2], [0.9, 0.4], [1.5, 0.8]]
        for dim in 0..<2 {
            let marginal = (0..<n).map { z.scalars[$0 * 2 + dim] }
            let statistic = kolmogorovSmirnov(marginal) { x in
                var F = 0.0
                for k in 0..<3 { F += π[k] * normalCDF((x - loc[k][dim]) / scale[k][dim]) }
                return F
            }
            XCTAssertLessThan(statistic, ksCritical(n), "marginal \(dim)")
            var mean = 0.0, second = 0.0
            for k in 0..<3 {
                mean += π[k] * loc[k][dim]
                second += π[k] * (scale[k][dim] * scale[k][dim] + loc[k][dim] * loc[k][dim])
            }
            assertRelative(d.mean.scalars[dim], mean, 1e-14, "mean \(dim)")
            assertRelative(d.variance.scalars[dim], second - mean * mean, 1e-14, "variance \(dim)")
        }
        let point = [0.3, -0.4]
        var density = 0.0
        for k in 0..<3 {
            var p = π[k]
            for dim in 0..<2 {
                let t = (point[dim] - loc[k][dim]) / scale[k][dim]
                p *= exp(-0.5 * t * t) / (scale[k][dim] * (2 * Double.pi).squareRoot())
            }
            density += p
        }
        assertRelative(try d.logProb(Tensor(point)).scalars[0], log(density), 1e-14, "logProb")
        XCTAssertThrowsError(try d.entropy())
        XCTAssertThrowsError(try DiagonalMixture(components: Normal(loc: Tensor([0, 1]), scale: Tensor(1)), weights: Tensor([1]))) {
            XCTAssert("\($0)".contains("batch shape [K, D]"))
        }
    }
}

extension DiagonalMixtureTests {
    /// The generic route (duals through the components' generic CDF and log density)
    /// gives the Normal closed forms' derivatives, and works for other families.
    func testGenericRouteMatchesNormalClosedForms() throws {
        let d = try Self.mixture(1)
        var stream = RandomStream(seed: 2)
        let z = try d.sample([5], using: &stream)
        var generic = d.kernel
        generic = GravesTransformKernel(K: generic.K, D: generic.D, logWeights: generic.logWeights, rawWeights: generic.rawWeights,
                                        components: generic.components, values: generic.values, isNormal: false)
        var expected: [Double] = []
        for (kernel, label) in [(d.kernel, "closed form"), (generic, "generic")] {
            let scratch = kernel.makeScratch()
            var sums = [Double](repeating: 0, count: kernel.width)
            z.scalars.withUnsafeBufferPointer { zb in
                sums.withUnsafeMutableBufferPointer { out in
                    for i in 0..<5 {
                        _ = kernel.evaluate(zb, base: i * 10, scratch)
                        kernel.accumulate(zb, base: i * 10, upstream: { Double($0 + 1) }, scratch, into: out)
                    }
                }
            }
            if label == "closed form" { expected = sums } else {
                for j in sums.indices { XCTAssertEqual(sums[j], expected[j], accuracy: 1e-12 * max(1, abs(expected[j])), "slot \(j)") }
            }
        }
        // A Logistic diagonal mixture samples and differentiates through the generic route.
        let logistic = try DiagonalMixture(components: Logistic(loc: .parameter(try Tensor(rows: [[0, 1], [2, -1]])), scale: .parameter(0.7)),
                                           logits: .parameter([0.3, -0.3]))
        let sample = try logistic.rsample([100], using: &stream)
        let g = try gradients(of: sample.sum(), withRespectTo: logistic.parameters.map(\.value))
        XCTAssert(g.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
        // Shifting every loc by c shifts every sample by c: Σ dz/dloc = n·D.
        XCTAssertEqual(g[1].scalars.reduce(0, +), 200, accuracy: 1e-9)
    }
}

extension DiagonalMixtureTests {
    /// With Gamma components (the generic route): the first coordinate of a diagonal
    /// mixture is the univariate mixture of the first column, whose derivatives are
    /// checked against mpmath in `MixtureTests`; so its derivatives must agree.
    func testFirstCoordinateIsTheUnivariateMixture() throws {
        let concentration = try Tensor(rows: [[2.5, 0.8], [1.2, 3.0]]), rate = try Tensor(rows: [[1.5, 2.0], [0.7, 1.1]])
        let d = try DiagonalMixture(components: Gamma(concentration: .parameter(concentration), rate: .parameter(rate)), weights: .parameter([0.4, 0.6]))
        let marginal = try Mixture(components: [Gamma(concentration: .parameter(2.5), rate: .parameter(1.5)), Gamma(concentration: .parameter(1.2), rate: .parameter(0.7))],
                                   weights: .parameter([0.4, 0.6]))
        var stream = RandomStream(seed: 11)
        let z = try d.sample([20], using: &stream)
        let joint = try d.sampleDerivatives(z)
        let first = try marginal.sampleDerivatives(Tensor((0..<20).map { z.scalars[$0 * 2] }))
        for i in 0..<20 {
            // d z₀/d weights, d z₀/d α_k0, d z₀/d β_k0; z₀ does not depend on the second column.
            for k in 0..<2 {
                XCTAssertEqual(joint[0].scalars[(i * 2) * 2 + k], first[0].scalars[i * 2 + k], accuracy: 1e-12 * max(1, abs(first[0].scalars[i * 2 + k])))
                XCTAssertEqual(joint[1].scalars[(i * 2) * 4 + k * 2], first[1 + 2 * k].scalars[i], accuracy: 1e-12 * max(1, abs(first[1 + 2 * k].scalars[i])))
                XCTAssertEqual(joint[2].scalars[(i * 2) * 4 + k * 2], first[2 + 2 * k].scalars[i], accuracy: 1e-12 * max(1, abs(first[2 + 2 * k].scalars[i])))
                XCTAssertEqual(joint[1].scalars[(i * 2) * 4 + k * 2 + 1], 0)
            }
        }
        // The generic log densities agree with the families' own.
        let families: [(any DifferentiableLogDensity, Double)] = [
            (try Gamma(concentration: Tensor(2.5), rate: Tensor(1.5)), 2.0), (try Beta(a: Tensor(2), b: Tensor(3)), 0.3),
            (try StudentT(df: Tensor(4), loc: Tensor(0.5), scale: Tensor(1.2)), 1.1), (try Laplace(loc: Tensor(0.5), scale: Tensor(1.2)), -0.4),
            (try Gumbel(loc: Tensor(0.5), scale: Tensor(1.2)), 0.9), (try Cauchy(loc: Tensor(0.5), scale: Tensor(1.2)), 3.0),
            (try Logistic(loc: Tensor(0.5), scale: Tensor(1.2)), -2.0),
        ]
        for (family, x) in families {
            let θ = family.parameters.map { $0.value.scalars[0] }
            let generic = family.logDensity(at: Dual(x), parameters: θ.map { Dual($0) }).value
            XCTAssertEqual(generic, family.logDensity(at: x, parameters: θ), accuracy: 1e-14 * max(1, abs(generic)), family.name)
        }
        // The backward pass agrees with the per-sample derivatives on the generic route too.
        let zr = try d.implicitlyReparameterized(z)
        let g = try gradients(of: zr.sum(), withRespectTo: d.parameters.map(\.value))
        for (j, leaf) in d.parameters.map(\.value).enumerated() {
            for m in 0..<leaf.count {
                var total = 0.0
                for e in 0..<z.count { total += joint[j].scalars[e * leaf.count + m] }
                XCTAssertEqual(g[j].scalars[m], total, accuracy: 1e-11 * max(1, abs(total)))
            }
        }
    }
}
