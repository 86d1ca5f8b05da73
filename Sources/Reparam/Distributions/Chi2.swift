/// Chi-squared(df): the sum of df squared standard normals, Gamma(df/2, rate ½).
///
/// Reparameterized through the Gamma: dz/d(df) = ½ dz/dα at α = df/2 (implicit).
public struct Chi2: UnivariateCDFFamily {
    public let df: Tensor
    private let gamma: Gamma
    public var batchShape: [Int] { df.shape }
    public var name: String { "Chi2" }
    public var parameters: [(name: String, value: Tensor)] { [("df", df)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }
    public var reparameterization: Reparameterization { .implicit }

    public init(df: Tensor) throws {
        try Validation.check("Chi2", "df", df, .positive)
        self.df = df
        gamma = try Gamma(concentration: df * 0.5, rate: Tensor(0.5))
    }

    public func rsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        try gamma.rsample(sampleShape, using: &stream)
    }
    public func logProb(_ value: Tensor) throws -> Tensor { try gamma.logProb(value) }
    public func cdf(_ value: Tensor) throws -> Tensor { try gamma.cdf(value) }
    public func icdf(_ probability: Tensor) throws -> Tensor { try gamma.icdf(probability) }
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T { z.value <= 0 ? T(0) : regularizedGammaP(θ[0] * T(0.5), z * T(0.5)) }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double { gamma.logDensity(at: z, parameters: [θ[0] / 2, 0.5]) }
    public var mean: Tensor { df }
    public var variance: Tensor { 2 * df }
    public func entropy() -> Tensor { gamma.entropy() }
}
