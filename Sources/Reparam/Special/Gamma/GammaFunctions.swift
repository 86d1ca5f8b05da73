import Foundation

// log Γ, ψ = (log Γ)′ and ψ₁ = ψ′ on the real line.
//
// On x > 0 each is accurate to about 1e-15 relative (ψ near its positive
// root x₀ = 1.4616… is expanded about x₀, so it stays relative there too).
// Negative non-integers go through the reflection formulas; the poles
// x = 0, −1, −2, … give +inf for log Γ and ψ₁ and nan for ψ (whose sign
// there depends on the side of approach). Nothing traps.

/// log |Γ(x)|.
///
///     logGamma(5)     // log 24 = 3.178…
///     logGamma(0.5)   // log √π = 0.572…
///     logGamma(-0.5)  // log(2√π) = 1.265…
///
/// The C library's reentrant `lgamma_r` (fdlibm's algorithm): accurate to a few ulps, relative
/// also near the roots 1 and 2 (the fixture tests hold it to that). Never plain `lgamma`, which
/// writes the sign of Γ to the global `signgam`, a data race from the parallel kernels
/// (`GammaFunctionsTests.testLogGammaLeavesSigngamAlone` checks every route).
@inlinable public func logGamma(_ x: Double) -> Double {
    var sign: Int32 = 0
    return lgamma_r(x, &sign)
}

/// The digamma function ψ(x) = d log Γ(x)/dx.
///
/// For x ≥ 12 the asymptotic series ψ(x) = log x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ);
/// below, the recurrence ψ(x) = ψ(x+m) − Σₖ<ₘ 1/(x+k), the sum taken as Π′/Π for
/// Π(x) = (x)(x+1)…(x+m−1) (one division instead of m); near the root x₀ a Taylor
/// series in x − x₀; for x < 0 the reflection ψ(x) = ψ(1−x) − π cot(πx).
///
///     digamma(1)   // −γ = −0.5772…
///     digamma(0.5) // −γ − 2 log 2
public func digamma(_ x: Double) -> Double {
    if x.isNaN { return x }
    if x <= 0 {
        if x == x.rounded(.down) { return .nan }          // a pole (or −inf)
        let r = x - x.rounded()                           // cot(πx) = cot(πr), r ∈ [−½, ½]
        return digamma(1 - x) - Double.pi / Foundation.tan(Double.pi * r)
    }
    if abs(x - DigammaRoot.high) < 0.25 { return DigammaRoot.series(x) }
    var shift = 0.0
    var y = x
    if y < 1 {  // 1/x apart: the product below stays within [1, 12!] and never underflows
        shift = 1 / y
        y += 1
    }
    var product = 1.0, productSlope = 0.0  // Π(y) and Π′(y) over the steps taken, all terms positive
    while y < 12 {
        productSlope = productSlope * y + product
        product *= y
        y += 1
    }
    return digammaAsymptotic(y) - (shift + productSlope / product)
}

/// The trigamma function ψ₁(x) = d²log Γ(x)/dx².
///
/// For x ≥ 12 the asymptotic series ψ₁(x) = 1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹;
/// below, ψ₁(x) = ψ₁(x+1) + 1/x²; for x < 0 the reflection
/// ψ₁(x) = π²/sin²(πx) − ψ₁(1−x).
///
///     trigamma(1)  // π²/6
public func trigamma(_ x: Double) -> Double {
    if x.isNaN { return x }
    if x <= 0 {
        if x == x.rounded(.down) { return x.isInfinite ? .nan : .infinity }
        let s = Foundation.sin(Double.pi * (x - x.rounded()))
        return Double.pi * Double.pi / (s * s) - trigamma(1 - x)
    }
    var shift = 0.0
    var y = x
    while y < 12 {
        shift += 1 / (y * y)
        y += 1
    }
    let r = 1 / y, r2 = r * r
    var tail = 0.0
    for b in BernoulliEven.values.reversed() { tail = tail * r2 + b }
    return shift + r + 0.5 * r2 + tail * r2 * r
}

/// The tetragamma function ψ₂(x) = d³log Γ(x)/dx³ for x > 0 (nan elsewhere).
///
/// For x ≥ 12 the asymptotic series ψ₂(x) = −1/x² − 1/x³ − Σ (2k+1) B₂ₖ/x²ᵏ⁺²; below,
/// ψ₂(x) = ψ₂(x+1) − 2/x³.
///
///     tetragamma(1)  // −2ζ(3) = −2.4041138063191885
public func tetragamma(_ x: Double) -> Double {
    guard x > 0 else { return .nan }
    var shift = 0.0
    var y = x
    while y < 12 {
        shift -= 2 / (y * y * y)
        y += 1
    }
    let r = 1 / y, r2 = r * r
    var tail = 0.0
    for k in stride(from: BernoulliEven.values.count, through: 1, by: -1) {
        tail = tail * r2 + Double(2 * k + 1) * BernoulliEven.values[k - 1]
    }
    return shift - r2 - r2 * r - tail * r2 * r2
}

/// log Γ(x) for any `RealScalar`; its derivative is ψ(x).
///
///     logGamma(Dual(3, derivative: 1)) // value log 2, derivative ψ(3) = 3/2 − γ
///
/// For `Double` no derivative is formed (`lift` would discard it, but only after a full ψ:
/// three of them were a fifth of the per-element Beta gradient, issue 16).
@inlinable public func logGamma<T: RealScalar>(_ x: T) -> T {
    x.lift(value: logGamma(x.value), derivative: T.carriesDerivatives ? digamma(x.value) : 0)
}

/// ψ(x) for any `RealScalar`; its derivative is ψ₁(x).
@inlinable public func digamma<T: RealScalar>(_ x: T) -> T {
    x.lift(value: digamma(x.value), derivative: T.carriesDerivatives ? trigamma(x.value) : 0)
}

/// The even Bernoulli numbers B₂ … B₁₆ that the Stirling-type series use.
@usableFromInline enum BernoulliEven {
    @usableFromInline static let values: [Double] = [
        1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510,
    ]
    /// B₂ₖ/(2k), the coefficients of ψ's asymptotic series, divided once (ψ is on the Gamma gradient's hot path).
    @usableFromInline static let overTwiceIndex: [Double] = values.enumerated().map { $1 / Double(2 * ($0 + 1)) }
}

/// ψ(x) − log x for x ≥ 12 by the asymptotic series −1/(2x) − Σ B₂ₖ/(2k x²ᵏ),
/// kept apart from log x so callers can subtract logs without cancellation.
@usableFromInline func digammaMinusLog(_ x: Double) -> Double {
    let r = 1 / x, r2 = r * r
    var tail = 0.0
    for c in BernoulliEven.overTwiceIndex.reversed() { tail = tail * r2 + c }
    return -0.5 * r - tail * r2
}

@usableFromInline func digammaAsymptotic(_ x: Double) -> Double {
    Foundation.log(x) + digammaMinusLog(x)
}

/// ψ about its positive root x₀: ψ(x) = Σₖ ψ⁽ᵏ⁾(x₀)/k! (x − x₀)ᵏ, |x − x₀| < ¼.
///
/// x₀ is carried as high + low parts so x − x₀ is correct to the last bit;
/// the coefficients were computed with mpmath at 50 digits.
enum DigammaRoot {
    static let high = 1.4616321449683622
    static let low = 9.549995429965697e-17
    static let coefficients: [Double] = [
        0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652,
        0.10782405069126237, -0.07219956125645471, 0.04880428816414311, -0.03316112647484736,
        0.022597648232218104, -0.01542476590494896, 0.010538791616612175, -0.007204534386356869,
        0.004926781395729853, -0.003369801655439328, 0.002305126326734928, -0.0015769367714301972,
        0.0010788252019162967, -0.0007380709389960052, 0.000504953265834602, -0.0003454680251063077,
        0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741,
    ]
    static func series(_ x: Double) -> Double {
        let t = (x - high) - low
        var sum = 0.0
        for c in coefficients.reversed() { sum = sum * t + c }
        return sum * t
    }
}

/// ψ₁(x) for any `RealScalar`; its derivative is ψ₂(x) (x > 0).
@inlinable public func trigamma<T: RealScalar>(_ x: T) -> T {
    x.lift(value: trigamma(x.value), derivative: T.carriesDerivatives ? tetragamma(x.value) : 0)
}
