import Foundation
import Reparam

/// Draws by inversion for the multivariate families `gradcheck` meets, so that
/// the same uniforms at θ − h, θ and θ + h give samples that move smoothly with θ.
///
/// * A product `factorized(d₁, …, d_D)`: each coordinate z_d = F_d⁻¹(u_d; θ_d).
/// * A diagonal mixture: Graves' sequential distributional transform inverted,
///   coordinate by coordinate,
///
///       z_d = F_d⁻¹(u_d | z_<d),   F_d(z | z_<d) = Σₖ πₖ⁽ᵈ⁾ Fₖd(z),   πₖ⁽ᵈ⁾ ∝ πₖ Π_{j<d} pₖj(z_j),
///
///   whose derivative holding u fixed is exactly the implicit gradient the
///   engine attaches (`DiagonalMixture.implicitlyReparameterized`). Drawing the
///   component first (as `rsample` does) is piecewise constant in the weights,
///   so its finite difference in the weights would be 0.
enum GradCheckDraws {
    /// Factors drawn one after the other by `invert`, stacked along the event axis; nil when one cannot be inverted.
    static func factorized(_ product: Factorized, _ shape: [Int], _ stream: inout RandomStream,
                           invert: (any Distribution, [Int], inout RandomStream) throws -> Tensor?) throws -> Tensor? {
        var columns: [Tensor] = []
        for factor in product.factors {
            guard let column = try invert(factor, shape, &stream) else { return nil }
            columns.append(column)
        }
        return try stack(columns, axis: shape.count)
    }

    /// n = Π shape draws of a diagonal mixture by the inverse sequential transform, shape `shape + [D]`.
    static func diagonalMixture(_ mixture: DiagonalMixture, _ shape: [Int], _ stream: inout RandomStream) throws -> Tensor {
        let components = mixture.components
        guard components.batchShape.count == 2 else { throw ReparamError.shape("diagonal mixture components need batch shape [K, D]") }
        let K = components.batchShape[0], D = components.batchShape[1]
        let n = shape.reduce(1, *)
        let zeros = try Tensor(shape: [K, D], scalars: [Double](repeating: 0, count: K * D))
        let values = try components.parameters.map { try $0.value.detached.adding(zeros).scalars }
        let logWeights = mixture.probabilities.detached.scalars.map { Foundation.log($0) }
        let u = stream.uniform(count: n * D)
        // Each component's quantile at every u: the mixture's lies between their smallest and largest.
        var expanded = [Double](repeating: 0, count: n * K * D)
        for i in 0..<n { for k in 0..<K { for d in 0..<D { expanded[(i * K + k) * D + d] = u[i * D + d] } } }
        let quantiles = try components.icdf(Tensor(shape: [n, K, D], scalars: expanded)).scalars
        var z = [Double](repeating: 0, count: n * D)
        var θ = [Double](repeating: 0, count: values.count)
        func parameters(_ k: Int, _ d: Int) -> [Double] {
            for p in values.indices { θ[p] = values[p][k * D + d] }
            return θ
        }
        var logPosterior = [Double](repeating: 0, count: K)
        for i in 0..<n {
            for k in 0..<K { logPosterior[k] = logWeights[k] }
            for d in 0..<D {
                let top = logPosterior.max() ?? 0
                var weights = logPosterior.map { Foundation.exp($0 - top) }
                let total = weights.reduce(0, +)
                weights = weights.map { $0 / total }
                let bracket = (0..<K).map { quantiles[(i * K + $0) * D + d] }
                let target = u[i * D + d]
                let value = solve(target, lo: bracket.min() ?? 0, hi: bracket.max() ?? 0) { x in
                    (0..<K).reduce(0.0) { sum, k in sum + weights[k] * components.cdf(at: x, parameters: parameters(k, d)) }
                }
                z[i * D + d] = value
                for k in 0..<K { logPosterior[k] += components.logDensity(at: value, parameters: parameters(k, d)) }
            }
        }
        return try mixture.implicitlyReparameterized(Tensor(shape: shape + [D], scalars: z))
    }

    /// x in [lo, hi] with F(x) = u, by bisection to the last representable step (F nondecreasing).
    private static func solve(_ u: Double, lo: Double, hi: Double, _ F: (Double) -> Double) -> Double {
        var lo = lo, hi = hi
        guard lo < hi else { return lo }
        while true {
            let middle = 0.5 * lo + 0.5 * hi
            guard middle > lo, middle < hi else { return middle }
            if F(middle) < u { lo = middle } else { hi = middle }
        }
    }
}
