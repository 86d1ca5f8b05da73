/// Families of the form z = loc + scale·ε with ε from a fixed standard
/// distribution: Normal, Laplace, Logistic, Cauchy, Gumbel.
///
/// Each family states its standard law once (sampler, CDF, log density,
/// quantile); sampling, the explicit and implicit gradients, `logProb`, `cdf`
/// and `icdf` follow here for all of them.
///
///     rsample: z = loc + scale·ε              ∂z/∂loc = 1, ∂z/∂scale = ε
///     cdf:     F(z) = F₀((z − loc)/scale)
///     logProb: log p₀((z − loc)/scale) − log scale
public protocol LocationScaleFamily: UnivariateCDFFamily {
    var loc: Tensor { get }
    var scale: Tensor { get }
    /// Fills `out` with draws of the standard law.
    static func standardDraws(_ out: UnsafeMutableBufferPointer<Double>, using stream: inout RandomStream)
    /// F₀(x), generic so the implicit path can differentiate it.
    static func standardCDF<T: RealScalar>(_ x: T) -> T
    /// log p₀(x) on tensors (differentiable).
    static func standardLogDensity(_ x: Tensor) -> Tensor
    /// log p₀(x) at one point.
    static func standardLogDensity(_ x: Double) -> Double
    /// F₀(x) on tensors (differentiable).
    static func standardCDF(_ x: Tensor) -> Tensor
    /// F₀⁻¹(u) on tensors (differentiable).
    static func standardQuantile(_ u: Tensor) -> Tensor
}

extension LocationScaleFamily {
    public var parameters: [(name: String, value: Tensor)] { [("loc", loc), ("scale", scale)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .real }
    public var reparameterization: Reparameterization { .explicit }

    /// ε of shape sampleShape + batchShape (a constant).
    func standardNoise(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        let count = Shape.count(shape)
        let values = Kernels.make(count) { Self.standardDraws($0, using: &stream) }
        return Tensor(unchecked: shape, values)
    }

    public func rsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let noise = try standardNoise(sampleShape, using: &stream)
        return try loc.adding(scale.multiplying(noise))
    }

    public func logProb(_ value: Tensor) throws -> Tensor {
        try Self.standardLogDensity(value.subtracting(loc).dividing(by: scale)).subtracting(log(scale))
    }
    public func cdf(_ value: Tensor) throws -> Tensor { Self.standardCDF(try value.subtracting(loc).dividing(by: scale)) }
    public func icdf(_ probability: Tensor) throws -> Tensor {
        try loc.adding(scale.multiplying(Self.standardQuantile(probability)))
    }

    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T { Self.standardCDF((z - θ[0]) / θ[1]) }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        Self.standardLogDensity((z - θ[0]) / θ[1]) - log(θ[1])
    }

    /// Validates loc (finite) and scale (positive) and returns their batch shape.
    static func validate(_ family: String, loc: Tensor, scale: Tensor) throws -> [Int] {
        try Validation.check(family, "loc", loc, .real)
        try Validation.check(family, "scale", scale, .positive)
        return try Validation.batchShape(family, [("loc", loc), ("scale", scale)])
    }
}
