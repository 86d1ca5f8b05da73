import Foundation

/// The quantile of the Beta(a, b) distribution: x with I_x(a, b) = p.
///
/// Throws `ReparamError.invalidArgument` for p outside [0, 1] or a, b not
/// positive and finite. p = 0 and 1 give 0 and 1. Near 1 the answer can only
/// be as precise as a float64 next to 1; use
/// `inverseRegularizedBeta(p:complement:a:b:)` to get the complement too.
///
///     try inverseRegularizedBeta(p: 0.5, a: 2, b: 2)       // 0.5
///     try inverseRegularizedBeta(p: 0.001, a: 0.01, b: 1)  // 1e-300
public func inverseRegularizedBeta(p: Double, a: Double, b: Double) throws -> Double {
    guard p >= 0, p <= 1 else { throw ReparamError.invalidArgument("inverseRegularizedBeta: p must be in [0, 1], got \(p)") }
    return try inverseRegularizedBeta(p: p, complement: 1 - p, a: a, b: b).x
}

/// The Beta(a, b) quantile x and its complement 1 − x, from p and q = 1 − p
/// (each given accurately, so upper-tail probabilities like q = 1e-30 work).
///
/// The root lies below ½ when p ≤ I_½(a, b); then I_z(a, b) = p is solved for
/// z = x, otherwise I_z(b, a) = q for z = 1 − x, so the unknown is always the
/// smaller coordinate and is found to full relative precision
/// (`solveBetaTail`). Throws for p, q outside [0, 1] or not summing to 1.
///
///     try inverseRegularizedBeta(p: 1 - 1e-30, complement: 1e-30, a: 2, b: 0.5)
///     // (x: 1.0, complement: 4.44…e-61)
public func inverseRegularizedBeta(p: Double, complement q: Double, a: Double, b: Double) throws -> (x: Double, complement: Double) {
    try validateBetaParameters(a: a, b: b, caller: "inverseRegularizedBeta")
    guard p >= 0, q >= 0, p <= 1, q <= 1, Swift.abs(p + q - 1) <= 1e-12 else {
        throw ReparamError.invalidArgument("inverseRegularizedBeta: p and its complement must lie in [0, 1] and sum to 1, got \(p) and \(q)")
    }
    let root = betaQuantile(lower: p, upper: q, a: a, b: b)
    guard !root.x.isNaN, !root.y.isNaN else {
        throw ReparamError.invalidArgument("inverseRegularizedBeta: the incomplete beta did not converge at a = \(a), b = \(b), p = \(p) "
                                           + "(its continued fraction stops after 100,000 steps)")
    }
    return (root.x, root.y)
}

/// Throws unless a and b are positive and finite, and so is a + b.
func validateBetaParameters(a: Double, b: Double, caller: String) throws {
    guard a > 0, a.isFinite else { throw ReparamError.invalidArgument("\(caller): a must be positive and finite, got \(a)") }
    guard b > 0, b.isFinite else { throw ReparamError.invalidArgument("\(caller): b must be positive and finite, got \(b)") }
    guard (a + b).isFinite else {
        throw ReparamError.invalidArgument("\(caller): a + b must be below the largest double (1.8e308), got a = \(a), b = \(b)")
    }
}

/// x, y = 1 − x and the logarithm of the smaller of them, with I_x(a, b) = p, 1 − I_x(a, b) = q.
/// Arguments are assumed valid.
func betaQuantile(lower p: Double, upper q: Double, a: Double, b: Double) -> (x: Double, y: Double, logSmaller: Double) {
    if p == 0 { return (0, 1, -.infinity) }
    if q == 0 { return (1, 0, -.infinity) }
    let middle = incompleteBetaPieces(x: 0.5, y: 0.5, logX: -logTwo, logY: -logTwo, a: a, b: b)
    let middleDirect = Foundation.exp(middle.logFront) * middle.factor
    let lowerAtMiddle = middle.isComplement ? 1 - middleDirect : middleDirect
    guard !lowerAtMiddle.isNaN else { return (.nan, .nan, .nan) }
    if p <= lowerAtMiddle {
        let root = solveBetaTail(target: p, complement: q, alpha: a, beta: b)
        return (root.z, 1 - root.z, root.logZ)
    }
    let root = solveBetaTail(target: q, complement: p, alpha: b, beta: a)
    return (1 - root.z, root.z, root.logZ)
}

/// z ∈ (0, ½] with I_z(α, β) = r (and 1 − I_z = rc), and log z, which stays
/// right even where z underflows.
///
/// Halley's method in w = log z, where tails behave like powers (I ≈ c zᵅ):
/// f = I − r, f′ = z p(z) = front/(1−z), f″/f′ = α − (β−1) z/(1−z), with
/// front = zᵅ(1−z)ᵝ/B(α, β) from the same pieces as I. A bracket on w, updated
/// from the sign of f, catches any step that leaves it by bisection. Once w has
/// settled, Newton steps on z itself (z ← z e^(−f/f′)) remove the rounding of w.
func solveBetaTail(target r: Double, complement rc: Double, alpha: Double, beta: Double) -> (z: Double, logZ: Double) {
    var low = -1e6, high = -logTwo
    var w = Swift.min(Swift.max(initialLogBetaQuantile(target: r, alpha: alpha, beta: beta), low), high)

    /// The Newton step −u and the curvature (second over first derivative)
    /// at log z = w, z = e^w, of f = log I − log r when r ≤ ½ (exact in one
    /// step for a power-law tail I = c zᵅ), else of f = (1 − r) − (1 − I).
    func newtonRatio(_ w: Double, _ z: Double) -> (u: Double, curvature: Double) {
        let pieces = incompleteBetaPieces(x: z, y: 1 - z, logX: w, logY: Foundation.log1p(-z), a: alpha, b: beta)
        let front = Foundation.exp(pieces.logFront)
        let direct = front * pieces.factor
        let slope = front / (1 - z)                       // dI/dw
        let curvature = alpha - (beta - 1) * z / (1 - z)  // (d²I/dw²) / (dI/dw)
        if r <= 0.5 {
            let lowerTail = pieces.isComplement ? 1 - direct : direct
            guard lowerTail > 0 else { return (-.infinity, 0) }
            let f = Foundation.log(lowerTail) - Foundation.log(r)
            return (f * lowerTail / slope, curvature - slope / lowerTail)
        }
        let f = rc - (pieces.isComplement ? direct : 1 - direct)
        return (f / slope, curvature)
    }

    for _ in 0..<300 {
        let (u, curvature) = newtonRatio(w, Foundation.exp(w))
        if u.isNaN { return (.nan, .nan) }
        if u == 0 { break }
        if u > 0 { high = w } else { low = w }
        let halley = 0.5 * u * curvature
        let next = w - (Swift.abs(halley) < 0.5 ? u / (1 - halley) : u)
        if Swift.abs(next - w) <= 1e-14 * Swift.max(1, Swift.abs(w)) {
            w = next
            break
        }
        w = next > low && next < high ? next : 0.5 * (low + high)
        if high - low <= 1e-15 * Swift.abs(w) { break }
    }
    var z = Foundation.exp(w)
    guard z >= 1e-300 else { return (z, w) }
    for _ in 0..<3 {
        let u = newtonRatio(Foundation.log(z), z).u
        let next = z * Foundation.exp(-u)
        // A polish that leaves (0, ½] (a flat CDF at subnormal shapes) keeps the bracketed root.
        guard u.isFinite, next > 0, next <= 0.5 else { break }
        z = next
        if Swift.abs(u) < 1e-16 { break }
    }
    return (z, Foundation.log(z))
}

/// A starting point for log z, I_z(α, β) = r, z ≤ ½.
///
/// For α, β ≥ 1 a normal approximation on the logit scale (Abramowitz &
/// Stegun 26.5.22): z = α/(α + β e^{2w}) with w from the upper normal quantile
/// of r; otherwise the power tails I ≈ zᵅ/(α B) near 0 and 1 − I ≈ (1−z)ᵝ/(β B)
/// near 1, with B approximated by (x₀ᵅ/α + y₀ᵝ/β), x₀ = α/(α+β).
func initialLogBetaQuantile(target r: Double, alpha: Double, beta: Double) -> Double {
    if alpha >= 1 && beta >= 1 {
        let y = upperNormalQuantile(r)
        let lambda = (y * y - 3) / 6
        let h = 2 / (1 / (2 * alpha - 1) + 1 / (2 * beta - 1))
        let w = y * Foundation.sqrt(h + lambda) / h
            - (1 / (2 * beta - 1) - 1 / (2 * alpha - 1)) * (lambda + 5.0 / 6 - 2 / (3 * h))
        // log(α / (α + β e^{2w})) without overflow.
        let logTerm = Foundation.log(beta / alpha) + 2 * w
        return logTerm > 0 ? -logTerm - Foundation.log1p(Foundation.exp(-logTerm)) : -Foundation.log1p(Foundation.exp(logTerm))
    }
    let s = alpha + beta
    let lowerWeight = Foundation.exp(alpha * Foundation.log(alpha / s)) / alpha
    let upperWeight = Foundation.exp(beta * Foundation.log(beta / s)) / beta
    let total = lowerWeight + upperWeight
    if r < lowerWeight / total {
        return (Foundation.log(alpha * total) + Foundation.log(r)) / alpha
    }
    return Foundation.log1p(-Foundation.exp((Foundation.log(beta * total) + Foundation.log1p(-r)) / beta))
}

/// The upper normal quantile y with Φ(−y) = r (Abramowitz & Stegun 26.2.23,
/// error below 4.5e-4: a starting value only).
func upperNormalQuantile(_ r: Double) -> Double {
    let tail = Swift.min(r, 1 - r)
    let t = Foundation.sqrt(-2 * Foundation.log(tail))
    let y = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
    return r <= 0.5 ? y : -y
}

/// log 2.
private let logTwo = 0.6931471805599453
