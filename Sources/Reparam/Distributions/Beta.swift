import Foundation

/// Beta(a, b): p(x) = x^{a−1} (1−x)^{b−1} / B(a, b) on (0, 1).
///
/// Sampling: x = G_a / (G_a + G_b) with Gamma draws, formed in log space,
/// x = σ(log G_a − log G_b), so tiny a or b (samples crowding 0 or 1) neither
/// underflow to 0/0 nor lose the complement 1 − x. Gradients by the implicit
/// rule on the regularized incomplete beta I_x(a, b):
///
///     dx/da = −(∂I/∂a)(x; a, b) / p(x),   dx/db = −(∂I/∂b)(x; a, b) / p(x)
public struct Beta: UnivariateCDFFamily {
    public let a: Tensor
    public let b: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("a", a), ("b", b)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .unitInterval }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "beta", name: "Beta",
        parameters: [.init("a", .positive, meaning: "α > 0, pulls mass toward 1"),
                     .init("b", .positive, meaning: "β > 0, pulls mass toward 0")],
        support: .fixed(.unitInterval), route: .implicit,
        summary: "Beta(a, b) on (0, 1), mean a/(a+b); implicit through the incomplete beta I_z(a, b)",
        formula: "p(x) = x^(a−1) (1−x)^(b−1) / B(a, b)", example: "beta(2, 5)") { inputs in
        try Beta(a: inputs[0], b: inputs[1])
    }

    public init(a: Tensor, b: Tensor) throws {
        batchShape = try Self.family.checked([a, b])
        let sums = Kernels.zip(Kernels.expand(a, to: batchShape), Kernels.expand(b, to: batchShape), +)
        if let overflowing = sums.firstIndex(where: { !$0.isFinite }) {
            throw ReparamError.invalidArgument("beta: a + b must be below the largest double (1.8e308); at element \(overflowing) "
                + "a = \(Validation.format(Kernels.expand(a, to: batchShape)[overflowing])), b = \(Validation.format(Kernels.expand(b, to: batchShape)[overflowing]))")
        }
        self.a = a
        self.b = b
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let count = Shape.count(shape)
        let alphas = Kernels.expand(a, to: batchShape), betas = Kernels.expand(b, to: batchShape)
        let logA = alphas.withUnsafeBufferPointer { p in Kernels.make(count) { stream.fillLogStandardGamma($0, concentration: p) } }
        let logB = betas.withUnsafeBufferPointer { p in Kernels.make(count) { stream.fillLogStandardGamma($0, concentration: p) } }
        let values = Kernels.zip(logA, logB) { la, lb in logistic(la - lb) }
        let a = self.a, b = self.b
        return Tensor.record(shape, values, inputs: [a, b]) { g in
            let derivatives = try Self.drawDerivatives(logA, logB, values, alphas, betas)
            return [a.requiresGradient ? Tensor(unchecked: shape, Kernels.zip(g.scalars, derivatives.da, Multiply())).summed(to: a.shape) : nil,
                    b.requiresGradient ? Tensor(unchecked: shape, Kernels.zip(g.scalars, derivatives.db, Multiply())).summed(to: b.shape) : nil]
        }
    }

    /// dx/da and dx/db per draw x = σ(log G_a − log G_b) (a, b cycling over the batch): with one
    /// (a, b) per sample from the log-Gamma draws directly (their difference gives x, 1 − x and both
    /// logarithms for one exp and one log1p), else through `sampleDerivatives`.
    static func drawDerivatives(_ logA: [Double], _ logB: [Double], _ x: [Double], _ alphas: [Double],
                                _ betas: [Double]) throws -> (da: [Double], db: [Double]) {
        let batch = alphas.count
        if batch > 1 {
            var da = [Double](repeating: 0, count: x.count), db = da
            let expanded = batch == x.count ? [alphas, betas]
                : [alphas, betas].map { p in Kernels.generate(x.count) { i in p[i % batch] } }
            let done = expanded[0].withUnsafeBufferPointer { a in
                expanded[1].withUnsafeBufferPointer { b in
                    logA.withUnsafeBufferPointer { logA in
                        logB.withUnsafeBufferPointer { logB in
                            da.withUnsafeMutableBufferPointer { da in
                                db.withUnsafeMutableBufferPointer { db in
                                    betaImplicitDerivatives(a: a, b: b, logGammaA: logA, logGammaB: logB, da: da, db: db)
                                }
                            }
                        }
                    }
                }
            }
            if done { return (da, db) }
        }
        // 1 − x formed from the draws keeps its digits where x rounds to 1.
        let complements = Kernels.zip(logA, logB) { la, lb in logistic(lb - la) }
        return try sampleDerivatives(x, complements, alphas, betas)
    }

    /// dx/da and dx/db per sample (a, b cycling over the batch), given x and 1 − x.
    static func sampleDerivatives(_ x: [Double], _ complements: [Double], _ alphas: [Double], _ betas: [Double]) throws -> (da: [Double], db: [Double]) {
        var db = [Double](repeating: 0, count: x.count)
        let da = try db.withUnsafeMutableBufferPointer { dbOut in
            try complements.withUnsafeBufferPointer { y in
                try ParameterBatches.derivatives(samples: x, parameters: [alphas, betas]) { p, z, out in
                    try betaImplicitDerivatives(a: p[0], b: p[1], samples: z, complements: y, da: out, db: dbOut)
                } perElement: { p, z, out in
                    try betaImplicitDerivatives(a: p[0], b: p[1], samples: z, complements: y, da: out, db: dbOut)
                }
            }
        }
        return (da, db)
    }

    /// (a−1) log x + (b−1) log(1−x) − log B(a, b) inside (0, 1); −∞ outside.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let inside = try value.compared(.greater, Tensor(0)).multiplying(value.compared(.less, Tensor(1)))
        let safe = try `where`(inside, value, Tensor(0.5))
        let logBeta = lgamma(a) + lgamma(b) - lgamma(a + b)
        let body = (a - 1) * log(safe) + (b - 1) * log1p(-safe) - logBeta
        return try `where`(inside, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(value) }
    /// x = I⁻¹(u; a, b), solved together with 1 − x so both ends keep their digits;
    /// dx/da, dx/db by the implicit rule, dx/du = 1/p(x).
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(probability.shape, batchShape)
        let u = Kernels.expand(probability, to: shape)
        let alphas = Kernels.expand(a, to: batchShape), betas = Kernels.expand(b, to: batchShape)
        let batch = alphas.count
        let quantiles = try u.indices.map { i -> (Double, Double) in
            let (alpha, beta) = (alphas[i % batch], betas[i % batch])
            return try Self.tinyShapeQuantile(u[i], alpha, beta) ?? inverseRegularizedBeta(p: u[i], complement: 1 - u[i], a: alpha, b: beta)
        }
        let x = quantiles.map(\.0), y = quantiles.map(\.1)
        let inverseDensity = Kernels.generate(u.count) { i in
            Foundation.exp(-logDensity(at: x[i], parameters: [alphas[i % batch], betas[i % batch]]))
        }
        return ImplicitGradient.quantiles(Tensor(unchecked: shape, x), probability: probability, inverseDensity: inverseDensity,
                                          parameters: [a, b]) { k in
            let derivatives = try Self.sampleDerivatives(x, y, alphas, betas)
            return k == 0 ? derivatives.da : derivatives.db
        }
    }

    /// (x, 1 − x) at level u when a or b is below 1e-250, else nil: all the mass sits at 0 (weight
    /// b/(a+b), or 1 if only a is that small) and 1, since x = (u·(a+b)/b)^(1/a) underflows for every u
    /// but that weight; the solver would stall on the flat CDF between (and its derivatives overflow).
    static func tinyShapeQuantile(_ u: Double, _ a: Double, _ b: Double) -> (Double, Double)? {
        let tiny = 1e-250
        guard a < tiny || b < tiny else { return nil }
        let atZero = a < tiny && b < tiny ? b / (a + b) : a < tiny ? 1 : 0
        return u < atZero || u == 0 ? (0, 1) : (1, 0)
    }

    /// I_x(a, b).
    public func cdf<T: RealScalar>(at x: T, parameters θ: [T]) -> T {
        x.value <= 0 ? T(0) : x.value >= 1 ? T(1) : regularizedBeta(x, θ[0], θ[1])
    }
    /// log(xᵃ(1−x)ᵇ/B(a, b)) − log x − log(1−x), the front formed without cancelling log Γ terms
    /// (finite for shapes up to the largest double).
    public func logDensity(at x: Double, parameters θ: [Double]) -> Double {
        let logX = Foundation.log(x), logY = Foundation.log1p(-x)
        guard x > 0, x < 1 else { return (θ[0] - 1) * logX + (θ[1] - 1) * logY - (logGamma(θ[0]) + logGamma(θ[1]) - logGamma(θ[0] + θ[1])) }
        return logBetaFront(x: x, y: 1 - x, logX: logX, logY: logY, a: θ[0], b: θ[1]) - logX - logY
    }

    /// a/(a+b).
    public var mean: Tensor { batched(a / (a + b)) }
    /// ab / ((a+b)²(a+b+1)), as (a/(a+b))(b/(a+b))/(a+b+1): (a+b)² overflowed from 1e154 and ab
    /// underflowed below 1e-162 (nan).
    public var variance: Tensor { batched((a / (a + b)) * (b / (a + b)) / (a + b + 1)) }
    /// log B(a,b) − (a−1)ψ(a) − (b−1)ψ(b) + (a+b−2)ψ(a+b), regrouped as H(a) + H(b) − H(a+b) − ψ(a+b)
    /// with H the Gamma(·, 1) entropy (`gammaStandardEntropy`), which cancels nothing at large shapes.
    public func computeEntropy() -> Tensor {
        batched(gammaStandardEntropy(a) + gammaStandardEntropy(b) - gammaStandardEntropy(a + b) - digamma(a + b))
    }
}
