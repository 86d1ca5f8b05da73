import XCTest
@testable import Reparam

/// logProb, cdf, mean, variance and entropy of every family are
/// differentiable in the parameters: their tape gradients against central
/// finite differences (relative error 1e-6).
final class DistributionMethodGradientTests: XCTestCase {
    typealias Maker = ([Tensor]) throws -> any Distribution

    let families: [(String, [Double], Tensor, Maker)] = [
        ("Normal", [0.3, 1.7], Tensor([-1, 0.5, 2]), { try Normal(loc: $0[0], scale: $0[1]) }),
        ("LogNormal", [0.3, 0.7], Tensor([0.5, 1, 3]), { try LogNormal(loc: $0[0], scale: $0[1]) }),
        ("Uniform", [-1, 2.5], Tensor([-0.5, 0.5, 2]), { try Uniform(low: $0[0], high: $0[1]) }),
        ("Exponential", [1.3], Tensor([0.2, 1, 3]), { try Exponential(rate: $0[0]) }),
        ("Laplace", [0.3, 1.7], Tensor([-1, 0.5, 2]), { try Laplace(loc: $0[0], scale: $0[1]) }),
        ("Logistic", [0.3, 1.7], Tensor([-1, 0.5, 2]), { try Logistic(loc: $0[0], scale: $0[1]) }),
        ("Cauchy", [0.3, 1.7], Tensor([-1, 0.5, 2]), { try Cauchy(loc: $0[0], scale: $0[1]) }),
        ("Gumbel", [0.3, 1.7], Tensor([-1, 0.5, 2]), { try Gumbel(loc: $0[0], scale: $0[1]) }),
        ("Gamma", [2.5, 1.5], Tensor([0.3, 1, 4]), { try Gamma(concentration: $0[0], rate: $0[1]) }),
        ("Gamma large", [40, 2], Tensor([15, 20, 25]), { try Gamma(concentration: $0[0], rate: $0[1]) }),
        ("Chi2", [3.5], Tensor([0.3, 1, 4]), { try Chi2(df: $0[0]) }),
        ("Beta", [2, 3.5], Tensor([0.1, 0.4, 0.8]), { try Beta(a: $0[0], b: $0[1]) }),
        ("StudentT", [4.5, 0.3, 1.7], Tensor([-1, 0.5, 2]), { try StudentT(df: $0[0], loc: $0[1], scale: $0[2]) }),
    ]

    func testMethodsAgainstFiniteDifferences() throws {
        for (name, values, x, make) in families {
            let methods: [(String, (any Distribution) throws -> Tensor)] = [
                ("logProb", { try $0.logProb(x).sum() }), ("cdf", { try $0.cdf(x).sum() }),
                ("mean", { $0.mean.sum() }), ("variance", { $0.variance.sum() }), ("entropy", { try $0.entropy().sum() }),
            ]
            for (method, f) in methods {
                let leaves = values.map { Tensor.parameter($0) }
                let output = try f(make(leaves))
                guard output.scalars[0].isFinite else { continue }
                let analytic = try gradients(of: output, withRespectTo: leaves)
                for k in values.indices {
                    let h = 1e-6 * Swift.max(1, Swift.abs(values[k]))
                    func at(_ delta: Double) throws -> Double {
                        var shifted = values
                        shifted[k] += delta
                        return try f(make(shifted.map { Tensor($0) })).scalars[0]
                    }
                    let numeric = (try at(h) - at(-h)) / (2 * h)
                    let error = Swift.abs(analytic[k].scalars[0] - numeric) / Swift.max(1e-4, Swift.abs(numeric))
                    XCTAssertLessThan(error, 1e-6, "\(name).\(method) ∂/∂θ\(k): tape \(analytic[k].scalars[0]), finite difference \(numeric)")
                }
            }
        }
    }
}
