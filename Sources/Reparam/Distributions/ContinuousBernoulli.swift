import Foundation

/// ContinuousBernoulli(probs λ) (Loaiza-Ganem & Cunningham 2019): p(x) = C(λ) λˣ(1−λ)^{1−x} on [0, 1],
/// C(λ) = 2 atanh(1−2λ)/(1−2λ); in the natural parameter η = logit λ:
///
///     p(x) = C(η) e^{ηx}/(1 + e^η),   C(η) = η/tanh(η/2),   F(x) = (e^{ηx} − 1)/(e^η − 1)
///
/// Explicit: x = F⁻¹(U) = log(1 + U(e^η − 1))/η, U ~ Uniform(0, 1). Every function of η is written
/// smooth through η = 0 (λ = ½, the uniform law), with divided differences evaluated by their
/// Taylor series there, so values and derivatives stay exact at and near λ = ½:
///
///     x = U ψ(η) L(Uηψ(η)),   ψ(t) = (eᵗ−1)/t,  L(w) = log(1+w)/w;   ∂x/∂λ = (∂x/∂η)/(λ(1−λ))
///
/// Mean m(η) = 1/(1 − e^{−η}) − 1/η, variance m′(η), entropy −log C − mη + softplus(η).
///
///     let d = try ContinuousBernoulli(probs: .parameter(0.3))
public struct ContinuousBernoulli: ExplicitTransformFamily {
    public let probs: Tensor
    public var batchShape: [Int] { probs.shape }
    public var parameters: [(name: String, value: Tensor)] { [("probs", probs)] }
    public var eventShape: [Int] { [] }
    public var support: Support { .unitInterval }

    public static let family = Family(
        constructor: "continuous_bernoulli", name: "ContinuousBernoulli",
        parameters: [.init("probs", .unitInterval, meaning: "λ in (0, 1); λ = ½ is the uniform law")],
        support: .fixed(.unitInterval), route: .explicit,
        summary: "ContinuousBernoulli(probs λ) on [0, 1], exact through λ = ½; rsample x = log(1 + u(e^η − 1))/η, η = logit λ (explicit)",
        formula: "p(x) = C(λ) λˣ (1−λ)^(1−x),  C(λ) = 2 atanh(1−2λ)/(1−2λ)", example: "continuous_bernoulli(0.3)") { inputs in
        try ContinuousBernoulli(probs: inputs[0])
    }

    public init(probs: Tensor) throws {
        _ = try Self.family.checked([probs])
        self.probs = probs
    }

    /// η = log(λ/(1−λ)), through log1p((2λ−1)/(1−λ)) near λ = ½ where 2λ − 1 is exact.
    static func naturalParameter<T: RealScalar>(_ lambda: T) -> T {
        lambda.value >= 0.25 && lambda.value <= 0.75 ? log1p((2 * lambda - 1) / (1 - lambda)) : log(lambda) - log1p(-lambda)
    }

    /// F⁻¹(u) = u ψ(η) L(uηψ(η)); above u = ½ through the mirror symmetry x ↦ 1 − x, η ↦ −η,
    /// F⁻¹(u; η) = 1 − F⁻¹(1 − u; −η), so the digits of 1 − x (and its derivative) survive near 1.
    static func quantile<T: RealScalar>(_ u: Double, _ eta: T) -> T {
        if u > 0.5 { return 1 - quantile(1 - u, -eta) }
        let growth = expm1OverX(eta)
        return T(u) * growth * log1pOverX(T(u) * eta * growth)
    }

    static var noise: StandardNoise { .uniform }
    /// η, ψ(η) and ψ(−η) with their η-derivatives, dη/dλ = 1/(λ(1−λ)), then e^{±η}, e^{±η} − 1 and
    /// 1/η for the direct route: per λ, not per draw.
    static var constantCount: Int { 11 }
    static func computeConstants(_ θ: UnsafeMutableBufferPointer<Double>) {
        let lambda = θ[0]
        let eta = naturalParameter(lambda)
        let growth = expm1OverX(Dual(eta, derivative: 1)), mirrored = expm1OverX(Dual(-eta, derivative: 1))
        (θ[1], θ[2], θ[3], θ[4], θ[5], θ[6]) = (eta, growth.value, growth.derivative, mirrored.value, mirrored.derivative,
                                                1 / (lambda * (1 - lambda)))
        (θ[7], θ[8], θ[9], θ[10], θ[11]) = (Foundation.exp(eta), Foundation.expm1(eta), Foundation.exp(-eta), Foundation.expm1(-eta), 1 / eta)
    }

    /// |η| range where the draw and ∂x/∂η are taken directly (`directQuantile`); elsewhere through
    /// the dual of the divided-difference form, exact through η = 0 but about three times the work.
    static let directRange: ClosedRange<Double> = 0.5...30

    /// x = log1p(a)/η with a = u(e^η − 1), and ∂x/∂η = (f′ − x)/η with f′ = ue^η/(1 + a), for u ≤ ½:
    /// one log1p and one division. The subtraction f′ − x loses at most a factor 120 (at |η| = 30,
    /// u → ½; 5 near |η| = ½), so both stay within 1e-13 relative; below |η| = ½ the loss grows as
    /// 2/|η| and the divided-difference form takes over.
    @inline(__always)
    static func directQuantile(_ u: Double, exp E: Double, expm1 growth: Double, inverse: Double) -> (x: Double, slope: Double) {
        let a = u * growth
        let x = Foundation.log1p(a) * inverse
        return (x, (u * E / (1 + a) - x) * inverse)
    }

    /// `quantile(u, η)` and ∂x/∂λ = (∂x/∂η)·dη/dλ: directly for |η| in `directRange`, else in the
    /// dual of η with ψ(±η) from the constants.
    static func transform(_ u: Double, _ θ: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) -> Double {
        let eta = θ[1]
        if directRange.contains(Swift.abs(eta)) {
            // Above ½ the mirror 1 − F⁻¹(1 − u; −η), whose η-derivative is the mirrored one's in −η.
            let mirror = u > 0.5
            let (x, slope) = mirror ? directQuantile(1 - u, exp: θ[9], expm1: θ[10], inverse: -θ[11])
                                    : directQuantile(u, exp: θ[7], expm1: θ[8], inverse: θ[11])
            partials[0] = slope * θ[6]
            return mirror ? 1 - x : x
        }
        let x: Dual
        if u > 0.5 {  // the mirror 1 − F⁻¹(1 − u; −η), as in `quantile`
            let v = 1 - u, growth = Dual(θ[4], derivative: -θ[5])
            x = 1 - Dual(v) * growth * log1pOverX(Dual(v) * Dual(-eta, derivative: -1) * growth)
        } else {
            let growth = Dual(θ[2], derivative: θ[3])
            x = Dual(u) * growth * log1pOverX(Dual(u) * Dual(eta, derivative: 1) * growth)
        }
        partials[0] = x.derivative * θ[6]
        return x.value
    }

    /// log C(η): log 2 + log(t/tanh t) at t = η/2, by its series t coth t = Σ 2²ⁿB₂ₙt²ⁿ/(2n)! for |t| < ¼.
    static func logNormalizer<T: RealScalar>(_ eta: T) -> T {
        let t = T(0.5) * eta
        if Swift.abs(t.value) >= 0.25 { return T(Foundation.log(2.0)) + log(t / tanh(t)) }
        return T(Foundation.log(2.0)) + log(evaluateSeries(Series.cothCoefficients, at: t * t))
    }

    /// m(η) = 1/(1 − e^{−η}) − 1/η, by ½ + Σ B₂ₖη^{2k−1}/(2k)! for |η| < 1.
    static func meanOfNatural<T: RealScalar>(_ eta: T) -> T {
        if Swift.abs(eta.value) >= 1 { return 1 / (-expm1(-eta)) - 1 / eta }
        return T(0.5) + eta * evaluateSeries(Series.meanCoefficients, at: eta * eta)
    }

    /// m′(η) = 1/η² − 1/(4 sinh²(η/2)), by Σ (2k−1)B₂ₖη^{2k−2}/(2k)! for |η| < ½.
    static func varianceOfNatural<T: RealScalar>(_ eta: T) -> T {
        if Swift.abs(eta.value) >= 0.5 {
            let s = (exp(T(0.5) * eta) - exp(T(-0.5) * eta)) * T(0.5)
            return 1 / (eta * eta) - 1 / (4 * s * s)
        }
        return evaluateSeries(Series.varianceCoefficients, at: eta * eta)
    }

    private static func evaluateSeries<T: RealScalar>(_ coefficients: [Double], at x: T) -> T {
        var sum = T(0)
        for c in coefficients.reversed() { sum = sum * x + T(c) }
        return sum
    }

    /// Taylor coefficients from the even Bernoulli numbers B₂ … B₁₆.
    private enum Series {
        /// (2k)! for k = 1…8.
        static let evenFactorials: [Double] = (1...8).map { k in (1...(2 * k)).reduce(1.0) { $0 * Double($1) } }
        /// t coth t in powers of t²: 1, then 4ᵏB₂ₖ/(2k)!.
        static let cothCoefficients: [Double] = [1] + BernoulliEven.values.enumerated().map { k, b in Foundation.pow(4, Double(k + 1)) * b / evenFactorials[k] }
        /// (m(η) − ½)/η in powers of η²: B₂ₖ/(2k)!.
        static let meanCoefficients: [Double] = BernoulliEven.values.enumerated().map { k, b in b / evenFactorials[k] }
        /// H(η)/t² in powers of t² = η²/4: (1 − 2n)·4ⁿB₂ₙ/(2n(2n)!) for n = 1…8.
        static let entropyCoefficients: [Double] = BernoulliEven.values.enumerated().map { k, b in
            let n = Double(k + 1)
            return (1 - 2 * n) * Foundation.pow(4, n) * b / (2 * n * evenFactorials[k])
        }
        /// m′(η) in powers of η²: (2k−1)B₂ₖ/(2k)!.
        static let varianceCoefficients: [Double] = BernoulliEven.values.enumerated().map { k, b in Double(2 * k + 1) * b / evenFactorials[k] }
    }

    /// log(1 + e^η), overflow-free.
    static func softplus<T: RealScalar>(_ eta: T) -> T { eta.value > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta)) }

    /// log C(η) + x log λ + (1−x) log(1−λ) on [0, 1]; −∞ outside.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let inside = try value.compared(.greaterOrEqual, Tensor(0)).multiplying(value.compared(.lessOrEqual, Tensor(1)))
        let safe = try `where`(inside, value, Tensor(0.5))
        let normalizer = try Tensor.dualElementwise([probs]) { v in Self.logNormalizer(Self.naturalParameter(v[0])) }
        let body = try normalizer.adding(safe.multiplying(log(probs))).adding((1 - safe).multiplying(log1p(-probs)))
        return try `where`(inside, body, Tensor(-.infinity))
    }
    public func computeCDF(_ value: Tensor) throws -> Tensor { try cdfThroughDuals(clamp(value, min: 0, max: 1)) }

    /// (e^{ηx} − 1)/(e^η − 1) = x ψ(ηx)/ψ(η); above ½ as 1 − F(1 − x; −η) (the mirror image), so
    /// the upper tail is formed directly.
    public func cdf<T: RealScalar>(at x: T, parameters θ: [T]) -> T {
        if x.value <= 0 { return T(0) }
        if x.value >= 1 { return T(1) }
        let eta = Self.naturalParameter(θ[0])
        func lower(_ x: T, _ eta: T) -> T { x * expm1OverX(eta * x) / expm1OverX(eta) }
        let f = lower(x, eta)
        return f.value <= 0.5 ? f : 1 - lower(1 - x, -eta)
    }
    public func logDensity(at x: Double, parameters θ: [Double]) -> Double {
        let lambda = θ[0]
        return Self.logNormalizer(Self.naturalParameter(lambda)) + x * Foundation.log(lambda) + (1 - x) * Foundation.log1p(-lambda)
    }

    private func ofNatural(_ f: @escaping @Sendable (Dual) -> Dual) -> Tensor {
        // One input, so the shapes always agree.
        (try? Tensor.dualElementwise([probs]) { v in f(Self.naturalParameter(v[0])) }) ?? Tensor(repeating: .nan, shape: batchShape)
    }
    /// m(η) = λ/(2λ−1) + 1/(2 atanh(1−2λ)), ½ at λ = ½.
    public var mean: Tensor { ofNatural { Self.meanOfNatural($0) } }
    /// m′(η), 1/12 at λ = ½.
    public var variance: Tensor { ofNatural { Self.varianceOfNatural($0) } }
    /// H(η) = log ψ(η) − η m(η), 0 at λ = ½ (≈ −η²/24 near it).
    public func computeEntropy() -> Tensor { ofNatural { Self.entropyOfNatural($0) } }

    /// −log C − mη + softplus(η); for |η| < ½, with t = η/2 and S(t) = log(sinh t/t) = Σ sₙt²ⁿ,
    /// H = S − tS′ = Σ (1 − 2n)sₙt²ⁿ, sₙ = 4ⁿB₂ₙ/(2n(2n)!) (the direct form cancels to η²/24 there).
    static func entropyOfNatural<T: RealScalar>(_ eta: T) -> T {
        if Swift.abs(eta.value) >= 0.5 { return -logNormalizer(eta) - meanOfNatural(eta) * eta + softplus(eta) }
        let t2 = T(0.25) * eta * eta
        return t2 * evaluateSeries(Series.entropyCoefficients, at: t2)
    }
}
