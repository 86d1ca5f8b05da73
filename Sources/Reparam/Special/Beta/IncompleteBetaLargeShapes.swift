import Foundation

/// The pieces of the smaller tail of I_x(a, b) for large a and b near the mean,
/// from Temme's uniform asymptotic expansion, where the continued fraction
/// would need about √min(a, b) steps (1e8 at a = b = 1e16).
///
/// With λ = a y − b x (x = a/(a+b) − λ/(a+b)), the tail on the side of x
/// (I when λ ≥ 0, else 1 − I with a ↔ b, x ↔ y, λ → −λ) is
///
///     tail = front · (2/√π) Σ  with  front = xᵃ yᵇ / B(a, b) = e^(−f) √(ab/(2π(a+b))) e^(−Δ(a)−Δ(b)+Δ(a+b)),
///     f = a ρ(−λ/a) + b ρ(λ/b),   ρ(u) = u − log(1+u),
///     Σ = J₀ + Σₙ dₙ wⁿ Jₙ,   J₀ = (√π/4) e^f erfc(√f),   w = 1/√(min(a,b)(1 + h)), h = min/max,
///
/// the dₙ and Jₙ from the recurrences of DiDonato & Morris, ACM TOMS 708 (1992),
/// `BASYM` (Temme's expansion in the form they give). The terms fall like wⁿ,
/// so for min(a, b) ≥ 100 twenty of them reach 1e-20. f is formed as λ² g(λ)
/// with g from ρ(u)/u² = ½ − u/3 + u²/4 − …, so √f = |λ|√g has a derivative
/// everywhere, also at λ = 0 (where the tail is ½ exactly: a = b, x = ½).
///
/// Used (by `incompleteBetaPieces`) for min(a, b) ≥ 100, max(a, b) ≥ 1e4 and
/// |λ| ≤ 0.03 min(a, b); beyond that the tail is below e^(−4.5e-4 · min(a,b))
/// and the continued fraction converges in a few dozen steps.
///
///     largeShapeBetaPieces(x: 0.5, y: 0.5, a: 1e16, b: 1e16)   // tail ½: front 4e7, factor 1.25e-8
func largeShapeBetaPieces<T: RealScalar>(x: T, y: T, a: T, b: T) -> IncompleteBetaPieces<T> {
    let lambda = a * y - b * x
    if lambda.value < 0 {
        let swapped = largeShapeTail(alpha: b, beta: a, lambda: -lambda)
        return IncompleteBetaPieces(logFront: swapped.logFront, factor: swapped.factor, isComplement: true)
    }
    let direct = largeShapeTail(alpha: a, beta: b, lambda: lambda)
    return IncompleteBetaPieces(logFront: direct.logFront, factor: direct.factor, isComplement: false)
}

/// Whether `largeShapeBetaPieces` applies at (x, y; a, b): see its documentation.
func usesLargeShapeExpansion(x: Double, y: Double, a: Double, b: Double) -> Bool {
    let smaller = Swift.min(a, b)
    guard smaller >= 100, Swift.max(a, b) >= 1e4 else { return false }
    return Swift.abs(a * y - b * x) <= 0.03 * smaller
}

/// log front and the factor (2/√π) Σ · √(2π(a+b)/(ab)) of I_x(α, β) for λ = α y − β x ≥ 0.
private func largeShapeTail<T: RealScalar>(alpha a: T, beta b: T, lambda: T) -> (logFront: T, factor: T) {
    let s = a + b
    // f = λ² g, g = (1/a) ρ(−λ/a)/(λ/a)² + (1/b) ρ(λ/b)/(λ/b)².
    let g = relativeLogExcess(-lambda / a) / a + relativeLogExcess(lambda / b) / b
    let f = lambda * lambda * g
    let z0 = lambda * sqrt(g)                              // √f, with a derivative at λ = 0
    let corrections = stirlingCorrection(s) - stirlingCorrection(a) - stirlingCorrection(b)
    let logFront = -f + T(0.5) * (log(a) + log(b) - log(s) - T(Foundation.log(2 * Double.pi))) + corrections

    let e0 = 2 / Double.pi.squareRoot()                   // 2/√π
    let e1 = 0.3535533905932738                           // 2^(−3/2)
    let h: T, r0: T, r1: T, w0: T
    if a.value < b.value {
        h = a / b
        r0 = 1 / (h + 1)
        r1 = (b - a) / b
        w0 = 1 / sqrt(a * (h + 1))
    } else {
        h = b / a
        r0 = 1 / (h + 1)
        r1 = (b - a) / a
        w0 = 1 / sqrt(b * (h + 1))
    }
    let count = 20
    var a0 = [T](repeating: 0, count: count + 1), b0 = a0, c = a0, d = a0
    a0[0] = T(2.0 / 3.0) * r1
    c[0] = T(-0.5) * a0[0]
    d[0] = -c[0]
    var j0 = T(0.5 / e0) * scaledComplementaryErrorFunction(z0)
    var j1 = T(e1)
    var sum = j0 + d[0] * w0 * j1
    var sPower: T = 1, hn: T = 1, w = w0
    let h2 = h * h
    var znm1 = T(0.5 / e1) * z0, zn = 2 * f
    var previousSize = Double.infinity
    for n in stride(from: 2, through: count, by: 2) {
        hn = h2 * hn
        a0[n - 1] = 2 * r0 * (h * hn + 1) / T(Double(n) + 2)
        sPower = sPower + hn
        a0[n] = 2 * r1 * sPower / T(Double(n) + 3)
        for i in n...(n + 1) {
            let r = T(-0.5 * Double(i + 1))
            b0[0] = r * a0[0]
            if i >= 2 {
                for m in 2...i {
                    var bsum: T = 0
                    for j in 1..<m {
                        bsum = bsum + (T(Double(j)) * r - T(Double(m - j))) * a0[j - 1] * b0[m - j - 1]
                    }
                    b0[m - 1] = r * a0[m - 1] + bsum / T(Double(m))
                }
            }
            c[i - 1] = b0[i - 1] / T(Double(i + 1))
            var dsum: T = 0
            if i >= 2 {
                for j in 1..<i { dsum = dsum + d[i - j - 1] * c[j - 1] }
            }
            d[i - 1] = -(dsum + c[i - 1])
        }
        j0 = T(e1) * znm1 + T(Double(n - 1)) * j0
        j1 = T(e1) * zn + T(Double(n)) * j1
        znm1 = 2 * f * znm1
        zn = 2 * f * zn
        w = w0 * w
        let t0 = d[n - 1] * w * j0
        w = w0 * w
        let t1 = d[n] * w * j1
        sum = sum + t0 + t1
        // Stop once value and derivatives have settled, or (an asymptotic series) once terms grow.
        let size = (Swift.abs(t0.value) + Swift.abs(t1.value)) / Swift.max(Swift.abs(sum.value), 1e-300)
            + (t0.derivativeMagnitude + t1.derivativeMagnitude) / Swift.max(sum.derivativeMagnitude, 1e-300)
        if size <= 1e-17 || (n > 4 && size > previousSize) { break }
        previousSize = size
    }
    let factor = T(e0) * sum * sqrt(T(2 * Double.pi) * (s / a) / b)   // a·b alone overflows past 1.3e154
    return (logFront, factor)
}

/// ρ(u)/u² with ρ(u) = u − log(1 + u), for u > −1: ½ − u/3 + u²/4 − … near 0.
func relativeLogExcess<T: RealScalar>(_ u: T) -> T {
    if Swift.abs(u.value) < 0.1 {
        var sum: T = 0
        var power: T = 1
        for k in 2...20 {
            let term = power / T(Double(k))
            sum = (k % 2 == 0) ? sum + term : sum - term
            power = power * u
        }
        return sum
    }
    return (u - log1p(u)) / (u * u)
}

/// e^(z²) erfc(z) for z ≥ 0, without underflow for large z; its derivative is 2z e^(z²) erfc(z) − 2/√π.
func scaledComplementaryErrorFunction<T: RealScalar>(_ z: T) -> T {
    let v = z.value
    let value: Double
    if v < 20 {
        // z² carried as a double-double: a rounded z² would cost z²ε relative.
        let square = v * v, squareLow = Foundation.fma(v, v, -square)
        value = Foundation.exp(square) * (1 + squareLow) * Foundation.erfc(v)
    } else {
        // Asymptotic series 1/(z√π) (1 − 1/(2z²) + 3/(4z⁴) − 15/(8z⁶) + …), converging fast for z ≥ 20.
        let inverse = 1 / (2 * v * v)
        var term = 1.0, sum = 1.0
        for k in 1...12 {
            term *= -Double(2 * k - 1) * inverse
            sum += term
        }
        value = sum / (v * Double.pi.squareRoot())
    }
    return z.lift(value: value, derivative: 2 * v * value - 2 / Double.pi.squareRoot())
}
