import Foundation

/// The Hahn–Jordan split of a density's derivative in θ into two probability densities, sampled by
/// inverting their distribution functions: a weak derivative for any parameter whose signed CDF
/// D(x) = ∂θ F(x; θ) can be evaluated.
///
/// With s(x) = ∂θ log p(x; θ) the score, ∂θ p = s p = s⁺p − s⁻p. Since E[s] = 0 both parts carry the
/// same mass c = E[s⁺] = E[s⁻], so
///
///     ∂θ p = c·(p⁺ − p⁻),   p± = s± p / c,
///
/// the decomposition of Pflug (1989) and Mohamed et al. (2020, §6.1) that exists for every θ
/// with E|s| < ∞. On (0, ∞) the score changes sign at turning points t₁ < t₂ < …; between two of them
/// D(x) = ∫₀ˣ s p is monotone (rising where s > 0, falling where s < 0), so the quantile of p± at u
/// is the x where the pieces of that sign have accumulated mass c·u, found by a safeguarded Newton
/// step on D (derivative s p) inside the piece it falls in. Coupled draws take the same u for both
/// parts: both are then increasing in u (common random numbers).
///
///     // Gamma(α, 1), θ = α: D(x) = ∂P(α, x)/∂α, one turning point e^{ψ(α)} (s = log x − ψ(α)).
///     let split = HahnJordanSplit.gammaShape(2.5)
///     split.mass                                   // c = −∂P(α, e^{ψ(α)})/∂α ≈ 0.27458
///     split.quantile(0.5, positive: true)          // a draw from p⁺ ∝ (log x − ψ(α))⁺ p(x)
struct HahnJordanSplit {
    /// D(x) = ∂θ F(x; θ): 0 at 0 and at ∞.
    let signedCDF: (Double) -> Double
    /// D′(x) = ∂θ p(x; θ) = s(x) p(x).
    let signedDensity: (Double) -> Double
    /// 0, the turning points of s in increasing order, and ∞.
    let breaks: [Double]
    /// D at each break.
    let levels: [Double]
    /// Per piece, (x, D(x)) from its start to its end at points a factor 2 apart (towards 0 and ∞
    /// until D is within 1e-12 of the piece's mass of its end), so a quantile starts from a bracket
    /// a factor 2 wide and Newton's method needs a few steps.
    let grids: [[(x: Double, level: Double)]]

    /// The split with the score changing sign exactly at `turningPoints` (in increasing order).
    init(turningPoints: [Double], signedCDF: @escaping (Double) -> Double, signedDensity: @escaping (Double) -> Double) {
        self.signedCDF = signedCDF
        self.signedDensity = signedDensity
        let breaks = [0] + turningPoints + [.infinity]
        let levels = [0] + turningPoints.map(signedCDF) + [0]
        grids = (0..<(breaks.count - 1)).map { p in
            let (a, b) = (breaks[p], breaks[p + 1])
            let negligible = 1e-12 * abs(levels[p + 1] - levels[p])
            var inside: [Double] = []
            if a == 0, b.isFinite {
                var x = b / 2
                while x > 1e-300, abs(signedCDF(x)) > negligible { inside.insert(x, at: 0); x /= 2 }
            } else if b == .infinity {
                var x = Swift.max(2 * a, 1e-300)
                while x < 1e300, abs(signedCDF(x)) > negligible { inside.append(x); x *= 2 }
            } else {
                var x = 2 * a
                while x < b { inside.append(x); x *= 2 }
            }
            return [(a, levels[p])] + inside.map { ($0, signedCDF($0)) } + [(b, levels[p + 1])]
        }
        self.breaks = breaks
        self.levels = levels
    }

    /// c = E[s⁺] = E[s⁻]: the mass of either part.
    var mass: Double {
        zip(levels, levels.dropFirst()).map { max(0, $1 - $0) }.reduce(0, +)
    }

    /// The u in (0, 1) where the quantile of p⁺ (`positive`) or p⁻ jumps from one piece to the next
    /// (Weibull's p⁻ from (0, y₁) to (y₂, ∞)): quadrature over u splits there.
    func jumps(positive: Bool) -> [Double] {
        let sizes = (0..<(breaks.count - 1)).filter { (levels[$0 + 1] > levels[$0]) == positive }.map { abs(levels[$0 + 1] - levels[$0]) }
        var total = 0.0
        return sizes.dropLast().map { total += $0; return total / mass }
    }

    /// The u-quantile of p⁺ (`positive`) or p⁻, for u in (0, 1).
    func quantile(_ u: Double, positive: Bool) -> Double {
        var remaining = u * mass
        let pieces = (0..<(breaks.count - 1)).filter { (levels[$0 + 1] > levels[$0]) == positive }
        guard let last = pieces.last else { return .nan }
        for piece in pieces {
            let size = abs(levels[piece + 1] - levels[piece])
            if remaining <= size || piece == last {
                return solve(piece: piece, mass: min(remaining, size))
            }
            remaining -= size
        }
        return .nan
    }

    /// The x in piece `piece` where |D(x) − D(start)| = mass.
    private func solve(piece: Int, mass: Double) -> Double {
        let sign: Double = levels[piece + 1] > levels[piece] ? 1 : -1
        let target = sign * levels[piece] + mass
        let grid = grids[piece]
        // The first grid point at or past the target (sign·D rises along the piece).
        let j = grid.firstIndex { sign * $0.level >= target } ?? grid.count - 1
        let lo = grid[max(j - 1, 0)].x
        var hi = grid[j].x
        if hi == .infinity {
            // Past the last grid point (a mass within 1e-12 of the piece's end): double until it is reached.
            hi = Swift.max(2 * lo, 1)
            var steps = 0
            while sign * signedCDF(hi) < target, steps < 2000 { hi *= 2; steps += 1 }
        }
        return SafeguardedInversion.solve(target, lo: lo, hi: hi) { x in (sign * signedCDF(x), sign * signedDensity(x)) }
    }
}

extension HahnJordanSplit {
    /// Gamma(α, 1) in its shape: D(x) = ∂P(α, x)/∂α = −p(x)·dx/dα (the implicit reparameterization
    /// derivative, `gammaImplicitDerivative`), D′(x) = (log x − ψ(α)) xᵅ⁻¹e⁻ˣ/Γ(α), one turning point
    /// x₀ = e^{ψ(α)}: p⁻ on (0, x₀), p⁺ on (x₀, ∞).
    static func gammaShape(_ alpha: Double) -> HahnJordanSplit {
        let psi = digamma(alpha)
        return HahnJordanSplit(turningPoints: [Foundation.exp(psi)],
                               signedCDF: { x in x > 0 && x.isFinite ? -gammaDensityForDerivative(alpha, x) * gammaImplicitDerivative(concentration: alpha, sample: x) : 0 },
                               signedDensity: { x in x > 0 ? (Foundation.log(x) - psi) * gammaDensityForDerivative(alpha, x) : 0 })
    }

    /// Weibull(1, k) in k, written in y = zᵏ (a standard exponential): F = 1 − e^{−y},
    /// D(y) = ∂k F = y e^{−y} log y / k, D′(y) = e^{−y}(1 + (1 − y) log y)/k. The score
    /// (1 + (1 − y) log y)/k changes sign twice, at y₁ ≈ 0.25925 and y₂ ≈ 2.23998 whatever k is:
    /// p⁺ on (y₁, y₂), p⁻ on (0, y₁) ∪ (y₂, ∞). A draw y maps to z = λ y^{1/k}.
    static func weibullConcentration(_ k: Double) -> HahnJordanSplit {
        HahnJordanSplit(turningPoints: weibullTurningPoints,
                        signedCDF: { y in y > 0 && y.isFinite ? y * Foundation.exp(-y) * Foundation.log(y) / k : 0 },
                        signedDensity: { y in y > 0 ? Foundation.exp(-y) * (1 + (1 - y) * Foundation.log(y)) / k : 0 })
    }

    /// The roots of 1 + (1 − y) log y, rising on (0, 1) and falling on (1, ∞).
    static let weibullTurningPoints: [Double] = {
        let g = { (y: Double) in 1 + (1 - y) * Foundation.log(y) }
        let slope = { (y: Double) in -Foundation.log(y) + (1 - y) / y }
        let low = SafeguardedInversion.solve(0, lo: 0.01, hi: 1) { y in (g(y), slope(y)) }
        let high = SafeguardedInversion.solve(0, lo: 1, hi: 10) { y in (-g(y), -slope(y)) }
        return [low, high]
    }()
}
