import Foundation

/// The implicit reparameterization gradient of a standard Student-t sample
/// in its degrees of freedom: holding u = F(t; ν) fixed, dt/dν = −(∂F/∂ν) / f(t; ν).
///
/// F's tail is ½ front · C with front = |t| f(t; ν) (see `studentTPieces`),
/// so with G the total ν-derivative of front · C over front (x = ν/(ν+t²)
/// moving with ν),
///
///     dt/dν = ½ t G   when the pieces give the tail 2P(T < −|t|),
///     dt/dν = −½ t G  when they give the centre 2P(−|t| < T < 0).
///
/// G splits into the shape part at fixed x and x's motion, which is closed-form: the tail's
/// x-derivative is ±p(x) = ±front/(x y) (+ for I, − for 1 − I) and dx/dν = x y/ν, so
///
///     G = ½ (∂log front/∂a · C + ∂C/∂a) ± 1/ν,     a = ν/2,
///
/// and only the shape derivative runs through the expansions (on `Dual`, whose continued fraction
/// is hand-differentiated: IncompleteBetaShapeDerivatives.swift).
///
/// Regions and methods: ν ∈ [0.1, 64] (x and y normal doubles): the same G by a Student-t-specific
/// fraction in plain doubles (`studentTFractionDerivative`; 40-digit held-out sets: 2.8e-13 for ν ≤ 24,
/// 4.2e-12 for ν in [24, 64], where G cancels);
/// t²/ν below 1e-300: −t ∂log f(0; ν)/∂ν; other ν < 30: the incomplete beta as
/// above; ν ≥ 30 (beyond the fraction's range): the score integral (`studentTLargeDfDerivative`).
/// Measured worst relative error of dt/dν against quadrature references, all regions together: held-out ν
/// log-uniform on [1e-3, 1e6] and 3(e^N + 0.1) (BetaStudentTDistinctTests) 2.7e-13 (ν = 42);
/// student_t_random/grid (StudentTCDFTests) 4.9e-13 (ν = 46); ν in [20, 72] next to |t| = 1
/// (StudentTFractionDerivativeTests, student_t_fraction_wide.tsv) 4.2e-12; ν up to 1e300
/// (ExtremeShapeTests, held-out) 1.4e-14.
///
/// Near t = 0 (t²/ν below 1e-300) it is −t ∂log f(0; ν)/∂ν. For ν ≥ 30,
/// where this route loses digits to cancellation, the score integral
/// `studentTLargeDfDerivative` takes over. NaN for ν not positive and finite
/// or t not finite.
///
///     studentTImplicitDerivative(df: 1, sample: 3.0776835371752536)   // −3.2980…
public func studentTImplicitDerivative(df: Double, sample t: Double) -> Double {
    guard df > 0, df.isFinite, t.isFinite else { return .nan }
    if t == 0 { return 0 }
    if let fast = studentTFractionDerivative(df: df, sample: t) { return fast }
    if df >= studentTLargeDfThreshold { return studentTLargeDfDerivative(df: df, sample: t) }
    guard let c = studentTBetaCoordinates(t: t, df: df) else {
        return -t * studentTLogDensityAtZero(df: Dual(df, derivative: 1)).derivative
    }
    let pieces = incompleteBetaPieces(x: Dual(c.x), y: Dual(c.y), logX: Dual(c.logX), logY: Dual(c.logY),
                                      a: Dual(0.5 * df, derivative: 1), b: Dual(0.5))
    let byShape = pieces.logFront.derivative * pieces.factor.value + pieces.factor.derivative
    let g = 0.5 * byShape + (pieces.isComplement ? -1 : 1) / df
    return (pieces.isComplement ? -0.5 : 0.5) * t * g
}
