import Foundation

/// Uniform(low a, high b) on [a, b).
///
/// Explicit: z = a + (b − a)u, so dz/da = 1 − u and dz/db = u.
public struct Uniform: ExplicitTransformFamily {
    public let low: Tensor
    public let high: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("low", low), ("high", high)] }
    public var eventShape: [Int] { [] }
    public var support: Support {
        low.count == 1 && high.count == 1 ? .interval(low.scalars[0], high.scalars[0]) : .real
    }
    public var supportEnds: (lower: Tensor, upper: Tensor) { (low.detached, high.detached) }

    public static let family = Family(
        constructor: "uniform", name: "Uniform",
        parameters: [.init("low", .real, default: 0, meaning: "the lower end a"),
                     .init("high", .real, default: 1, meaning: "the upper end b > a")],
        support: .between(lower: "low", upper: "high", includesUpper: false), route: .explicit,
        summary: "Uniform on [low, high); rsample z = low + (high − low)u (explicit)",
        formula: "p(z) = 1/(b − a) on [a, b)", example: "uniform(0, 2)") { inputs in
        try Uniform(low: inputs[0], high: inputs[1])
    }

    public init(low: Tensor, high: Tensor) throws {
        batchShape = try Self.family.checked([low, high])
        let width = try high.subtracting(low)
        if let bad = width.scalars.firstIndex(where: { !($0 > 0) }) {
            throw ReparamError.invalidParameter(distribution: "Uniform", parameter: "high", value: "\(Validation.format(Kernels.expand(high, to: batchShape)[bad]))" + (width.count > 1 ? " at index \(bad)" : ""),
                                                rule: "greater than low (\(Validation.format(Kernels.expand(low, to: batchShape)[bad])))")
        }
        self.low = low
        self.high = high
    }

    static var noise: StandardNoise { .uniform }
    static var replaysNoise: Bool { true }
    static func transform(_ u: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        partials[0] = 1 - u
        partials[1] = u
        return θ[0] + (θ[1] - θ[0]) * u
    }
    /// −log(b − a) inside [a, b), −∞ outside.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let inside = try value.compared(.greaterOrEqual, low).multiplying(value.compared(.less, high))
        return try `where`(inside, batched(-log(high - low)), Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try value.subtracting(low).dividing(by: high - low) }
    public func computeICDF(_ probability: Tensor) throws -> Tensor { try low.adding((high - low).multiplying(probability)) }
    public func cdf<T: RealScalar>(at z: T, parameters θ: [T]) -> T {
        z.value < θ[0].value ? T(0) : z.value >= θ[1].value ? T(1) : (z - θ[0]) / (θ[1] - θ[0])
    }
    public func logDensity(at z: Double, parameters θ: [Double]) -> Double {
        z < θ[0] || z >= θ[1] ? -.infinity : -Foundation.log(θ[1] - θ[0])
    }

    public var mean: Tensor { batched(0.5 * (low + high)) }
    /// (b − a)²/12.
    public var variance: Tensor { batched((high - low) * (high - low) / 12) }
    public func computeEntropy() -> Tensor { batched(log(high - low)) }
}
