import Foundation

/// Exponential(rate λ): p(z) = λe^{−λz} on z ≥ 0.
///
/// Explicit: z = E/λ with E standard exponential, so dz/dλ = −z/λ.
public struct Exponential: ExplicitTransformFamily {
    public let rate: Tensor
    public var batchShape: [Int] { rate.shape }
    public var parameters: [(name: String, value: Tensor)] { [("rate", rate)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .positive }

    public static let family = Family(
        constructor: "exponential", name: "Exponential",
        parameters: [.init("rate", .positive, default: 1, meaning: "λ > 0; the mean is 1/λ")],
        support: .fixed(.positive), route: .explicit,
        summary: "Exponential(rate λ), mean 1/λ; rsample z = −log(u)/λ (explicit)",
        formula: "p(z) = λ e^(−λz) on z ≥ 0", example: "exponential(2)") { inputs in
        try Exponential(rate: inputs[0])
    }

    public init(rate: Tensor) throws {
        _ = try Self.family.checked([rate])
        self.rate = rate
    }

    static var noise: StandardNoise { .exponential }
    static var replaysNoise: Bool { true }
    static func transform(_ e: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        let z = e / θ[0]
        partials[0] = -z / θ[0]
        return z
    }
    /// log λ − λz for z ≥ 0, −∞ below.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        try `where`(value.compared(.greaterOrEqual, Tensor(0)), log(rate) - rate * value, Tensor(-.infinity))
    }
    /// 1 − e^{−λz} = −expm1(−λz).
    public func computeCDF(_ value: Tensor) throws -> Tensor { -expm1(-rate * value) }
    public func computeICDF(_ probability: Tensor) throws -> Tensor { -log1p(-probability) / rate }
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T { z.value < 0 ? T(0) : -expm1(-θ[0] * z) }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double { z < 0 ? -.infinity : Foundation.log(θ[0]) - θ[0] * z }

    public var mean: Tensor { 1 / rate }
    public var variance: Tensor { 1 / (rate * rate) }
    /// 1 − log λ.
    public func computeEntropy() -> Tensor { 1 - log(rate) }
}
