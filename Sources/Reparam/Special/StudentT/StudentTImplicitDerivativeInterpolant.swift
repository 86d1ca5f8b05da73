import Foundation

/// dt/dν for many standard Student-t samples sharing one ν: an interpolant of
/// g = (dt/dν)/t in s = log|t|, built once.
///
/// g is even in t, tends to −∂log f(0; ν)/∂ν as t → 0 (corrections O(t²/ν))
/// and becomes linear in log|t| as |t| → ∞ (corrections O(ν/t²)), so:
///
/// * for √ν·1e-9 ≤ |t| ≤ min(√ν·3e9, the 1 − 1e-12 quantile): equal pieces of
///   degree-8 Chebyshev series, verified against the exact routine at 5e-11;
/// * below, and above √ν·3e9 when the tail reaches that far: linear tails
///   (`TailLinearization`);
/// * anywhere else (probability below 2e-12): the exact routine.
///
/// Like `BetaImplicitDerivativeInterpolant`, it is built only where it pays for
/// `batchSize` samples, and fails (nil) unless verification passes.
///
///     let gradient = StudentTImplicitDerivativeInterpolant(df: 4, batchSize: 1_000_000)
///     gradient?.derivative(sample: 1.5)   // dt/dν
struct StudentTImplicitDerivativeInterpolant: Sendable {
    let df: Double
    let chebyshev: PiecewiseChebyshev
    let lowerTail: TailLinearization?
    let upperTail: TailLinearization?

    /// Exact evaluations per piece while building (9 nodes, 5 checks).
    static let evaluationsPerPiece = 14
    static let tolerance = 5e-11

    init?(df: Double, batchSize: Int) {
        // Below this not even the range (two quantile solves) is worth finding.
        guard batchSize >= 1000 else { return nil }
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
        guard upper > lower, Self.pays(span: upper - lower, batchSize: batchSize) else { return nil }
        var built: PiecewiseChebyshev?
        for width in [0.25, 0.125] where built == nil {
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
            return t * chebyshev.evaluateSingle(s)
        } else if s < chebyshev.lower, let tail = lowerTail {
            return t * tail.evaluate(s).0
        } else if s > chebyshev.upper, let tail = upperTail {
            return t * tail.evaluate(s).0
        }
        return studentTImplicitDerivative(df: df, sample: t)
    }
}

extension StudentTImplicitDerivativeInterpolant {
    /// Whether building pieces of width 1/4 over `span` costs under a quarter of `batchSize` exact evaluations.
    static func pays(span: Double, batchSize: Int) -> Bool {
        (span / 0.25 + 1) * Double(evaluationsPerPiece) * 4 <= Double(batchSize)
    }
}
