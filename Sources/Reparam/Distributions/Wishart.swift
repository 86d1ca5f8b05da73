import Foundation

/// Wishart(df ν, covariance Σ | precision Σ⁻¹ | scale_tril L) over symmetric positive-definite n × n matrices:
/// the law of Σᵢ₌₁^ν xᵢxᵢᵀ for xᵢ ~ N(0, Σ), for any real ν > n − 1.
///
/// Sampling by the Bartlett decomposition, X = L A Aᵀ Lᵀ with A lower triangular,
/// A_ii = √cᵢ, cᵢ ~ χ²(ν − i) (i = 0 … n−1), A_ij ~ N(0, 1) below the diagonal. Each cᵢ is the
/// engine's Chi2 draw, whose implicit gradient dc/dν = −(∂F/∂ν)(c; ν)/p(c; ν) carries ν; the
/// rest is explicit (matmul and Cholesky rules), so the backward pass works for any sample shape.
///
///     log p(X) = ((ν−n−1)/2) log det X − ½ tr(Σ⁻¹X) − (νn/2) log 2 − (ν/2) log det Σ − log Γₙ(ν/2)
///     log Γₙ(a) = (n(n−1)/4) log π + Σⱼ log Γ(a − j/2),    ψₙ(a) = Σⱼ ψ(a − j/2)
///     mean νΣ,   variance of X_ij: ν(Σ_ij² + Σ_ii Σ_jj)
///     entropy ((n+1)/2) log det Σ + (n(n+1)/2) log 2 + log Γₙ(ν/2) − ((ν−n−1)/2) ψₙ(ν/2) + νn/2
///
/// A value that is not symmetric (to within the parameters' tolerance) or not positive definite
/// has log_prob −∞.
///
///     let w = try Wishart(df: Tensor(4), covariance: Tensor(rows: [[2, 0.6], [0.6, 1]]))
///     let x = try w.rsample([1000], using: &stream)   // [1000, 2, 2]
public struct Wishart: Distribution {
    public let df: Tensor
    /// The lower Cholesky factor L of Σ, [b…, n, n].
    public let scaleTril: Tensor
    private let matrix: (name: String, value: Tensor)
    public let batchShape: [Int]

    public var parameters: [(name: String, value: Tensor)] { [("df", df), matrix] }
    public var eventShape: [Int] { [n, n] }
    public var support: Support { .positiveDefinite }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "wishart", name: "Wishart",
        parameters: [.init("df", .positive, meaning: "degrees of freedom ν > n − 1 (any real number)"),
                     .init("covariance", .positiveDefinite, meaning: "scale matrix Σ, n × n, symmetric positive definite"),
                     .init("precision", .positiveDefinite, meaning: "inverse scale matrix Σ⁻¹, n × n, symmetric positive definite", alternativeTo: "covariance"),
                     .init("scale_tril", .lowerCholesky, meaning: "lower Cholesky factor L of Σ = L Lᵀ", alternativeTo: "covariance")],
        support: .fixed(.positiveDefinite), eventShape: .squareMatrix(of: "covariance"), route: .implicit, methods: [.entropy],
        summary: "Wishart(ν, Σ): X = L A Aᵀ Lᵀ (Bartlett), χ² diagonal of A with implicit gradients in ν, explicit in Σ",
        formula: "p(X) = det(X)^((ν−n−1)/2) exp(−tr(Σ⁻¹X)/2) / (2^(νn/2) det(Σ)^(ν/2) Γₙ(ν/2))",
        example: "wishart(4, [[2, 0.6], [0.6, 1]])") { inputs in
        try Wishart(df: inputs[0], matrix: ScaleMatrix(from: inputs, for: "Wishart"))
    }

    public init(df: Tensor, covariance: Tensor) throws {
        try self.init(df: df, matrix: ScaleMatrix(.covariance, covariance))
    }

    /// From the precision P = Σ⁻¹ (the scale matrix's inverse): L = cholesky(P⁻¹), on P's tape.
    public init(df: Tensor, precision: Tensor) throws {
        try self.init(df: df, matrix: ScaleMatrix(.precision, precision))
    }

    public init(df: Tensor, scaleTril: Tensor) throws {
        try self.init(df: df, matrix: ScaleMatrix(.scaleTril, scaleTril))
    }

    private init(df: Tensor, matrix: ScaleMatrix) throws {
        let name = Self.family.name
        try matrix.check(name)
        guard df.count > 0 else {
            throw ReparamError.invalidParameter(distribution: name, parameter: "df", value: "shape \(df.shape), no values", rule: "a number or a tensor with at least one value")
        }
        let n = matrix.value.shape[matrix.value.rank - 1]
        if let bad = df.scalars.firstIndex(where: { !($0 > Double(n - 1) && $0.isFinite) }) {
            throw ReparamError.invalidParameter(distribution: name, parameter: "df", value: Validation.format(df.scalars[bad]) + (df.count > 1 ? " at index \(bad)" : ""),
                                                rule: "greater than n − 1 = \(n - 1) for \(n) × \(n) matrices, and finite")
        }
        do {
            batchShape = try Shape.broadcast(df.shape, Array(matrix.value.shape.dropLast(2)))
        } catch {
            throw ReparamError.shape("\(name): df's shape \(df.shape) does not broadcast with \(matrix.name)'s batch shape \(Array(matrix.value.shape.dropLast(2))) "
                                     + "(\(matrix.name) is [..., n, n])")
        }
        self.df = df
        self.matrix = matrix.parameter
        scaleTril = try matrix.lowerFactor(name)
    }

    private var n: Int { scaleTril.shape[scaleTril.rank - 1] }

    /// [0, 1, …, n−1] or [0, ½, …, (n−1)/2]: the offsets of the χ² degrees of freedom and of Γₙ's terms.
    private func offsets(_ step: Double) -> Tensor { Tensor((0..<n).map { Double($0) * step }) }

    /// X = L A Aᵀ Lᵀ (Bartlett).
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        // cᵢ ~ χ²(ν − i), one per row of A: [sample…, batch…, n], implicit in ν.
        try bartlett(Chi2(df: chiSquareDegrees).rsample(sampleShape, using: &stream), sampleShape, using: &stream)
    }

    /// The same construction with each cᵢ = F⁻¹(uᵢ; ν − i) for fresh uniforms uᵢ, so that a finite
    /// difference in ν moves every draw smoothly (gradcheck's common random numbers; a rejection
    /// sampler's accept pattern would jump). Its gradient in ν is the quantile's implicit one.
    public func rsampleByInversion(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = sampleShape + batchShape + [n]
        let u = Tensor(unchecked: shape, stream.uniform(count: Shape.count(shape)))
        return try bartlett(Chi2(df: chiSquareDegrees).icdf(u), sampleShape, using: &stream)
    }

    /// ν − i for i = 0 … n−1, spread to batch + [n].
    private var chiSquareDegrees: Tensor {
        get throws { try df.unsqueezed(df.rank).subtracting(offsets(1)).broadcast(to: batchShape + [n]) }
    }

    /// L A Aᵀ Lᵀ for A with diagonal √c and fresh standard normals below it.
    private func bartlett(_ c: Tensor, _ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let n = self.n, lead = Array(shape.dropLast(2))
        let normals = stream.normal(count: Shape.count(lead) * n * n)
        let below = Tensor(unchecked: shape, normals.indices.map { e in (e / n) % n > e % n ? normals[e] : 0 })
        let a = try sqrt(c).diagonalEmbedded().adding(below)
        let la = try matmul(scaleTril, a)
        return try matmul(la, la.matrixTransposed())
    }

    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let n = self.n, size = n * n, count = value.count / size
        let lead = Array(value.shape.dropLast(2))
        // Matrices off the support (not symmetric, not positive definite) are replaced by I and get −∞.
        var x = value.scalars, factor = [Double](repeating: 0, count: value.count)
        var inside = [Double](repeating: 1, count: count)
        let slack = MatrixConstraints.slack(x)
        for t in 0..<count {
            let base = t * size
            var symmetric = true
            for i in 0..<n { for j in 0..<i where !(Swift.abs(x[base + i * n + j] - x[base + j * n + i]) <= slack) { symmetric = false } }
            if !symmetric || choleskyFactor(x, at: base, n: n, into: &factor) != nil {
                inside[t] = 0
                for e in 0..<size { x[base + e] = e % (n + 1) == 0 ? 1 : 0 }
            }
        }
        let mask = Tensor(unchecked: lead + [1, 1], inside)
        let safe = inside.contains(0) ? try `where`(mask, value, Tensor(unchecked: value.shape, x)) : value
        let lx = try cholesky(safe)
        let logDetX = try log(lx.diagonal()).sum(axis: -1) * 2
        let whitened = try solveLowerTriangular(scaleTril, lx)
        let trace = try (whitened * whitened).sum(axis: -1).sum(axis: -1)
        let nn = Double(n)
        let body = try ((df - (nn + 1)) * 0.5).multiplying(logDetX).subtracting(trace * 0.5)
            .subtracting(df * (nn / 2 * Foundation.log(2.0))).subtracting(df.multiplying(halfLogDeterminant))
            .subtracting(logMultivariateGamma(df * 0.5))
        return try `where`(Tensor(unchecked: lead, inside), body, Tensor(-.infinity))
    }

    /// ½ log det Σ = Σ log L_ii, shape of L's batch.
    private var halfLogDeterminant: Tensor { get throws { try log(scaleTril.diagonal()).sum(axis: -1) } }

    /// log Γₙ(a) = (n(n−1)/4) log π + Σⱼ log Γ(a − j/2).
    private func logMultivariateGamma(_ a: Tensor) throws -> Tensor {
        let nn = Double(n)
        return try lgamma(a.unsqueezed(a.rank).subtracting(offsets(0.5))).sum(axis: -1).adding(Tensor(nn * (nn - 1) / 4 * Foundation.log(Double.pi)))
    }

    public func computeEntropy() throws -> Tensor {
        let nn = Double(n), a = df * 0.5
        let psi = try digamma(a.unsqueezed(a.rank).subtracting(offsets(0.5))).sum(axis: -1)
        return try halfLogDeterminant.multiplying(Tensor(nn + 1)).adding(Tensor(nn * (nn + 1) / 2 * Foundation.log(2.0)))
            .adding(logMultivariateGamma(a)).subtracting(((df - (nn + 1)) * 0.5).multiplying(psi)).adding(df * (nn / 2))
    }

    /// Σ, the given covariance or L Lᵀ, [b…, n, n].
    private var scaleMatrix: Tensor {
        get throws { matrix.name == "covariance" ? matrix.value : try matmul(scaleTril, scaleTril.matrixTransposed()) }
    }

    /// νΣ.
    public var mean: Tensor {
        (try? df.unsqueezed(df.rank).unsqueezed(df.rank + 1).multiplying(scaleMatrix).broadcast(to: batchShape + eventShape))
            ?? Tensor(repeating: .nan, shape: batchShape + eventShape)
    }

    /// ν(Σ_ij² + Σ_ii Σ_jj).
    public var variance: Tensor {
        guard let sigma = try? scaleMatrix, let diagonal = try? sigma.diagonal() else { return Tensor(repeating: .nan, shape: batchShape + eventShape) }
        let outer = (try? diagonal.unsqueezed(diagonal.rank).multiplying(diagonal.unsqueezed(diagonal.rank - 1))) ?? sigma
        return (try? df.unsqueezed(df.rank).unsqueezed(df.rank + 1).multiplying(sigma * sigma + outer).broadcast(to: batchShape + eventShape))
            ?? Tensor(repeating: .nan, shape: batchShape + eventShape)
    }
}
