import Foundation

/// The implicit reparameterization gradient of a standard Student-t sample
/// in its degrees of freedom: holding u = F(t; ν) fixed, dt/dν = −(∂F/∂ν) / f(t; ν).
///
/// F's tail is ½ front · C with front = |t| f(t; ν) (see `studentTPieces`),
/// so with G = ∂log front/∂ν · C + ∂C/∂ν (total derivatives, x = ν/(ν+t²)
/// moving with ν),
///
///     dt/dν = ½ t G   when the pieces give the tail 2P(T < −|t|),
///     dt/dν = −½ t G  when they give the centre 2P(−|t| < T < 0).
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
    if df >= studentTLargeDfThreshold { return studentTLargeDfDerivative(df: df, sample: t) }
    let nu = Dual(df, derivative: 1)
    guard let pieces = studentTPieces(t: Dual(t), df: nu) else {
        return -t * studentTLogDensityAtZero(df: nu).derivative
    }
    let g = pieces.logFront.derivative * pieces.factor.value + pieces.factor.derivative
    return (pieces.isComplement ? -0.5 : 0.5) * t * g
}
