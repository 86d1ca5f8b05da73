import Foundation

/// dx/da and dx/db for many Beta(a, b) samples sharing one (a, b): an
/// interpolant of g_θ = (dx/dθ) / (x(1−x)) in s = log(x/(1−x)), built once.
///
/// In s the ratios are smooth (analytic, poles no nearer than Im s = ±π) and
/// become linear as x → 0 or 1 up to O(x) or O(1−x), so:
///
/// * between the 1e-12 and 1 − 1e-12 quantiles (clipped to where x(a+b+1) and
///   (1−x)(a+b+1) exceed 1e-19): equal pieces of degree-8 Chebyshev series,
///   verified against the exact routine at 5e-11 relative;
/// * beyond a clipped end: the linear tail (`TailLinearization`);
/// * anywhere else (probability below 1e-12): the exact routine.
///
/// Building costs 14 exact evaluations per piece of width 1/4 (a few hundred
/// to a few thousand), so `init` declines (nil) unless that is under a quarter
/// of what `batchSize` exact evaluations cost; it also fails when verification
/// does not pass at piece widths 1/4 or 1/8. Callers then stay exact.
///
///     let gradient = BetaImplicitDerivativeInterpolant(a: 2, b: 3, batchSize: 1_000_000)
///     gradient?.derivatives(sample: 0.4, complement: 0.6)   // (dx/da, dx/db)
struct BetaImplicitDerivativeInterpolant: Sendable {
    let a: Double
    let b: Double
    let chebyshev: PiecewiseChebyshev
    let lowerTail: TailLinearization?
    let upperTail: TailLinearization?

    /// Exact evaluations per piece while building (9 nodes, 5 checks).
    static let evaluationsPerPiece = 14
    static let tolerance = 5e-11

    init?(a: Double, b: Double, batchSize: Int) {
        // Below this not even the range (two quantile solves) is worth finding.
        guard batchSize >= 1000 else { return nil }
        let ratios = { (s: Double) -> (Double, Double) in
            let g = betaImplicitRatiosAtLogit(a: a, b: b, s: s)
            return (g.da, g.db)
        }
        let linearEnd = -Foundation.log(1e-19 / (a + b + 1))
        let low = betaQuantileLogit(lower: 1e-12, upper: 1 - 1e-12, a: a, b: b)
        let high = betaQuantileLogit(lower: 1 - 1e-12, upper: 1e-12, a: a, b: b)
        let lower = Swift.max(low, -linearEnd), upper = Swift.min(high, linearEnd)
        guard upper > lower, Self.pays(span: upper - lower, batchSize: batchSize) else { return nil }
        var built: PiecewiseChebyshev?
        for width in [0.25, 0.125] where built == nil {
            built = PiecewiseChebyshev(lower: lower, upper: upper, pieceWidth: width, outputs: 2,
                                       tolerance: Self.tolerance, function: ratios)
        }
        guard let chebyshev = built else { return nil }
        self.a = a
        self.b = b
        self.chebyshev = chebyshev
        lowerTail = low < -linearEnd
            ? TailLinearization(edge: lower, direction: -1, tolerance: Self.tolerance, function: ratios) : nil
        upperTail = high > linearEnd
            ? TailLinearization(edge: upper, direction: 1, tolerance: Self.tolerance, function: ratios) : nil
    }

    /// (dx/da, dx/db) at a sample 0 < x < 1 with y = 1 − x.
    @inline(__always)
    func derivatives(sample x: Double, complement y: Double) -> (da: Double, db: Double) {
        let s = Foundation.log(x / y)
        let g: (Double, Double)
        if s >= chebyshev.lower && s <= chebyshev.upper {
            g = chebyshev.evaluatePair(s)
        } else if s < chebyshev.lower, let tail = lowerTail {
            g = tail.evaluate(s)
        } else if s > chebyshev.upper, let tail = upperTail {
            g = tail.evaluate(s)
        } else {
            return betaImplicitDerivatives(a: a, b: b, sample: x, complement: y)
        }
        let scale = x * y
        return (scale * g.0, scale * g.1)
    }
}

/// The exact ratios (dx/dθ)/(x(1−x)) at x = 1/(1 + e^(−s)).
func betaImplicitRatiosAtLogit(a: Double, b: Double, s: Double) -> (da: Double, db: Double) {
    let x = 1 / (1 + Foundation.exp(-s)), y = 1 / (1 + Foundation.exp(s))
    let logX = -Foundation.log1p(Foundation.exp(-s)), logY = -Foundation.log1p(Foundation.exp(s))
    return betaImplicitRatios(a: a, b: b, x: x, y: y, logX: logX, logY: logY)
}

/// log(x/(1−x)) at the Beta(a, b) quantile with lower tail p and upper tail q,
/// right also where x or 1 − x underflows.
func betaQuantileLogit(lower p: Double, upper q: Double, a: Double, b: Double) -> Double {
    let root = betaQuantile(lower: p, upper: q, a: a, b: b)
    if root.x <= root.y {
        return root.logSmaller - Foundation.log1p(-root.x)
    }
    return Foundation.log1p(-root.y) - root.logSmaller
}

extension BetaImplicitDerivativeInterpolant {
    /// Whether building pieces of width 1/4 over `span` costs under a quarter of `batchSize` exact evaluations.
    static func pays(span: Double, batchSize: Int) -> Bool {
        (span / 0.25 + 1) * Double(evaluationsPerPiece) * 4 <= Double(batchSize)
    }
}
