import Foundation
import Reparam

/// The shared-parameter cases that close the list of families PyTorch 2.15 also samples with
/// `rsample` (the rest are in `engineCases` and `multivariateCases`), with the parameters of
/// scripts/bench/catalog.py (PyTorch on the same work):
///
///     relaxedbernoulli     RelaxedBernoulli(temperature: 0.5, logits: 0.3); gradients to both
///     relaxedcategorical   RelaxedCategorical(temperature: 0.5, logits: [0, 1, 2]), n draws of 3; the mean of all
///     logisticnormal       LogisticNormal(loc: [0, 1], scale: [1, 0.5]), n draws of 3; the mean of the first coordinate
///                          (PyTorch's LogisticNormal is its stick-breaking law: the same work, K = 2 normals to the 3-simplex)
///     onehotcategoricalst  OneHotCategoricalStraightThrough(logits: [0, 1, 2]), n one-hot draws of 3; the mean of the first coordinate
///     transformed          transform(Normal(0.5, 1.5), exp then affine(1, 2)); gradients to all four
///     lowrank50            LowRankMultivariateNormal(loc, covFactor: W, covDiag: d), ℝ⁵⁰ rank 5, 10,000 draws
///
/// lowrank50: loc_i = 0.01 i, W_ij = 0.3 sin(i + 2j)/√(i + 1) (50 × 5), d_i = 1 + 0.02 i.
let torchParityCases: [EngineCase] = [
    EngineCase(family: "relaxedbernoulli") { try RelaxedBernoulli(temperature: .parameter(0.5), logits: .parameter(0.3)) },
    EngineCase(family: "relaxedcategorical") { try RelaxedCategorical(temperature: .parameter(0.5), logits: .parameter([0, 1, 2])) },
    EngineCase(family: "logisticnormal", loss: { try $0.column(0).mean() }) {
        try LogisticNormal(loc: .parameter([0, 1]), scale: .parameter([1, 0.5]))
    },
    EngineCase(family: "onehotcategoricalst", loss: { try $0.column(0).mean() }) {
        try OneHotCategoricalStraightThrough(logits: .parameter([0, 1, 2]))
    },
    EngineCase(family: "transformed") {
        try TransformedDistribution(Normal(loc: .parameter(0.5), scale: .parameter(1.5)),
                                    by: [.exp, .affine(loc: .parameter(1), scale: .parameter(2))])
    },
    EngineCase(family: "lowrank50", make: { _ in
        let rows = 50, rank = 5
        let w = (0..<(rows * rank)).map { e -> Double in
            let i = e / rank, j = e % rank
            return 0.3 * Foundation.sin(Double(i + 2 * j)) / Double(i + 1).squareRoot()
        }
        return try LowRankMultivariateNormal(loc: .parameter(Tensor((0..<rows).map { 0.01 * Double($0) })),
                                             covFactor: .parameter(Tensor(shape: [rows, rank], scalars: w)),
                                             covDiag: .parameter(Tensor((0..<rows).map { 1 + 0.02 * Double($0) })))
    }, fixedCount: 10_000),
]
