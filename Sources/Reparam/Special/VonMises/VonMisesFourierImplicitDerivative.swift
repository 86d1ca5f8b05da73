import Foundation

/// dx/dκ = −(∂F/∂κ)/p for a von Mises(0, κ) sample x, from the Fourier series of F and of p,
/// in plain doubles (the route of `vonMisesImplicitDerivativeUnchecked` for κ < 50 away from the tails).
///
/// With ρₙ = Iₙ(κ)/I₀(κ),
///
///     F(x) = (x + π)/(2π) + (1/π) Σₙ ρₙ sin(nx)/n,   2π p(x) = 1 + 2 Σₙ ρₙ cos(nx),
///
/// and Iₙ′ = (Iₙ₋₁ + Iₙ₊₁)/2 gives dρₙ/dκ = (ρₙ₋₁ + ρₙ₊₁)/2 − ρ₁ρₙ. For any Jₙ ∝ Iₙ the
/// normalization cancels:
///
///     dx/dκ = −(A − 2ρ₁B) / (J₀ + 2C),   A = Σ (Jₙ₋₁ + Jₙ₊₁) sin(nx)/n,   B = Σ Jₙ sin(nx)/n,
///                                        C = Σ Jₙ cos(nx),   ρ₁ = J₁/J₀.
///
/// Jₙ by Miller's backward recurrence J_{n−1} = mₙ Jₙ + J_{n+1}, mₙ = 2n/κ, from J_{N+1} = 0, J_N = 1 with
/// N = 16 + 10√κ, the start `vonMisesFourierCDF` uses (there as ratios Iₙ/Iₙ₋₁, a division and, in
/// dual numbers, four multiplies a step; here multiply-adds), two steps at a time,
/// J_{n−2} = (m_{n−1}mₙ + 1) Jₙ + m_{n−1} J_{n+1}, so one multiply and one add separate each pair from
/// the next. The sums run forward, sin(nx) and cos(nx) by rotation from sin x = 2 sin(x/2) cos(x/2),
/// cos x = (cos(x/2) − sin(x/2))(cos(x/2) + sin(x/2)) (`halfSine` = sin(x/2) comes from the caller's
/// region test), and stop once Jₙ < 2⁻⁶⁴ J₀. J₀ ≤ 2ᴺ N!/κᴺ stays finite for κ ≥ 1e-17; below,
/// dx/dκ = −sin x (1 + O(κ)) is exact in doubles.
///
/// Accuracy: the density's series keeps its relative accuracy where p ≥ e⁻³ p(0) (the Fourier region);
/// A − 2ρ₁B cancels by about 2κ ≤ 100 (dρₙ/dκ ≈ ρₙ/(2κ) while ρₙ₋₁, ρ₁ρₙ ≈ ρₙ). Measured against
/// mpmath: VonMisesDistinctTests (held-out points) and VonMisesCDFTests (grid).
///
///     vonMisesFourierImplicitDerivative(-0.5, 2, halfSine: sin(-0.25))   // 0.15552632465558…
@inlinable
func vonMisesFourierImplicitDerivative(_ x: Double, _ kappa: Double, halfSine: Double) -> Double {
    let halfCosine = Foundation.cos(0.5 * x)
    let sinX = 2 * halfSine * halfCosine
    if kappa < 1e-17 { return -sinX }
    let cosX = (halfCosine - halfSine) * (halfCosine + halfSine)
    let count = 16 + Int(10 * kappa.squareRoot())
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: count + 2) { j in
        let twoOverKappa = 2 / kappa
        var next = 0.0, current = 1.0   // J_{n+1}, Jₙ
        j[count + 1] = next
        j[count] = current
        var n = count
        while n >= 2 {
            let m = Double(n) * twoOverKappa, mBelow = Double(n - 1) * twoOverKappa
            let below = m * current + next                         // J_{n−1}
            let twoBelow = (mBelow * m + 1) * current + mBelow * next   // J_{n−2}
            j[n - 1] = below
            j[n - 2] = twoBelow
            (next, current) = (below, twoBelow)
            n -= 2
        }
        if n == 1 { j[0] = twoOverKappa * current + next }
        let negligible = 0x1p-64 * j[0]
        var sinN = sinX, cosN = cosX
        var a = 0.0, b = 0.0, c = 0.0
        for n in 1...count {
            let weight = j[n]
            let sinOverN = sinN / Double(n)
            a += (j[n - 1] + j[n + 1]) * sinOverN
            b += weight * sinOverN
            c += weight * cosN
            if weight < negligible { break }
            let rotated = sinN * cosX + cosN * sinX
            cosN = cosN * cosX - sinN * sinX
            sinN = rotated
        }
        return -(a - 2 * (j[1] / j[0]) * b) / (j[0] + 2 * c)
    }
}
