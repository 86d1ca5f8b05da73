import Foundation
import Reparam

/// The multivariate cases, 10,000 draws per call whatever `--n` says, with the parameters of
/// scripts/bench/multivariate.py (PyTorch on the same work):
///
///     mvn50-scaletril    MultivariateNormal(loc, scale_tril: L), ℝ⁵⁰; gradients to loc and L
///     mvn50-covariance   MultivariateNormal(loc, covariance: L Lᵀ); gradients to loc and Σ (through the Cholesky backward)
///     wishart5           Wishart(df: 8, covariance: L₅ L₅ᵀ), 5 × 5 draws; gradients to df and Σ
///     lkj5               LKJCholesky(5, concentration: 2); gradient to η
///     powerspherical50   PowerSpherical(mu, concentration: 10) on S⁴⁹; gradients to μ and κ (no torch counterpart)
///
/// L: 1 + 0.02 i on the diagonal, 0.3 sin(i + 2j)/√(i + 1) below it; loc_i = 0.01 i.
let multivariateCases: [EngineCase] = [
    multivariate("mvn50-scaletril") { try MultivariateNormal(loc: .parameter(location(50)), scaleTril: .parameter(benchFactor(50))) },
    multivariate("mvn50-covariance") {
        let l = benchFactor(50)
        return try MultivariateNormal(loc: .parameter(location(50)), covariance: .parameter(matmul(l, l.matrixTransposed())))
    },
    multivariate("wishart5") {
        let l = benchFactor(5)
        return try Wishart(df: .parameter(8), covariance: .parameter(matmul(l, l.matrixTransposed())))
    },
    multivariate("lkj5") { try LKJCholesky(dimension: Tensor(5), concentration: .parameter(2)) },
    multivariate("powerspherical50") { try PowerSpherical(mu: .parameter(location(50) + 0.1), concentration: .parameter(10)) },
]

/// A case of 10,000 draws of one distribution.
private func multivariate(_ name: String, _ make: @escaping @Sendable () throws -> any Distribution) -> EngineCase {
    EngineCase(family: name, make: { _ in try make() }, fixedCount: 10_000)
}

private func location(_ n: Int) -> Tensor { Tensor((0..<n).map { 0.01 * Double($0) }) }

/// The benchmark's lower-triangular factor (see above).
private func benchFactor(_ n: Int) -> Tensor {
    let values = (0..<(n * n)).map { e -> Double in
        let i = e / n, j = e % n
        return i == j ? 1 + 0.02 * Double(i) : j < i ? 0.3 * Foundation.sin(Double(i + 2 * j)) / Double(i + 1).squareRoot() : 0
    }
    return (try? Tensor(shape: [n, n], scalars: values)) ?? Tensor(values)
}
