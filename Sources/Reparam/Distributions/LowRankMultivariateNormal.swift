import Foundation

/// LowRankMultivariateNormal(loc μ, cov_factor W, cov_diag D) on ℝⁿ: Σ = W Wᵀ + diag(D), W of n × r.
///
/// Sampling and density never form Σ: with the r × r capacitance C = I + Wᵀ D⁻¹ W (Woodbury) and
/// the matrix determinant lemma, log_prob costs O(n r²) per point instead of O(n³):
///
///     rsample:   z = μ + W ε_r + √D ⊙ ε_n,  ε ~ N(0, I)            (explicit)
///     Σ⁻¹ = D⁻¹ − D⁻¹ W C⁻¹ Wᵀ D⁻¹,   det Σ = det C · Π D_i
///     log_prob:  −½ (dᵀD⁻¹d − ‖L_C⁻¹ Wᵀ D⁻¹ d‖²) − ½ log det Σ − (n/2) log 2π,  d = x − μ, C = L_C L_Cᵀ
///     entropy:   (n/2)(1 + log 2π) + ½ log det Σ;   variance Σ_k W_ik² + D_i
///
///     let d = try LowRankMultivariateNormal(loc: Tensor([0, 0, 0]), covFactor: Tensor(rows: [[1], [0.5], [-1]]), covDiag: Tensor([1, 1, 1]))
public struct LowRankMultivariateNormal: Distribution {
    public let loc: Tensor
    /// W, [b…, n, r].
    public let covFactor: Tensor
    /// D, [b…, n].
    public let covDiag: Tensor
    public let batchShape: [Int]

    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("cov_factor", covFactor), ("cov_diag", covDiag)] }
    public var eventShape: [Int] { [loc.shape.last ?? 0] }
    public var support: Support { .real }
    public var reparameterization: Reparameterization { .explicit }

    public static let family = Family(
        constructor: "low_rank_multivariate_normal", name: "LowRankMultivariateNormal",
        parameters: [.init("loc", .real, meaning: "mean vector μ (length n ≥ 1)"),
                     .init("cov_factor", .real, meaning: "factor W, an n × r matrix: Σ = W Wᵀ + diag(D)"),
                     .init("cov_diag", .positive, meaning: "diagonal D > 0, length n")],
        support: .fixed(.real), eventShape: .lastAxis(of: "loc"), route: .explicit, methods: [.entropy],
        summary: "LowRankMultivariateNormal(μ, W, D): Σ = W Wᵀ + diag(D); z = μ + W ε + √D ε′, log_prob by Woodbury in O(n r²)",
        formula: "p(x) = N(x; μ, W Wᵀ + diag(D))",
        example: "low_rank_multivariate_normal([0, 0, 0], [[1], [0.5], [-1]], [1, 0.5, 2])") { inputs in
        try LowRankMultivariateNormal(loc: inputs[0], covFactor: inputs[1], covDiag: inputs[2])
    }

    public init(loc: Tensor, covFactor: Tensor, covDiag: Tensor) throws {
        let name = Self.family.name
        guard loc.rank >= 1, loc.count > 0 else {
            throw ReparamError.invalidParameter(distribution: name, parameter: "loc", value: "shape \(loc.shape)",
                                                rule: "a vector of n ≥ 1 values (shape [..., n])")
        }
        let n = loc.shape[loc.rank - 1]
        guard covFactor.rank >= 2, covFactor.shape[covFactor.rank - 2] == n, covFactor.shape[covFactor.rank - 1] >= 1 else {
            throw ReparamError.invalidParameter(distribution: name, parameter: "cov_factor", value: "shape \(covFactor.shape)",
                                                rule: "an n × r matrix with n = \(n), loc's length, and r ≥ 1 (shape [..., \(n), r])")
        }
        guard covDiag.rank >= 1, covDiag.shape[covDiag.rank - 1] == n else {
            throw ReparamError.invalidParameter(distribution: name, parameter: "cov_diag", value: "shape \(covDiag.shape)",
                                                rule: "a vector of n = \(n) values, loc's length (shape [..., \(n)])")
        }
        try Constraint.real.check(name, "loc", loc)
        try Constraint.real.check(name, "cov_factor", covFactor)
        try Constraint.positive.check(name, "cov_diag", covDiag)
        let batches = [Array(loc.shape.dropLast()), Array(covFactor.shape.dropLast(2)), Array(covDiag.shape.dropLast())]
        do {
            batchShape = try Shape.broadcast(Shape.broadcast(batches[0], batches[1]), batches[2])
        } catch {
            throw ReparamError.shape("\(name): the batch shapes of loc \(batches[0]), cov_factor \(batches[1]) and cov_diag \(batches[2]) do not broadcast "
                                     + "(loc is [..., n], cov_factor [..., n, r], cov_diag [..., n])")
        }
        self.loc = loc
        self.covFactor = covFactor
        self.covDiag = covDiag
    }

    private var n: Int { eventShape[0] }
    private var rank: Int { covFactor.shape[covFactor.rank - 1] }

    /// z = μ + W ε_r + √D ⊙ ε_n, one kernel forward and backward (`fusedRsample`).
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        fusedRsample(shape: try Validation.drawShape(name, sampleShape, batchShape, eventShape), using: &stream)
    }

    /// The capacitance's Cholesky factor L_C (C = I + Wᵀ D⁻¹ W, [b…, r, r]) and D⁻¹ W.
    private func capacitance() throws -> (factor: Tensor, scaledFactor: Tensor) {
        let scaled = try covFactor.dividing(by: covDiag.unsqueezed(covDiag.rank))
        let identity = Tensor.identity(rank)
        let c = try matmul(covFactor.matrixTransposed(), scaled).adding(identity)
        return (try cholesky(c), scaled)
    }

    /// ½ log det Σ = Σ log L_C,ii + ½ Σ log D_i.
    private func halfLogDeterminant(_ factor: Tensor) throws -> Tensor {
        try log(factor.diagonal()).sum(axis: -1).adding(log(covDiag).sum(axis: -1) * 0.5)
    }

    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let (factor, scaled) = try capacitance()
        let d = try value.subtracting(loc)
        let diagonalPart = try (d * d).dividing(by: covDiag).sum(axis: -1)
        // u = Wᵀ D⁻¹ d, then ‖L_C⁻¹ u‖².
        let u = try matvec(scaled.matrixTransposed(), d)
        let v = try solveLowerTriangular(factor, u.unsqueezed(u.rank)).squeezed(u.rank)
        let mahalanobis = try diagonalPart.subtracting((v * v).sum(axis: -1))
        return try (mahalanobis * -0.5).subtracting(halfLogDeterminant(factor)).subtracting(Tensor(Double(n) / 2 * Foundation.log(2 * Double.pi)))
    }

    public func computeEntropy() throws -> Tensor {
        try halfLogDeterminant(capacitance().factor).adding(Tensor(Double(n) / 2 * (1 + Foundation.log(2 * Double.pi))))
    }

    public var mean: Tensor { (try? loc.broadcast(to: batchShape + eventShape)) ?? loc }

    /// Σ_k W_ik² + D_i.
    public var variance: Tensor {
        (try? (covFactor * covFactor).sum(axis: -1).adding(covDiag).broadcast(to: batchShape + eventShape))
            ?? Tensor(repeating: .nan, shape: batchShape + eventShape)
    }

    /// Σ = W Wᵀ + diag(D), [batch…, n, n] (for checks and pictures; the methods never form it).
    public var covarianceMatrix: Tensor {
        get throws {
            return try matmul(covFactor, covFactor.matrixTransposed()).adding(covDiag.diagonalEmbedded())
                .broadcast(to: batchShape + [n, n])
        }
    }
}
