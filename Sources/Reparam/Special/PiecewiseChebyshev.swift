import Foundation

/// A piecewise Chebyshev interpolant of one or two smooth functions of s on
/// [lower, upper], cut into equal pieces, each of fixed degree, verified
/// against the function itself before use.
///
/// On piece k, with τ = 2(s − s_k)/w − 1 ∈ [−1, 1], f(s) ≈ Σⱼ cⱼ Tⱼ(τ); the
/// cⱼ come from values at the Chebyshev points cos(π(i+½)/(n+1)). After the
/// fit, every piece is checked at points between the nodes; if any relative
/// error exceeds `tolerance`, the construction fails (nil) and the caller
/// keeps its exact route. Evaluation is a piece lookup and a Clenshaw sum.
///
///     let f = PiecewiseChebyshev(lower: 0, upper: 4, pieceWidth: 1, outputs: 1, tolerance: 1e-13) { s in
///         (Foundation.exp(s), 0)
///     }
///     f?.evaluate(1.5).0   // e^1.5 to ~1e-15
struct PiecewiseChebyshev: Sendable {
    static let degree = 16
    let lower: Double
    let upper: Double
    let inverseWidth: Double
    let pieceCount: Int
    let outputs: Int
    /// Piece-major: for piece k and output o, degree + 1 coefficients.
    let coefficients: [Double]

    init?(lower: Double, upper: Double, pieceWidth: Double, outputs: Int, tolerance: Double,
          function: (Double) -> (Double, Double)) {
        precondition(outputs == 1 || outputs == 2)
        guard lower.isFinite, upper.isFinite, upper > lower, pieceWidth > 0 else { return nil }
        let count = Swift.max(1, Int(((upper - lower) / pieceWidth).rounded(.up)))
        guard count <= 4096 else { return nil }
        let width = (upper - lower) / Double(count)
        let n = PiecewiseChebyshev.degree + 1
        var coefficients = [Double](repeating: 0, count: count * outputs * n)
        var values = [[Double]](repeating: [Double](repeating: 0, count: n), count: outputs)
        let cosines = PiecewiseChebyshev.nodeCosines
        for k in 0..<count {
            let start = lower + Double(k) * width
            for i in 0..<n {
                let tau = cosines[n + i]              // T₁ at node i
                let v = function(start + 0.5 * width * (tau + 1))
                guard v.0.isFinite, v.1.isFinite else { return nil }
                values[0][i] = v.0
                if outputs == 2 { values[1][i] = v.1 }
            }
            for o in 0..<outputs {
                for j in 0..<n {
                    var sum = 0.0
                    for i in 0..<n { sum += values[o][i] * cosines[j * n + i] }
                    coefficients[(k * outputs + o) * n + j] = (j == 0 ? 1.0 : 2.0) * sum / Double(n)
                }
            }
        }
        self.lower = lower
        self.upper = upper
        self.inverseWidth = 1 / width
        self.pieceCount = count
        self.outputs = outputs
        self.coefficients = coefficients
        // Verify between the nodes, where interpolation errors peak, and at both ends.
        for k in 0..<count {
            for tau in [-1.0, -0.93, -0.41, 0.05, 0.52, 0.97, 1.0] {
                let s = lower + (Double(k) + 0.5 * (tau + 1)) * width
                let exact = function(s)
                let approximate = evaluate(s)
                if relativeDifference(approximate.0, exact.0) > tolerance { return nil }
                if outputs == 2 && relativeDifference(approximate.1, exact.1) > tolerance { return nil }
            }
        }
    }

    /// Tⱼ at the Chebyshev points: entry j·n + i = cos(π j (i+½)/n), n = degree + 1.
    static let nodeCosines: [Double] = {
        let n = degree + 1
        return (0..<(n * n)).map { index in
            Foundation.cos(Double.pi * Double(index / n) * (Double(index % n) + 0.5) / Double(n))
        }
    }()

    /// The interpolated value(s) at s ∈ [lower, upper] (the second is 0 for one output).
    @inline(__always)
    func evaluate(_ s: Double) -> (Double, Double) {
        let position = (s - lower) * inverseWidth
        let k = Swift.min(Swift.max(Int(position), 0), pieceCount - 1)
        let tau = 2 * (position - Double(k)) - 1
        let n = PiecewiseChebyshev.degree + 1
        return coefficients.withUnsafeBufferPointer { c in
            let base = k * outputs * n
            let first = PiecewiseChebyshev.clenshaw(c.baseAddress! + base, n, tau)
            let second = outputs == 2 ? PiecewiseChebyshev.clenshaw(c.baseAddress! + base + n, n, tau) : 0
            return (first, second)
        }
    }

    /// Σⱼ cⱼ Tⱼ(τ) by Clenshaw's recurrence.
    @inline(__always)
    static func clenshaw(_ c: UnsafePointer<Double>, _ n: Int, _ tau: Double) -> Double {
        let twoTau = 2 * tau
        var b1 = 0.0, b2 = 0.0
        var j = n - 1
        while j >= 1 {
            let b0 = c[j] + twoTau * b1 - b2
            b2 = b1
            b1 = b0
            j -= 1
        }
        return c[0] + tau * b1 - b2
    }
}

/// |a − b| / |b| (|a| when b = 0).
func relativeDifference(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return b == 0 ? Swift.abs(a) : Swift.abs(a - b) / Swift.abs(b)
}
