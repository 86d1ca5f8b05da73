import Foundation

/// A piecewise polynomial interpolant of one or two smooth functions of s on
/// [lower, upper], cut into equal pieces, built from Chebyshev interpolation
/// and verified against the functions themselves before use.
///
/// On piece k, with τ = 2(s − s_k)/w − 1 ∈ [−1, 1], f(s) ≈ Σⱼ cⱼ Tⱼ(τ); the
/// cⱼ come from values at the Chebyshev points cos(π(i+½)/(n+1)) and are then
/// rewritten as a polynomial in τ, so evaluation is a piece lookup and a
/// Horner sum (degree 8: the Chebyshev-to-monomial growth 2⁷ costs nothing
/// visible). After the fit every piece is checked between its nodes; if any
/// relative error exceeds `tolerance`, construction fails (nil) and the caller
/// keeps its exact route.
///
///     let f = PiecewiseChebyshev(lower: 0, upper: 4, pieceWidth: 0.25, outputs: 1, tolerance: 1e-13) { s in
///         (Foundation.exp(s), 0)
///     }
///     f?.evaluate(1.5).0   // e^1.5 to ~1e-15
final class PiecewiseChebyshev: @unchecked Sendable {
    static let degree = 8
    let lower: Double
    let upper: Double
    let inverseWidth: Double
    let pieceCount: Int
    let outputs: Int
    /// For piece k: (degree + 1) rows of `outputs` monomial coefficients, lowest power first.
    private let coefficients: UnsafeMutablePointer<Double>

    init?(lower: Double, upper: Double, pieceWidth: Double, outputs: Int, tolerance: Double,
          function: (Double) -> (Double, Double)) {
        precondition(outputs == 1 || outputs == 2)
        guard lower.isFinite, upper.isFinite, upper > lower, pieceWidth > 0 else { return nil }
        let count = Swift.max(1, Int(((upper - lower) / pieceWidth).rounded(.up)))
        guard count <= 1 << 16 else { return nil }
        let width = (upper - lower) / Double(count)
        let n = Self.degree + 1
        self.lower = lower
        self.upper = upper
        self.inverseWidth = 1 / width
        self.pieceCount = count
        self.outputs = outputs
        coefficients = .allocate(capacity: count * n * outputs)
        coefficients.initialize(repeating: 0, count: count * n * outputs)

        let cosines = Self.nodeCosines, monomials = Self.chebyshevMonomials
        var values = [Double](repeating: 0, count: n * outputs)
        for k in 0..<count {
            let start = lower + Double(k) * width
            for i in 0..<n {
                let v = function(start + 0.5 * width * (cosines[n + i] + 1))
                guard v.0.isFinite, v.1.isFinite else { return nil }
                values[i * outputs] = v.0
                if outputs == 2 { values[i * outputs + 1] = v.1 }
            }
            let piece = coefficients + k * n * outputs
            for o in 0..<outputs {
                for j in 0..<n {
                    var c = 0.0
                    for i in 0..<n { c += values[i * outputs + o] * cosines[j * n + i] }
                    c *= (j == 0 ? 1.0 : 2.0) / Double(n)
                    for power in 0...j { piece[power * outputs + o] += c * monomials[j * n + power] }
                }
            }
        }
        // Verify between the nodes, where interpolation errors peak, and at both ends.
        for k in 0..<count {
            for tau in [-1.0, -0.6, 0.05, 0.55, 1.0] {
                let s = Swift.min(upper, lower + (Double(k) + 0.5 * (tau + 1)) * width)
                let exact = function(s)
                let approximate = evaluate(s)
                if relativeDifference(approximate.0, exact.0) > tolerance { return nil }
                if outputs == 2 && relativeDifference(approximate.1, exact.1) > tolerance { return nil }
            }
        }
    }

    deinit { coefficients.deallocate() }

    /// Tⱼ at the Chebyshev points: entry j·n + i = cos(π j (i+½)/n), n = degree + 1.
    static let nodeCosines: [Double] = {
        let n = degree + 1
        return (0..<(n * n)).map { index in
            Foundation.cos(Double.pi * Double(index / n) * (Double(index % n) + 0.5) / Double(n))
        }
    }()

    /// Monomial coefficients of Tⱼ: entry j·n + p is the coefficient of τᵖ
    /// (T₀ = 1, T₁ = τ, Tⱼ₊₁ = 2τTⱼ − Tⱼ₋₁).
    static let chebyshevMonomials: [Double] = {
        let n = degree + 1
        var table = [Double](repeating: 0, count: n * n)
        table[0] = 1
        if n > 1 { table[n + 1] = 1 }
        if n > 2 {
            for j in 1..<(n - 1) {
                for p in 0..<n {
                    let shifted = p > 0 ? 2 * table[j * n + p - 1] : 0
                    table[(j + 1) * n + p] = shifted - table[(j - 1) * n + p]
                }
            }
        }
        return table
    }()

    /// The interpolated value(s) at s ∈ [lower, upper] (the second is 0 for one output).
    @inline(__always)
    func evaluate(_ s: Double) -> (Double, Double) {
        outputs == 2 ? evaluatePair(s) : (evaluateSingle(s), 0)
    }

    /// The one interpolated function at s ∈ [lower, upper].
    @inline(__always)
    func evaluateSingle(_ s: Double) -> Double {
        let (piece, tau) = locate(s)
        var r = piece[Self.degree]
        var j = Self.degree - 1
        while j >= 0 {
            r = r * tau + piece[j]
            j -= 1
        }
        return r
    }

    /// Both interpolated functions at s ∈ [lower, upper].
    @inline(__always)
    func evaluatePair(_ s: Double) -> (Double, Double) {
        let (piece, tau) = locate(s)
        var r0 = piece[2 * Self.degree], r1 = piece[2 * Self.degree + 1]
        var j = Self.degree - 1
        while j >= 0 {
            r0 = r0 * tau + piece[2 * j]
            r1 = r1 * tau + piece[2 * j + 1]
            j -= 1
        }
        return (r0, r1)
    }

    @inline(__always)
    private func locate(_ s: Double) -> (UnsafeMutablePointer<Double>, Double) {
        let position = (s - lower) * inverseWidth
        let k = Swift.min(Int(position), pieceCount - 1)
        return (coefficients + k * (Self.degree + 1) * outputs, 2 * (position - Double(k)) - 1)
    }
}

/// |a − b| / |b| (|a| when b = 0).
func relativeDifference(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return b == 0 ? Swift.abs(a) : Swift.abs(a - b) / Swift.abs(b)
}
