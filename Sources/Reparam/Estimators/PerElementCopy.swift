import Foundation

/// A univariate distribution rebuilt with each parameter repeated n times as fresh leaves (shape
/// [n] + the parameter's shape, so a Categorical's probability vector becomes n rows), so that one
/// backward pass through n elementwise values gives every element's own derivative: the per-sample
/// scores of the baselines, the per-node derivatives of the exact variance.
///
///     let (copy, leaves) = try PerElementCopy.make(normal, count: 3)   // batch shape [3]
///     let g = try gradients(of: copy.logProb(z).sum(), withRespectTo: leaves)   // g[k][i] = ∂ log p(zᵢ)/∂θₖ
enum PerElementCopy {
    static func make(_ distribution: any Distribution, count n: Int) throws -> (copy: any Distribution, leaves: [Tensor]) {
        let leaves = distribution.parameters.map { parameter in
            let values = parameter.value.detached.scalars
            return Tensor.parameter(Tensor(unchecked: [n] + parameter.value.shape, (0..<n).flatMap { _ in values }))
        }
        let inputs = Family.Inputs(parameters: zip(distribution.parameters, leaves).map { ($0.name, $1) })
        return (try type(of: distribution).family.build(inputs), leaves)
    }
}
