import Foundation

/// The implicit reparameterization gradient of a Beta(a, b) sample:
/// holding u = I_x(a, b) fixed, dx/dθ = −(∂I/∂θ)(x; a, b) / p(x; a, b).
///
/// With I (or 1 − I, whichever the expansion gives directly) written as
/// front · C, front = xᵃ(1−x)ᵇ/B(a, b), and the density p = front / (x(1−x)),
/// the front cancels and nothing is exponentiated:
///
///     dx/dθ = ∓ x(1−x) · (∂log front/∂θ · C + ∂C/∂θ)     (− for I, + for 1 − I).
///
/// Both partials come from one pass on `BivariateDual`. A sample at 0 or 1
/// (an underflowed draw) gets derivative 0, which is what the exact value
/// rounds to; invalid a or b give NaN.
///
/// Regions and methods (the expansions' regions are `incompleteBetaPieces`'s), with the measured
/// worst relative error of dx/da, dx/db against quadrature references at the exact point:
/// * ∂log front/∂θ everywhere in closed form (`logBetaFrontFastDerivatives`: ψ differences, and
///   from a + b ≥ 8 log(x/x₀) with ψ − log by its asymptotic series); for a + b < 8 with the shapes
///   within a factor 4 of each other log Γ and ψ come from one table (`betaFrontUsesTable`) — that
///   region's own held-out points (beta_distinct_table.tsv, 40 digits): 2.1e-14;
/// * the plain continued fraction (most of (0, 1) for a + b ≤ 1e150): hand-differentiated Wallis
///   recurrences in Doubles (`betaContinuedFractionWithDerivatives`; Lentz's method on
///   `BivariateDual` beyond) — held-out points with a, b log-uniform on [1e-3, 1e6] and the
///   bench's recipe range (BetaStudentTDistinctTests): 4.3e-14; beta_grid/beta_random (IncompleteBetaTests): 4.4e-13;
/// * the other expansions (Temme's, the gamma limit, BUP + BGRAT, BFRAC, the far-tail leading term) on
///   `BivariateDual` — shapes in [1e-8, 1e16] (ExtremeShapeTests): 5.5e-14, gap region 2.6e-15; one
///   shape below 1e-6 with the other above 1e6 (BGRAT's terms cancel): 9.5e-12.
///
///     betaImplicitDerivatives(a: 2, b: 3, sample: 0.4)   // (da: 0.13939…, db: −0.09048…)
public func betaImplicitDerivatives(a: Double, b: Double, sample x: Double) -> (da: Double, db: Double) {
    betaImplicitDerivatives(a: a, b: b, sample: x, complement: 1 - x)
}

/// `betaImplicitDerivatives(a:b:sample:)` for a sample x given with its
/// complement y = 1 − x, for samples so close to 1 that only y is precise.
///
///     betaImplicitDerivatives(a: 0.01, b: 0.1, sample: 1, complement: 2.5e-20)
public func betaImplicitDerivatives(a: Double, b: Double, sample x: Double, complement y: Double) -> (da: Double, db: Double) {
    guard a > 0, b > 0, a.isFinite, b.isFinite, x >= 0, y >= 0, x <= 1, y <= 1 else { return (.nan, .nan) }
    if x == 0 || y == 0 { return (0, 0) }
    let logX = x <= 0.5 ? Foundation.log(x) : Foundation.log1p(-y)
    let logY = y <= 0.5 ? Foundation.log(y) : Foundation.log1p(-x)
    let g = betaImplicitRatios(a: a, b: b, x: x, y: y, logX: logX, logY: logY)
    return (x * y * g.da, x * y * g.db)
}

/// (dx/da, dx/db) / (x(1−x)) = ∓(∂log front/∂θ · C + ∂C/∂θ) at 0 < x < 1,
/// from one `BivariateDual` pass (see `betaImplicitDerivatives(a:b:sample:)`).
func betaImplicitRatios(a: Double, b: Double, x: Double, y: Double, logX: Double, logY: Double) -> (da: Double, db: Double) {
    let pieces = incompleteBetaPieces(
        x: BivariateDual(x), y: BivariateDual(y), logX: BivariateDual(logX), logY: BivariateDual(logY),
        a: BivariateDual(a, da: 1, db: 0), b: BivariateDual(b, da: 0, db: 1))
    let sign: Double = pieces.isComplement ? 1 : -1
    let factor = pieces.factor.value
    return (sign * (pieces.logFront.da * factor + pieces.factor.da),
            sign * (pieces.logFront.db * factor + pieces.factor.db))
}
