import Foundation

/// Kumaraswamy(a, b): F(x) = 1 − (1 − xᵃ)ᵇ on (0, 1), a Beta look-alike with a closed-form quantile.
///
/// Explicit: with E ~ Exponential(1), y = 1 − e^{−E/b} and x = y^{1/a}, so
///
///     ∂x/∂a = −x log y / a²,   ∂x/∂b = −x e^{−E/b} E / (a b² y)
///
/// (y and log y formed with expm1/log1p, so both ends of (0, 1) keep their digits).
///
///     let d = try Kumaraswamy(a: .parameter(2), b: .parameter(5))   // mean 5·B(1.5, 5)
public struct Kumaraswamy: ExplicitTransformFamily {
    public let a: Tensor
    public let b: Tensor
    public let batchShape: [Int]
    public var parameters: [(name: String, value: Tensor)] { [("a", a), ("b", b)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .unitInterval }

    public static let family = Family(
        constructor: "kumaraswamy", name: "Kumaraswamy",
        parameters: [.init("a", .positive, meaning: "first shape a > 0"), .init("b", .positive, meaning: "second shape b > 0")],
        support: .fixed(.unitInterval), route: .explicit,
        summary: "Kumaraswamy(a, b), a Beta look-alike with a closed-form quantile; rsample x = (1 − e^(−E/b))^(1/a) (explicit)",
        formula: "F(x) = 1 − (1 − xᵃ)ᵇ on (0, 1)", example: "kumaraswamy(2, 5)") { inputs in
        try Kumaraswamy(a: inputs[0], b: inputs[1])
    }

    public init(a: Tensor, b: Tensor) throws {
        batchShape = try Self.family.checked([a, b])
        self.a = a
        self.b = b
    }

    static var noise: StandardNoise { .exponential }
    static func transform(_ e: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        let (a, b) = (θ[0], θ[1])
        let t = e / b, survivor = Foundation.exp(-t)
        let y = -Foundation.expm1(-t)
        let logY = t < Double(0.6931471805599453) ? Foundation.log(y) : Foundation.log1p(-survivor)
        let x = Foundation.exp(logY / a)
        // A draw that underflowed to 0 (a tiny shape a: x = y^(1/a)) has slopes that round to 0 too;
        // the formulas would give 0·∞. Dividing by a twice, not by a², keeps a ≥ 1e-308 from underflowing.
        guard x > 0 else {
            partials[0] = 0
            partials[1] = 0
            return x
        }
        partials[0] = -x * (logY / a) / a
        partials[1] = -x * (survivor * t / y) / a / b
        return x
    }

    /// log(ab) + (a−1) log x + (b−1) log(1 − xᵃ) inside (0, 1); −∞ outside.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let inside = try value.compared(.greater, Tensor(0)).multiplying(value.compared(.less, Tensor(1)))
        let safe = try `where`(inside, value, Tensor(0.5))
        let t = a * log(safe)
        let body = try log(a * b).adding((a - 1) * log(safe)).adding((b - 1) * Self.logComplementOfPower(t))
        return try `where`(inside, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(clamp(value, min: 0, max: 1)) }

    /// log(1 − xᵃ) from t = a log x: log1p(−eᵗ) while xᵃ < ½, log(−expm1(t)) above (1 − xᵃ exact near x = 1).
    static func logComplementOfPower<T: RealScalar>(_ t: T) -> T {
        t.value < -Double(0.6931471805599453) ? log1p(-exp(t)) : log(-expm1(t))
    }
    /// The same on tensors (both forms evaluated, the accurate one kept).
    static func logComplementOfPower(_ t: Tensor) -> Tensor {
        let small = (try? t.compared(.less, Tensor(-Double(0.6931471805599453)))) ?? Tensor(1)
        // t has one shape; the three operands of `where` always broadcast.
        return (try? `where`(small, log1p(-exp(t)), log(-expm1(t)))) ?? log1p(-exp(t))
    }

    /// 1 − (1 − xᵃ)ᵇ = −expm1(b log(1 − xᵃ)).
    public func cdf<T: RealScalar>(at x: T, parameters θ: [T]) -> T {
        x.value <= 0 ? T(0) : x.value >= 1 ? T(1) : -expm1(θ[1] * Self.logComplementOfPower(θ[0] * log(x)))
    }
    public func logDensity(at x: Double, parameters θ: [Double]) -> Double {
        let (a, b) = (θ[0], θ[1])
        let logX = Foundation.log(x)
        return Foundation.log(a * b) + (a - 1) * logX + (b - 1) * Self.logComplementOfPower(a * logX)
    }

    /// b·B(1 + 1/a, b) = exp(m₁), mₖ = log Γ(1 + k/a) − (log Γ(b + 1 + k/a) − log Γ(b + 1)).
    public var mean: Tensor { batched(exp(logMoment(1))) }
    /// b·B(1 + 2/a, b) − (b·B(1 + 1/a, b))² = exp(2m₁) expm1(m₂ − 2m₁), each mₖ from
    /// `lgammaDifference` (the plain difference of moments lost 2e-10 at a = 50).
    public var variance: Tensor {
        let first = logMoment(1)
        return batched(exp(2 * first) * expm1(logMoment(2) - 2 * first))
    }
    /// log E[Xᵏ] = log(b B(1 + k/a, b)).
    private func logMoment(_ k: Double) -> Tensor {
        let step = k / a
        return lgammaDifference(Tensor(1), step) - lgammaDifference(b + 1, step)
    }
    /// (1 − 1/b) + (1 − 1/a)(ψ(b+1) + γ) − log(ab).
    public func computeEntropy() -> Tensor {
        batched((1 - 1 / b) + (1 - 1 / a) * (digamma(b + 1) + Gumbel.eulerGamma) - log(a * b))
    }
}
