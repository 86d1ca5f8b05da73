/// Chi-squared(df): the sum of df squared standard normals, Gamma(df/2, rate ½).
///
/// Reparameterized through the Gamma: z = 2G, G ~ Gamma(df/2, 1), dz/d(df) = dG/dα at α = df/2 (implicit).
public struct Chi2: UnivariateCDFFamily {
    public let df: Tensor
    private let gamma: Gamma
    public var batchShape: [Int] { df.shape }
    public var parameters: [(name: String, value: Tensor)] { [("df", df)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }
    public var reparameterization: Reparameterization { .implicit }

    public static let family = Family(
        constructor: "chi2", name: "Chi2",
        parameters: [.init("df", .positive, meaning: "degrees of freedom k > 0; the mean is k")],
        support: .fixed(.positive), route: .implicit,
        summary: "Chi-squared with df degrees of freedom = Gamma(df/2, rate 1/2) (implicit)",
        formula: "p(z) = z^(k/2−1) e^(−z/2) / (2^(k/2) Γ(k/2))", example: "chi2(3)") { inputs in
        try Chi2(df: inputs[0])
    }

    public init(df: Tensor) throws {
        _ = try Self.family.checked([df])
        try Validation.checkHalvable("Chi2", "df", df)
        self.df = df
        gamma = try Gamma(concentration: df * 0.5, rate: Tensor(0.5))
    }

    /// z = 2G with G ~ Gamma(k/2, 1) and dz/dk = dG/dα at α = k/2 (the same numbers as Gamma(k/2, rate ½)'s
    /// rsample, without a node for k/2).
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let df = Kernels.expand(self.df, to: batchShape)
        return try Gamma.implicitRsample(shape, batchShape: batchShape, parameter: self.df,
                                         concentrations: Kernels.generate(df.count) { i in 0.5 * df[i] }, concentrationScale: 0.5,
                                         rate: Tensor(0.5), using: &stream)
    }
    public func computeLogProb(_ value: Tensor) throws -> Tensor { try gamma.logProb(value) }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try gamma.cdf(value) }
    public func computeICDF(_ probability: Tensor) throws -> Tensor { try gamma.icdf(probability) }
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T { z.value <= 0 ? T(0) : regularizedGammaP(θ[0] * T(0.5), z * T(0.5)) }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double { gamma.logDensity(at: z, parameters: [θ[0] / 2, 0.5]) }
    public var mean: Tensor { df }
    public var variance: Tensor { 2 * df }
    public func computeEntropy() throws -> Tensor { try gamma.entropy() }
}
