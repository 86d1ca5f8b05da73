import Foundation

/// LKJCholesky(dim d, concentration η): the lower Cholesky factor L of a d × d correlation matrix
/// C = L Lᵀ drawn with density ∝ det(C)^(η−1) (Lewandowski, Kurowicka & Joe 2009).
///
/// Sampling by the onion method, row by row: row k (k = 1 … d−1) is √y_k u_k off the diagonal and
/// √(1 − y_k) on it, with u_k uniform on the unit sphere in ℝᵏ and y_k ~ Beta(k/2, η + (d−1−k)/2);
/// row 0 is e₀. The Beta draws carry the gradient in η (implicit, through the incomplete beta).
///
///     log p(L) = Σ_{k=1}^{d−1} (2(η−1) + d − 1 − k) log L_kk − log c_d(η)     (Lebesgue on the strictly lower entries)
///     log c_d(η) = ((d−1)/2) log π + log Γ_{d−1}(α − ½) − (d−1) log Γ(α),   α = η + (d−1)/2
///     E[L_kk] = B(k/2, β_k + ½) / B(k/2, β_k),   E[L_kj] = 0 (j < k),   Var L_kj = E[y_k]/k,   β_k = η + (d−1−k)/2
///     entropy log c_d(η) − Σ_k (2(η−1) + d − 1 − k) · ½(ψ(β_k) − ψ(β_k + k/2))     (L_kk² = 1 − y_k ~ Beta(β_k, k/2))
///     C = L Lᵀ: E[C] = I,   Var C_ij = 1/(2η + d − 1) off the diagonal ((C_ij + 1)/2 ~ Beta(η − 1 + d/2, η − 1 + d/2))
///
/// The moments and the entropy are on η's tape, so their gradients in the concentration come with them.
///
/// A value that is not lower triangular with unit rows and a positive diagonal has log_prob −∞.
///
///     let d = try LKJCholesky(dimension: 3, concentration: Tensor(2))
///     let l = try d.rsample([100], using: &stream)   // [100, 3, 3]; each L Lᵀ has a unit diagonal
public struct LKJCholesky: Distribution {
    public let dimension: Tensor
    public let concentration: Tensor
    private let d: Int
    public var batchShape: [Int] { concentration.shape }
    public var parameters: [(name: String, value: Tensor)] { [("dim", dimension), ("concentration", concentration)] }
    public var eventShape: [Int] { [d, d] }
    public var support: Support { .correlationCholesky }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "lkj_cholesky", name: "LKJCholesky",
        parameters: [.init("dim", .nonnegativeInteger, meaning: "d ≥ 2, the size of the correlation matrix (a whole number, no gradient)"),
                     .init("concentration", .positive, default: 1, meaning: "η > 0; η = 1 is uniform over correlation matrices, η > 1 favors the identity")],
        support: .fixed(.correlationCholesky), eventShape: .dimension(of: "dim"), route: .implicit, methods: [.entropy],
        summary: "LKJCholesky(d, η): Cholesky factors of correlation matrices, p(C) ∝ det(C)^(η−1); onion method, implicit gradients in η through Beta draws",
        formula: "p(L) = Π_k L_kk^(2(η−1) + d − 1 − k) / c_d(η)", example: "lkj_cholesky(3, 2)") { inputs in
        try LKJCholesky(dimension: inputs[0], concentration: inputs[1])
    }

    public init(dimension: Tensor, concentration: Tensor) throws {
        let name = Self.family.name
        guard let size = dimension.scalar, size >= 2, size <= 1000, size == size.rounded() else {
            throw ReparamError.invalidParameter(distribution: name, parameter: "dim",
                                                value: dimension.scalar.map(Validation.format) ?? "shape \(dimension.shape)",
                                                rule: "one whole number from 2 to 1000")
        }
        try Constraint.positive.check(name, "concentration", concentration)
        guard concentration.count > 0 else {
            throw ReparamError.invalidParameter(distribution: name, parameter: "concentration", value: "shape \(concentration.shape), no values",
                                                rule: "a number or a tensor with at least one value")
        }
        self.dimension = dimension
        self.concentration = concentration
        d = Int(size)
    }

    /// The onion method's Beta(k/2, η + (d−1−k)/2), k = 1 … d−1, over batch + [d−1].
    private var rowBeta: Beta {
        get throws {
            let k = rowIndex
            let b = try concentration.unsqueezed(concentration.rank).adding((Double(d - 1) - k) * 0.5)
            return try Beta(a: (k * 0.5).broadcast(to: b.shape), b: b)
        }
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        try onion(rowBeta.rsample(sampleShape, using: &stream), sampleShape, using: &stream)
    }

    /// The same construction with each y_k = F⁻¹(u_k) of its Beta for fresh uniforms, so a finite
    /// difference in η moves every draw smoothly (gradcheck's common random numbers).
    public func rsampleByInversion(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = sampleShape + batchShape + [d - 1]
        let u = Tensor(unchecked: shape, stream.uniform(count: Shape.count(shape)))
        return try onion(rowBeta.icdf(u), sampleShape, using: &stream)
    }

    /// Rows √y_k u_k below the diagonal and √(1 − y_k) on it, for y of shape [sample…, batch…, d−1].
    private func onion(_ y: Tensor, _ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let d = self.d
        // u_k: normals below the diagonal of row k, normalized (row 0 stays 0).
        var u = stream.normal(count: Shape.count(shape))
        for row in 0..<(u.count / d) {
            let k = row % d, base = row * d
            var norm = 0.0
            for j in 0..<d { if j >= k { u[base + j] = 0 } else { norm += u[base + j] * u[base + j] } }
            let scale = k == 0 ? 0 : 1 / norm.squareRoot()
            for j in 0..<k { u[base + j] *= scale }
        }
        let lead = Array(shape.dropLast(2))
        let zero = Tensor(repeating: 0, shape: lead + [1]), one = Tensor(repeating: 1, shape: lead + [1])
        let offDiagonal = try concatenate([zero, sqrt(y)], axis: -1).unsqueezed(lead.count + 1).multiplying(Tensor(unchecked: shape, u))
        let diagonal = try concatenate([one, sqrt(1 - y)], axis: -1)
        return try offDiagonal.adding(diagonal.diagonalEmbedded())
    }

    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let d = self.d, size = d * d, count = value.count / size
        let lead = Array(value.shape.dropLast(2))
        var x = value.scalars, inside = [Double](repeating: 1, count: count)
        for t in 0..<count {
            let base = t * size
            var valid = true
            for i in 0..<d {
                var norm = 0.0
                for j in 0..<d {
                    let v = x[base + i * d + j]
                    if j > i, v != 0 { valid = false }
                    if j <= i { norm += v * v }
                }
                if !(x[base + i * d + i] > 0) || !(Swift.abs(norm - 1) <= 1e-8) { valid = false }
            }
            if !valid {
                inside[t] = 0
                for e in 0..<size { x[base + e] = e % (d + 1) == 0 ? 1 : 0 }
            }
        }
        let safe = inside.contains(0) ? try `where`(Tensor(unchecked: lead + [1, 1], inside), value, Tensor(unchecked: value.shape, x)) : value
        let logDiagonal = try log(safe.diagonal()).slice(axis: -1, 1..<d)
        let body = try diagonalPowers.multiplying(logDiagonal).sum(axis: -1).subtracting(logNormalizer)
        return try `where`(Tensor(unchecked: lead, inside), body, Tensor(-.infinity))
    }

    /// log c_d(η) − Σ_k (2(η−1) + d − 1 − k) E[log L_kk], with E[log L_kk] = ½(ψ(β_k) − ψ(β_k + k/2)).
    public func computeEntropy() throws -> Tensor {
        let beta = try rowBeta
        let logDiagonal = (digamma(beta.b) - digamma(beta.a + beta.b)) * 0.5
        return try logNormalizer.subtracting(diagonalPowers.multiplying(logDiagonal).sum(axis: -1))
    }

    /// 2(η−1) + d − 1 − k, the power of L_kk in the density, over batch + [d−1].
    private var diagonalPowers: Tensor {
        get throws { try concentration.unsqueezed(concentration.rank).subtracting(Tensor(1)).multiplying(Tensor(2)).adding(Double(d - 1) - rowIndex) }
    }

    /// [1, 2, …, d−1]: the rows below the first.
    private var rowIndex: Tensor { Tensor((1..<d).map(Double.init)) }

    /// log c_d(η) = ((d−1)/2) log π + log Γ_{d−1}(α − ½) − (d−1) log Γ(α), α = η + (d−1)/2.
    private var logNormalizer: Tensor {
        get throws {
            let p = Double(d - 1), alpha = concentration + p / 2
            let j = Tensor((0..<(d - 1)).map { Double($0) / 2 })
            let multivariate = try lgamma(alpha.unsqueezed(alpha.rank).subtracting(j).subtracting(Tensor(0.5))).sum(axis: -1) + p * (p - 1) / 4 * Foundation.log(Double.pi)
            return multivariate + p / 2 * Foundation.log(Double.pi) - lgamma(alpha) * p
        }
    }

    /// E[L]: 1 at [0, 0], B(k/2, β_k + ½)/B(k/2, β_k) at [k, k], 0 elsewhere.
    public var mean: Tensor {
        guard let beta = try? rowBeta else { return Tensor(repeating: .nan, shape: batchShape + eventShape) }
        let root = exp(lgamma(beta.b + 0.5) + lgamma(beta.a + beta.b) - lgamma(beta.b) - lgamma(beta.a + beta.b + 0.5))
        return matrix(diagonal: Tensor(repeating: 1, shape: batchShape + [1]), root, below: nil)
    }

    /// Var L_kk = E[1 − y_k] − E[L_kk]², Var L_kj = E[y_k]/k below the diagonal, 0 in row 0 and above.
    public var variance: Tensor {
        guard let beta = try? rowBeta else { return Tensor(repeating: .nan, shape: batchShape + eventShape) }
        let meanY = beta.a / (beta.a + beta.b)
        let root = exp(lgamma(beta.b + 0.5) + lgamma(beta.a + beta.b) - lgamma(beta.b) - lgamma(beta.a + beta.b + 0.5))
        return matrix(diagonal: Tensor(repeating: 0, shape: batchShape + [1]), 1 - meanY - root * root, below: meanY / rowIndex)
    }

    /// E[C] = I for the correlation matrix C = L Lᵀ, [batch…, d, d].
    public var correlationMean: Tensor { (try? Tensor.identity(d).broadcast(to: batchShape + eventShape)) ?? Tensor.identity(d) }

    /// Var C_ij = 1/(2η + d − 1) off the diagonal, 0 on it, [batch…, d, d], on η's tape.
    public var correlationVariance: Tensor {
        let offDiagonal = Tensor(unchecked: [d, d], (0..<(d * d)).map { $0 % (d + 1) == 0 ? 0 : 1 })
        return (try? (1 / (concentration * 2 + Double(d - 1))).unsqueezed(concentration.rank).unsqueezed(concentration.rank + 1).multiplying(offDiagonal))
            ?? Tensor(repeating: .nan, shape: batchShape + eventShape)
    }

    /// A [batch…, d, d] matrix with `first` then `rest` on the diagonal and, below it in row k,
    /// `below[k−1]` in every column (on the tape of the pieces).
    private func matrix(diagonal first: Tensor, _ rest: Tensor, below: Tensor?) -> Tensor {
        let d = self.d
        let strictlyLower = Tensor(unchecked: [d, d], (0..<(d * d)).map { $0 / d > $0 % d ? 1 : 0 })
        do {
            let diagonal = try concatenate([first, rest], axis: -1).diagonalEmbedded()
            guard let below else { return try diagonal.broadcast(to: batchShape + eventShape) }
            let rows = try concatenate([Tensor(repeating: 0, shape: batchShape + [1]), below.broadcast(to: batchShape + [d - 1])], axis: -1)
            return try diagonal.adding(rows.unsqueezed(rows.rank).multiplying(strictlyLower)).broadcast(to: batchShape + eventShape)
        } catch {
            return Tensor(repeating: .nan, shape: batchShape + eventShape)
        }
    }
}
