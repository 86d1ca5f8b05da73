import Foundation

// The standard normal truncated to [α, β] (α = (low − μ)/σ, β = (high − μ)/σ):
// F(z) = (Φ(z) − Φ(α)) / (Φ(β) − Φ(α)),  p(z) = φ(z) / (Φ(β) − Φ(α)).
//
// Both bounds may lie far in one tail (α = 30, β = 31, or −40 and −39.99), where Φ(β) − Φ(α)
// is 0 − 0 or 1 − 1 in doubles. So everything is done in log space on the tail the interval
// leans into: with L = log Φ,
//   log Z     = L(β) + log(1 − e^{L(α) − L(β)}),
//   log F     = L(z) + log(1 − e^{L(α) − L(z)}) − log Z,
//   log(1−F)  = L(β) + log(1 − e^{L(z) − L(β)}) − log Z,
// and an interval leaning into the upper tail (α + β > 0) is mirrored, z → −z, [α, β] → [−β, −α].

/// log(1 − e^d) for d ≤ 0, accurate for d near 0 and for d very negative.
@inlinable
func logOneMinusExp(_ d: Double) -> Double {
    if d == -Double.infinity { return 0 }
    return d > -0.6931471805599453 ? Foundation.log(-Foundation.expm1(d)) : Foundation.log1p(-Foundation.exp(d))
}

/// log R(t) with R(t) = Φ(t)/φ(t), the Mills ratio, for t ≤ 0 (never underflows).
///
/// R is formed as a ratio, not as e^{log Φ − log φ}: both logs reach −700 at t = −37 and
/// their difference would keep only 13 digits.
@usableFromInline
func logMillsRatio(_ t: Double) -> Double {
    if t < -35 {
        var tail = -t
        for n in stride(from: 30, through: 1, by: -1) { tail = -t + Double(n) / tail }
        return -Foundation.log(tail)
    }
    // φ(t) = e^{−t²/2}/√(2π) with t² = square + squareLow exactly.
    let square = t * t, squareLow = Foundation.fma(t, t, -square)
    let ratio = 0.5 * complementaryErrorFunction(scaledBy: -t) * (2 * Double.pi).squareRoot()
        * Foundation.exp(0.5 * square) * (1 + 0.5 * squareLow)
    return Foundation.log(ratio)
}

/// Log-space pieces of the standard normal truncated to [α, β], to near full relative
/// accuracy even for narrow intervals far in a tail (see the file notes).
///
/// Works in the orientation where α + β ≤ 0 (mirroring otherwise) and measures every
/// mass against φ(r), r = β, the end that holds the mass (or 0 for the whole line):
/// A(t) = log(Φ(t)/φ(r)) = −(t − r)(t + r)/2 + log R(t), the exponent formed as a product
/// so nothing large cancels. A mass Φ(b) − Φ(a) is then e^{A(b)}(1 − e^{A(a) − A(b)}) when
/// Φ(a)/Φ(b) < e^{−1/2}, and a Gauss–Legendre integral of φ(t)/φ(b) over [a, b] when the
/// two are close (there the integrand varies by less than a factor of 2). Measuring from β
/// keeps every log that matters small: with r = α = −10001, β = −10000, A(β) would be ≈ 10⁴
/// and log F a difference of two such numbers (2e-12 lost); from β it is ≈ −9.
@usableFromInline
struct TruncatedNormalLogMass: Sendable {
    /// True when the interval was mirrored (α + β > 0 on input).
    @usableFromInline let mirrored: Bool
    @usableFromInline let low: Double, high: Double, reference: Double
    /// log((Φ(β) − Φ(α))/φ(r)) in the oriented frame.
    @usableFromInline let relativeLogMass: Double
    /// A(low) and A(high), kept so that each point costs one more A.
    @usableFromInline let lowRelative: Double, highRelative: Double

    @inlinable
    init(alpha: Double, beta: Double) {
        let mirrored = alpha + beta > 0
        let low = mirrored ? -beta : alpha, high = mirrored ? -alpha : beta
        let reference = high.isFinite ? high : 0
        self.mirrored = mirrored
        self.low = low
        self.high = high
        self.reference = reference
        lowRelative = Self.logRelativeCDF(low, reference: reference)
        highRelative = Self.logRelativeCDF(high, reference: reference)
        relativeLogMass = Self.logMass(from: low, lowRelative, to: high, highRelative, reference: reference)
    }

    /// log p(t) = log φ(t) − log Z for t in the caller's orientation (φ is even).
    @inlinable
    func logDensity(_ t: Double) -> Double { -0.5 * (t - reference) * (t + reference) - relativeLogMass }

    /// log Z = log(Φ(β) − Φ(α)).
    @inlinable var logNormalizer: Double { relativeLogMass + standardNormalLogDensity(reference) }

    /// A(t) = log(Φ(t)/φ(r)).
    @inlinable
    static func logRelativeCDF(_ t: Double, reference: Double) -> Double {
        if t == -Double.infinity { return -.infinity }
        if t <= 0 { return -0.5 * (t - reference) * (t + reference) + logMillsRatio(t) }
        return standardNormalLogCDFValue(t) - standardNormalLogDensity(reference)
    }

    /// log((Φ(b) − Φ(a))/φ(r)) for a < b in the oriented frame, given A(a) and A(b).
    @inlinable
    static func logMass(from a: Double, _ lower: Double, to b: Double, _ upper: Double, reference: Double) -> Double {
        let gap = lower - upper
        if gap < -0.5 { return upper + logOneMinusExp(gap) }
        // Close: ∫_a^b e^{−(t−r)(t+r)/2} dt = e^{−(b−r)(b+r)/2} ∫_a^b φ(t)/φ(b) dt, t = b − (b − a)(1 − x)/2.
        // Measured against φ(b), the integrand stays in [e^{−1/2}·…, 1]-ish (the masses are close),
        // where against φ(r) it would overflow when r lies far from b (r = −1001, b = −1000).
        let half = 0.5 * (b - a)
        var sum = 0.0
        for (node, weight) in gaussLegendre12 {
            let fromHigh = -half * (1 - node)             // t − b
            sum += weight * Foundation.exp(-0.5 * fromHigh * (fromHigh + 2 * b))
        }
        return Foundation.log(sum * half) - 0.5 * (b - reference) * (b + reference)
    }

    /// (log F, log(1 − F)) at z in the caller's orientation, α < z < β.
    @inlinable
    func logCDF(_ z: Double) -> (lower: Double, upper: Double) {
        let tails = logCDFAndRelative(z)
        return (tails.lower, tails.upper)
    }

    /// (log F, log(1 − F)) at z as `logCDF`, and A(t) at the oriented point t = ±z that they
    /// came from (`shiftDerivative` needs it again).
    @inlinable
    func logCDFAndRelative(_ z: Double) -> (lower: Double, upper: Double, relative: Double) {
        let t = mirrored ? -z : z
        let point = Self.logRelativeCDF(t, reference: reference)
        let lower = Self.logMass(from: low, lowRelative, to: t, point, reference: reference) - relativeLogMass
        let upper = Self.logMass(from: t, point, to: high, highRelative, reference: reference) - relativeLogMass
        return mirrored ? (upper, lower, point) : (lower, upper, point)
    }
}

/// The CDF of the standard normal truncated to [α, β]: (Φ(z) − Φ(α)) / (Φ(β) − Φ(α)).
///
/// Generic, so duals in z, α or β give ∂F/∂z = p(z), ∂F/∂α = −(1 − F) φ(α)/Z and
/// ∂F/∂β = −F φ(β)/Z (Z = Φ(β) − Φ(α)). Accurate when both bounds are far in one tail
/// (computed in log space, see the file notes).
///
///     truncatedNormalCDF(0.0, alpha: -1.0, beta: 1.0)   // 0.5
///
/// 0 below α, 1 above β; NaN unless α < β (NaN inputs included).
@inlinable
public func truncatedNormalCDF<T: RealScalar>(_ z: T, alpha: T, beta: T) -> T {
    guard alpha.value < beta.value, !z.value.isNaN else { return T(Double.nan) }
    if z.value <= alpha.value { return 0 }
    if z.value >= beta.value { return 1 }
    let mass = TruncatedNormalLogMass(alpha: alpha.value, beta: beta.value)
    let (lower, upper) = mass.logCDF(z.value)
    // The smaller of F and 1 − F is exact; the other is 1 minus it.
    let value = lower <= upper ? Foundation.exp(lower) : 1 - Foundation.exp(upper)
    let dAlpha = alpha.value.isFinite ? -Foundation.exp(upper + mass.logDensity(alpha.value)) : 0
    let dBeta = beta.value.isFinite ? -Foundation.exp(lower + mass.logDensity(beta.value)) : 0
    return z.lift(value: value, derivative: Foundation.exp(mass.logDensity(z.value)))
        + alpha.lift(value: 0, derivative: dAlpha) + beta.lift(value: 0, derivative: dBeta)
}

/// log p(z) = log φ(z) − log(Φ(β) − Φ(α)), the log density of the standard normal
/// truncated to [α, β] (−∞ outside; NaN unless α < β). For x = μ + σz subtract log σ.
///
/// Duals give ∂/∂z = −z, ∂/∂α = φ(α)/Z, ∂/∂β = −φ(β)/Z.
///
///     truncatedNormalLogDensity(0.0, alpha: -.infinity, beta: 0.0)   // log(2/√(2π)) = −0.2257913526447274
@inlinable
public func truncatedNormalLogDensity<T: RealScalar>(_ z: T, alpha: T, beta: T) -> T {
    guard alpha.value < beta.value, !z.value.isNaN else { return T(Double.nan) }
    if z.value < alpha.value || z.value > beta.value { return T(-Double.infinity) }
    let mass = TruncatedNormalLogMass(alpha: alpha.value, beta: beta.value)
    let dAlpha = alpha.value.isFinite ? Foundation.exp(mass.logDensity(alpha.value)) : 0
    let dBeta = beta.value.isFinite ? -Foundation.exp(mass.logDensity(beta.value)) : 0
    return z.lift(value: mass.logDensity(z.value), derivative: -z.value)
        + alpha.lift(value: 0, derivative: dAlpha) + beta.lift(value: 0, derivative: dBeta)
}

/// The quantile of the standard normal truncated to [α, β]: the z ∈ [α, β] with F(z) = u.
///
/// Where the interval is neither narrow nor beyond −30 (after mirroring) one Φ⁻¹ does it
/// (`truncatedNormalQuantileDirect`). Otherwise: start in closed form on the log scale:
/// Φ(z) = u Φ(β) + (1 − u) Φ(α), so
/// log Φ(z) = log Φ(β) + log(u + (1 − u) Φ(α)/Φ(β)) (all terms positive), inverted by
/// `standardNormalQuantile(logProbability:)`; then two Newton steps on log F (or log(1 − F)
/// above the median) with the accurate log-space CDF. Intervals leaning into the upper tail
/// are mirrored, so bounds like [30, 31] or [−40, −39.99] keep full relative accuracy.
///
///     truncatedNormalQuantile(u: 0.5, alpha: -1, beta: 1)   // 0
///     truncatedNormalQuantile(u: 0.5, alpha: 30, beta: 31)  // ≈ 30.0231
///
/// NaN unless α < β and 0 ≤ u ≤ 1.
public func truncatedNormalQuantile(u: Double, alpha: Double, beta: Double) -> Double {
    guard alpha < beta, u >= 0, u <= 1 else { return .nan }
    if u == 0 { return alpha }
    if u == 1 { return beta }
    return truncatedNormalQuantileDirect(u: u, alpha: alpha, beta: beta)
        ?? truncatedNormalQuantileLogSpace(u: u, alpha: alpha, beta: beta)
}

/// The log-space route of `truncatedNormalQuantile` (any α < β, 0 < u < 1).
@usableFromInline
func truncatedNormalQuantileLogSpace(u: Double, alpha: Double, beta: Double) -> Double {
    let mass = TruncatedNormalLogMass(alpha: alpha, beta: beta)
    // The oriented level is u, or 1 − u when mirrored; keep the level and its complement exact.
    let level = mass.mirrored ? 1 - u : u
    let complement = mass.mirrored ? u : 1 - u
    let logLow = standardNormalLogCDFValue(mass.low), logHigh = standardNormalLogCDFValue(mass.high)
    let logLevel = logHigh + Foundation.log(level + complement * Foundation.exp(logLow - logHigh))
    let oriented = standardNormalQuantile(logProbability: Swift.min(0, logLevel))
    var z = Swift.min(Swift.max(mass.mirrored ? -oriented : oriented, alpha), beta)
    let logU = Foundation.log(u), logV = Foundation.log1p(-u)
    for _ in 0..<2 where z > alpha && z < beta {
        let (lower, upper) = mass.logCDF(z)
        // dF = p dz; on the log scale d log F = (p/F) dz and d log(1 − F) = −(p/(1 − F)) dz.
        let step = u <= 0.5
            ? (lower - logU) * Foundation.exp(lower - mass.logDensity(z))
            : -(upper - logV) * Foundation.exp(upper - mass.logDensity(z))
        z = Swift.min(Swift.max(z - step, alpha), beta)
    }
    return z
}

/// The quantile by one Φ⁻¹ where that is already exact: the interval (mirrored so α + β ≤ 0)
/// lies above −30 (its lower end, or its upper end when the lower is −∞: below that Φ leaves
/// the normal doubles, and beyond −38 it underflows to 0) and is not narrow
/// (Z ≥ Φ(β)/100, so Φ(β) − Φ(α) loses at most two digits).
/// Then Φ(z) = Φ(α) + uZ below the median and, above it, Φ(z) = Φ(β) − (1 − u)Z, or
/// 1 − Φ(z) = (1 − Φ(β)) + (1 − u)Z when β > 0; all sums of positive terms or mild differences.
/// Returns nil when the log-space route is needed.
@usableFromInline
func truncatedNormalQuantileDirect(u: Double, alpha: Double, beta: Double) -> Double? {
    let mirrored = alpha + beta > 0
    let low = mirrored ? -beta : alpha, high = mirrored ? -alpha : beta
    guard (low == -.infinity ? high : low) >= -30 else { return nil }
    let level = mirrored ? 1 - u : u, complement = mirrored ? u : 1 - u
    let lowMass = low == -.infinity ? 0 : 0.5 * complementaryErrorFunction(scaledBy: -low)
    let highMass = 0.5 * complementaryErrorFunction(scaledBy: -high)
    let mass = highMass - lowMass
    guard mass >= 0.01 * highMass else { return nil }
    let oriented: Double
    if level <= 0.5 {
        oriented = standardNormalQuantile(lowMass + level * mass)
    } else if high <= 0 {
        oriented = standardNormalQuantile(highMass - complement * mass)
    } else {
        let upperTail = 0.5 * complementaryErrorFunction(scaledBy: high) + complement * mass
        oriented = -standardNormalQuantile(upperTail)
    }
    let z = mirrored ? -oriented : oriented
    return Swift.min(Swift.max(z, alpha), beta)
}

/// How a truncated-Normal sample moves with each parameter (implicit reparameterization).
public struct TruncatedNormalSampleDerivatives: Equatable, Sendable {
    /// dx/dμ
    public var loc: Double
    /// dx/dσ
    public var scale: Double
    /// dx/d(low)
    public var low: Double
    /// dx/d(high)
    public var high: Double

    public init(loc: Double, scale: Double, low: Double, high: Double) {
        self.loc = loc
        self.scale = scale
        self.low = low
        self.high = high
    }
}

/// dx/dθ = −(∂F/∂θ)(x)/p(x) for a sample x of Normal(μ, σ) truncated to [low, high],
/// θ ∈ {μ, σ, low, high}.
///
/// With z = (x − μ)/σ, α, β the standardized bounds and u = F(x):
/// dx/d(low) = (1 − u) φ(α)/φ(z), dx/d(high) = u φ(β)/φ(z),
/// dx/dμ = 1 − dx/d(low) − dx/d(high), dx/dσ = z − α dx/d(low) − β dx/d(high).
/// The ratios are formed as exp(log(1 − u) + (z − α)(z + α)/2), so far tails neither
/// overflow nor underflow on the way. An infinite bound contributes 0. Next to the bound that
/// holds the mass dx/dμ is a Mills-ratio integral (`shiftDerivative`), and dx/dσ is formed as
/// z dx/dμ + (z − α) dx/d(low) − (β − z) dx/d(high), so both keep their relative accuracy
/// where they are 1e-12 of their parts (`low: 1e6`); only in intervals narrow and far out,
/// where they are second-order small, is their error relative to the parts.
///
///     let d = try truncatedNormalImplicitDerivatives(sample: 0.3, loc: 0, scale: 1, low: -1, high: 1)
///     // d.low + d.high + d.loc == 1 (shifting everything shifts the sample)
///
/// - Throws: `ReparamError.invalidParameter` for σ ≤ 0, low ≥ high or NaN parameters;
///   `ReparamError.invalidArgument` for a sample outside [low, high].
public func truncatedNormalImplicitDerivatives(sample x: Double, loc: Double, scale: Double,
                                               low: Double, high: Double) throws -> TruncatedNormalSampleDerivatives {
    try validateTruncatedNormal(loc: loc, scale: scale, low: low, high: high)
    guard x >= low && x <= high else {
        throw ReparamError.invalidArgument("truncated Normal: a sample must lie in [\(low), \(high)], got \(x)")
    }
    return truncatedNormalImplicitDerivativesUnchecked(x, loc, scale, low, high)
}

@inlinable
func truncatedNormalImplicitDerivativesUnchecked(_ x: Double, _ loc: Double, _ scale: Double,
                                                 _ low: Double, _ high: Double,
                                                 mass precomputed: TruncatedNormalLogMass? = nil) -> TruncatedNormalSampleDerivatives {
    let z = (x - loc) / scale, alpha = (low - loc) / scale, beta = (high - loc) / scale
    // z − α and β − z from the unstandardized offsets (one rounding, not a difference of two).
    let aboveLow = (x - low) / scale, belowHigh = (high - x) / scale
    let mass = z > alpha && z < beta ? precomputed ?? TruncatedNormalLogMass(alpha: alpha, beta: beta) : nil
    let tails = mass?.logCDFAndRelative(z)
    let (logU, logOneMinusU) = tails.map { ($0.lower, $0.upper) } ?? (z <= alpha ? (-.infinity, 0) : (0, -.infinity))
    let dLow = alpha.isFinite ? Foundation.exp(logOneMinusU + 0.5 * aboveLow * (z + alpha)) : 0
    let dHigh = beta.isFinite ? Foundation.exp(logU - 0.5 * belowHigh * (z + beta)) : 0
    let dLoc: Double
    if let mass, let tails {
        dLoc = mass.shiftDerivative(at: z, relative: tails.relative, low: dLow, high: dHigh)
    } else {
        dLoc = 1 - dLow - dHigh
    }
    // z − α dlow − β dhigh = z dloc + (z − α) dlow − (β − z) dhigh: no cancellation next to one bound.
    return TruncatedNormalSampleDerivatives(
        loc: dLoc,
        scale: z * dLoc + (alpha.isFinite ? aboveLow * dLow : 0) - (beta.isFinite ? belowHigh * dHigh : 0),
        low: dLow,
        high: dHigh)
}

@usableFromInline
func validateTruncatedNormal(loc: Double, scale: Double, low: Double, high: Double) throws {
    guard loc.isFinite else {
        throw ReparamError.invalidParameter(distribution: "truncated Normal", parameter: "loc", value: "\(loc)", rule: "finite")
    }
    guard scale > 0 && scale.isFinite else {
        throw ReparamError.invalidParameter(distribution: "truncated Normal", parameter: "scale", value: "\(scale)",
                                            rule: "positive and finite")
    }
    guard !low.isNaN, !high.isNaN, low < high else {
        throw ReparamError.invalidParameter(distribution: "truncated Normal", parameter: "low", value: "\(low)",
                                            rule: "below high (\(high))")
    }
}
