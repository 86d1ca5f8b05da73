import Foundation

/// dt/dν for many standard Student-t samples sharing one ν: an interpolant of
/// g = (dt/dν)/t in s = log|t|, built once.
///
/// g is even in t, tends to −∂log f(0; ν)/∂ν as t → 0 (corrections O(t²/ν))
/// and becomes linear in log|t| as |t| → ∞ (corrections O(ν/t²)), so:
///
/// * for √ν·1e-9 ≤ |t| ≤ min(√ν·3e9, the 1 − 1e-12 quantile): equal pieces of
///   degree-16 Chebyshev series, verified against the exact routine at 1e-12;
/// * below, and above √ν·3e9 when the tail reaches that far: linear tails
///   (`TailLinearization`);
/// * anywhere else (probability below 2e-12): the exact routine.
///
///     let gradient = StudentTImplicitGradientInterpolant(df: 4)
///     gradient?.derivative(sample: 1.5)   // dt/dν
struct StudentTImplicitGradientInterpolant: Sendable {
    let df: Double
    let chebyshev: PiecewiseChebyshev
    let lowerTail: TailLinearization?
    let upperTail: TailLinearization?

    /// Batches smaller than this are cheaper on the exact route.
    static let minimumBatch = 4096
    static let tolerance = 1e-12

    init?(df: Double) {
        let ratio = { (s: Double) -> (Double, Double) in
            let t = Foundation.exp(s)
            return (studentTImplicitDerivative(df: df, sample: t) / t, 0)
        }
        let halfLogDf = 0.5 * Foundation.log(df)
        let lower = halfLogDf + Foundation.log(1e-9)
        let linearEnd = halfLogDf + Foundation.log(3e9)
        let root = betaQuantile(lower: 2e-12, upper: 1 - 2e-12, a: 0.5 * df, b: 0.5)
        // |t| = √(ν y/x) at the 1e-12 quantile, from log x where x is the smaller coordinate.
        let logX = root.x <= root.y ? root.logSmaller : Foundation.log1p(-root.y)
        let logY = root.x <= root.y ? Foundation.log1p(-root.x) : root.logSmaller
        let quantileEnd = 0.5 * (Foundation.log(df) + logY - logX)
        let upper = Swift.min(quantileEnd, linearEnd)
        guard upper > lower else { return nil }
        var built: PiecewiseChebyshev?
        for width in [1.0, 0.5, 0.25] where built == nil {
            built = PiecewiseChebyshev(lower: lower, upper: upper, pieceWidth: width, outputs: 1,
                                       tolerance: Self.tolerance, function: ratio)
        }
        guard let chebyshev = built else { return nil }
        self.df = df
        self.chebyshev = chebyshev
        lowerTail = TailLinearization(edge: lower, direction: -1, tolerance: Self.tolerance, function: ratio)
        upperTail = quantileEnd > linearEnd
            ? TailLinearization(edge: upper, direction: 1, tolerance: Self.tolerance, function: ratio) : nil
    }

    /// dt/dν at a finite sample t ≠ 0.
    @inline(__always)
    func derivative(sample t: Double) -> Double {
        let s = Foundation.log(Swift.abs(t))
        if s >= chebyshev.lower && s <= chebyshev.upper {
            return t * chebyshev.evaluate(s).0
        } else if s < chebyshev.lower, let tail = lowerTail {
            return t * tail.evaluate(s).0
        } else if s > chebyshev.upper, let tail = upperTail {
            return t * tail.evaluate(s).0
        }
        return studentTImplicitDerivative(df: df, sample: t)
    }
}
