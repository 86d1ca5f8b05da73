import XCTest
@testable import Reparam

/// Draws and gradients of the cheap families are the same bits on 1, 2 and 3 threads, and the
/// fused kernels draw exactly the numbers the generic formulas gave before them.
final class ThreadCountIndependenceTests: XCTestCase {
    /// Above `Parallel.minimumParallelCount`, so every kernel splits; odd, so chunk edges fall mid-block.
    let count = 120_001

    /// The families whose rsample runs through the generic explicit path, the location–scale path,
    /// plain tensor operations, a transform, or its own kernel (the low-rank normal: five coordinates,
    /// so both its four-lane and its one-lane columns); shared parameters (one batch element) and a batch of two.
    static let families: [(String, @Sendable () throws -> any Distribution)] = [
        ("uniform", { try Uniform(low: .parameter(-1), high: .parameter(2)) }),
        ("uniform batch", { try Uniform(low: .parameter([-1, 0]), high: .parameter([2, 0.5])) }),
        ("exponential", { try Exponential(rate: .parameter(2)) }),
        ("exponential batch", { try Exponential(rate: .parameter([2, 0.25])) }),
        ("normal", { try Normal(loc: .parameter(0.5), scale: .parameter(1.5)) }),
        ("laplace", { try Laplace(loc: .parameter(0.5), scale: .parameter(1.5)) }),
        ("cauchy", { try Cauchy(loc: .parameter(0.5), scale: .parameter(1.5)) }),
        ("logistic", { try Logistic(loc: .parameter(0.5), scale: .parameter(1.5)) }),
        ("gumbel", { try Gumbel(loc: .parameter(0.5), scale: .parameter(1.5)) }),
        ("lognormal", { try LogNormal(loc: .parameter(0.5), scale: .parameter(1.5)) }),
        ("pareto", { try Pareto(scale: .parameter(1), alpha: .parameter(3)) }),
        ("pareto batch", { try Pareto(scale: .parameter([1, 2]), alpha: .parameter(3)) }),
        ("halfnormal", { try HalfNormal(scale: .parameter(1.5)) }),
        ("weibull", { try Weibull(scale: .parameter(1.5), concentration: .parameter(2)) }),
        ("kumaraswamy", { try Kumaraswamy(a: .parameter(2), b: .parameter(5)) }),
        ("logitnormal", { try LogitNormal(loc: .parameter(0.5), scale: .parameter(1.5)) }),
        ("generalizedpareto", { try GeneralizedPareto(loc: .parameter(0), scale: .parameter(1), concentration: .parameter(0.3)) }),
        ("lowrank", { try LowRankMultivariateNormal(loc: .parameter([0.5, -1, 2, 0, 1]),
                                                    covFactor: .parameter(Tensor(unchecked: [5, 2], [1, 0.2, 0.5, -0.7, -1, 0.4, 0.3, 0, 2, -1])),
                                                    covDiag: .parameter([1, 0.5, 2, 1.5, 0.25])) }),
        ("lowrank batch", { try LowRankMultivariateNormal(loc: .parameter(Tensor(unchecked: [2, 3], [0.5, -1, 2, 0, 1, 0])),
                                                          covFactor: .parameter(Tensor(unchecked: [3, 1], [1, 0.5, -0.7])), covDiag: .parameter([1, 0.5, 2])) }),
        ("transformed", { try TransformedDistribution(Normal(loc: .parameter(0.5), scale: .parameter(1.5)),
                                                      by: [.exp, .affine(loc: .parameter(1), scale: .parameter(2))]) }),
    ]

    /// The draws, ∂mean/∂θ (a one-number upstream gradient) and ∂mean(z²)/∂θ (one per draw), as bits.
    func run(_ make: () throws -> any Distribution, threads: Int) throws -> [[UInt64]] {
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        Parallel.threadCount = threads
        let d = try make()
        let leaves = d.parameters.map(\.value).filter(\.requiresGradient)
        var stream = RandomStream(seed: 17, drawCount: 4)
        let z = try d.rsample([count], using: &stream)
        let byMean = try gradients(of: z.mean(), withRespectTo: leaves)
        let bySquare = try gradients(of: (z * z).mean(), withRespectTo: leaves)
        return [z.scalars.map(\.bitPattern)] + (byMean + bySquare).map { $0.scalars.map(\.bitPattern) }
    }

    func testDrawsAndGradientsAreTheSameBitsOnAnyThreadCount() throws {
        for (name, make) in Self.families {
            let one = try run(make, threads: 1)
            XCTAssertGreaterThan(one[0].count, count - 1, name)
            for threads in [2, 3] {
                let many = try run(make, threads: threads)
                XCTAssertEqual(many.count, one.count, name)
                for (k, (a, b)) in zip(one, many).enumerated() where a != b {
                    let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1
                    XCTFail("\(name), \(threads) threads: output \(k) differs first at element \(first)")
                }
            }
        }
    }

    /// The fused rsample kernels draw what the generic formulas drew: z = a + (b − a)u, z = E/λ,
    /// and the location–scale families' ε from the same uniforms (Laplace's inverse CDF here).
    func testFusedKernelsDrawTheGenericFormulasNumbers() throws {
        for threads in [1, 2] {
            let saved = Parallel.threadCount
            defer { Parallel.threadCount = saved }
            Parallel.threadCount = threads
            var a = RandomStream(seed: 3), b = RandomStream(seed: 3)
            let uniform = try Uniform(low: .parameter([-1, 0]), high: .parameter([2, 0.5])).rsample([count / 2], using: &a).scalars
            let u = b.uniform(count: count / 2 * 2)
            let lows = [-1.0, 0], highs = [2.0, 0.5]
            XCTAssertEqual(uniform.map(\.bitPattern), u.indices.map { (lows[$0 % 2] + (highs[$0 % 2] - lows[$0 % 2]) * u[$0]).bitPattern })

            let exponential = try Exponential(rate: .parameter(2)).rsample([count], using: &a).scalars
            XCTAssertEqual(exponential.map(\.bitPattern), b.exponential(count: count).map { ($0 / 2).bitPattern })

            let laplace = try Laplace(loc: Tensor(0), scale: Tensor(1)).sample([count], using: &a).scalars
            let laplaceU = b.uniform(count: count)
            XCTAssertEqual(laplace.map(\.bitPattern), laplaceU.map { u -> UInt64 in
                let e = Foundation.log(u < 0.5 ? 2 * u : 2 - 2 * u)
                return (0 + 1 * (u < 0.5 ? e : -e)).bitPattern
            })
        }
    }

    /// The explicit families' one-number-upstream gradients from the forward sweep's sums agree with
    /// the closed forms: ∂E[z]/∂a = 1 − ū, ∂E[z]/∂b = ū for Uniform, ∂E[z]/∂λ = −z̄/λ for Exponential.
    func testSweepSumsGiveTheClosedFormGradients() throws {
        let low = Tensor.parameter(-1), high = Tensor.parameter(2), rate = Tensor.parameter(2)
        var stream = RandomStream(seed: 5), replay = stream
        let z = try Uniform(low: low, high: high).rsample([count], using: &stream)
        let u = replay.uniform(count: count)
        let mean = u.reduce(0, +) / Double(count)
        let g = try gradients(of: z.mean(), withRespectTo: [low, high])
        XCTAssertEqual(g[0].scalars[0], 1 - mean, accuracy: 1e-13)
        XCTAssertEqual(g[1].scalars[0], mean, accuracy: 1e-13)
        let e = try Exponential(rate: rate).rsample([count], using: &stream)
        let ge = try gradients(of: e.mean(), withRespectTo: [rate])
        XCTAssertEqual(ge[0].scalars[0], -e.scalars.reduce(0, +) / Double(count) / 2, accuracy: 1e-13)
    }

    /// A gradient summed down a broadcast (a [30000, 7] upstream onto a [7] parameter) runs in blocks
    /// fixed by the shape: the same bits on 1, 2 and 3 threads, and the column sums to 1e-12.
    func testBroadcastSumIsTheSameBitsOnAnyThreadCount() {
        let rows = 30_000, width = 7
        let x = (0..<(rows * width)).map { Foundation.sin(Double($0)) }
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        var results: [[UInt64]] = []
        for threads in [1, 2, 3] {
            Parallel.threadCount = threads
            results.append(Kernels.sum(x, from: [rows, width], to: [width]).map(\.bitPattern))
        }
        XCTAssertEqual(results[1], results[0])
        XCTAssertEqual(results[2], results[0])
        for j in 0..<width {
            let reference = stride(from: j, to: x.count, by: width).reduce(0.0) { $0 + x[$1] }
            XCTAssertEqual(Double(bitPattern: results[0][j]), reference, accuracy: 1e-12, "column \(j)")
        }
    }
}
