import Foundation

/// A piecewise polynomial for d log z/dα of Gamma(α, 1) samples at one shape α,
/// built once per batch so each sample costs a log and a short Horner loop.
///
/// In t = log z the function g(t) = d log z/dα is smooth, positive and, for
/// tiny α, nearly linear far below the mode. [tLow, tHigh] (the quantiles
/// 10⁻⁷ and 1 − 10⁻⁷, clipped to normal floats) is bisected until on every
/// piece a degree-15 Chebyshev interpolant through exact values has tail
/// coefficients below 4e-14 of the smallest |g| on the piece, i.e. about 1e-13
/// relative error. Pieces are dyadic, so cells of the finest piece width index
/// them in O(1). Outside the range, or on a piece that did not converge, the
/// exact routine answers.
///
///     let table = GammaImplicitInterpolant(concentration: 2.5)
///     table.logDerivative(logSample: log(1.7))  // ≈ gammaImplicitDerivative(concentration: 2.5, sample: 1.7) / 1.7
struct GammaImplicitInterpolant {
    let concentration: Double
    let tLow: Double
    let cellsPerUnit: Double
    let cellCount: Int
    /// Piece index per cell, −1 where the exact route must answer.
    let cellPiece: [Int32]
    /// Per piece: midpoint, 1/half-width, then the monomial coefficients in s = (t − mid)/half.
    let pieces: [Double]

    static let degree = 15
    static let stride = degree + 3
    static let maxDepth = 12
    static let tailQuantile = 1e-7

    init(concentration alpha: Double) {
        concentration = alpha
        let lowLog = Foundation.log(max(inverseRegularizedGammaP(a: alpha, p: Self.tailQuantile), 0x1p-1020))
        let highLog = Foundation.log(inverseRegularizedGammaQ(a: alpha, q: Self.tailQuantile))
        tLow = lowLog
        let width = highLog - lowLog
        var leaves: [(depth: Int, index: Int, data: [Double]?)] = []
        Self.fit(alpha, lowLog, width, depth: 0, index: 0, into: &leaves)
        let finest = leaves.map(\.depth).max() ?? 0
        cellCount = 1 << finest
        cellsPerUnit = Double(cellCount) / width
        var table = [Int32](repeating: -1, count: cellCount)
        var data: [Double] = []
        for leaf in leaves {
            let span = 1 << (finest - leaf.depth)
            guard let coefficients = leaf.data else { continue }
            let piece = Int32(data.count / Self.stride)
            data += coefficients
            for cell in (leaf.index * span)..<((leaf.index + 1) * span) { table[cell] = piece }
        }
        cellPiece = table
        pieces = data
    }

    /// Fits [tLow + index·w/2^depth, …) or splits it; appends the leaves in order.
    private static func fit(_ alpha: Double, _ tLow: Double, _ width: Double, depth: Int, index: Int,
                            into leaves: inout [(depth: Int, index: Int, data: [Double]?)]) {
        let h = width / Double(1 << depth)
        let lo = tLow + Double(index) * h
        let mid = lo + 0.5 * h, half = 0.5 * h
        let n = degree + 1
        var values = [Double](repeating: 0, count: n)
        var smallest = Double.infinity
        for k in 0..<n {
            let s = Foundation.cos(Double.pi * (Double(k) + 0.5) / Double(n))
            let t = mid + half * s
            values[k] = gammaLogImplicitDerivative(alpha, sample: Foundation.exp(t), logSample: t)
            smallest = min(smallest, abs(values[k]))
        }
        var chebyshev = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var sum = 0.0
            for k in 0..<n { sum += values[k] * Foundation.cos(Double.pi * Double(j) * (Double(k) + 0.5) / Double(n)) }
            chebyshev[j] = (j == 0 ? 1 : 2) * sum / Double(n)
        }
        let tail = abs(chebyshev[n - 1]) + abs(chebyshev[n - 2])
        if tail <= 4e-14 * smallest && values.allSatisfy({ $0.isFinite && $0 > 0 }) {
            leaves.append((depth, index, [mid, 1 / half] + monomial(chebyshev)))
        } else if depth < maxDepth {
            fit(alpha, tLow, width, depth: depth + 1, index: 2 * index, into: &leaves)
            fit(alpha, tLow, width, depth: depth + 1, index: 2 * index + 1, into: &leaves)
        } else {
            leaves.append((depth, index, nil))
        }
    }

    /// Σ cⱼTⱼ(s) rewritten as Σ mⱼsʲ. Stable here: accepted pieces have cⱼ
    /// decaying like 8⁻ʲ or faster, well ahead of the 2ʲ growth of Tⱼ's coefficients.
    private static func monomial(_ c: [Double]) -> [Double] {
        let n = c.count
        var result = [Double](repeating: 0, count: n)
        var previous = [Double](repeating: 0, count: n), current = [Double](repeating: 0, count: n)
        previous[0] = 1                      // T₀
        if n > 1 { current[1] = 1 }          // T₁
        result[0] += c[0]
        for j in 1..<n {
            if j > 1 {                       // T_j = 2s·T_{j−1} − T_{j−2}
                var next = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    next[i] = (i > 0 ? 2 * current[i - 1] : 0) - previous[i]
                }
                previous = current
                current = next
            }
            for i in 0..<n { result[i] += c[j] * current[i] }
        }
        return result
    }

    /// d log z/dα at t = log z: the polynomial inside the range, the exact routine outside.
    @inline(__always) func logDerivative(logSample t: Double) -> Double {
        let cell = (t - tLow) * cellsPerUnit
        if cell >= 0 && cell < Double(cellCount) {
            let piece = Int(cellPiece[Int(cell)])
            if piece >= 0 {
                return pieces.withUnsafeBufferPointer { evaluate($0.baseAddress! + piece * Self.stride, t) }
            }
        }
        return gammaImplicitDerivative(concentration: concentration, logSample: t)
    }

    @inline(__always) func evaluate(_ p: UnsafePointer<Double>, _ t: Double) -> Double {
        let s = (t - p[0]) * p[1]
        var acc = p[Self.degree + 2]
        for j in Swift.stride(from: Self.degree + 1, through: 2, by: -1) { acc = acc * s + p[j] }
        return acc
    }

    /// dz/dα for each sample into `out` (same count); returns whether every sample was valid (z ≥ 0).
    func derivatives(_ samples: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>, _ range: Range<Int>) -> Bool {
        var valid = true
        let cells = Double(cellCount)
        cellPiece.withUnsafeBufferPointer { table in
            pieces.withUnsafeBufferPointer { data in
                let base = data.baseAddress!
                for i in range {
                    let z = samples[i]
                    let t = Foundation.log(z)
                    let cell = (t - tLow) * cellsPerUnit
                    if cell >= 0 && cell < cells {
                        let piece = Int(table[Int(cell)])
                        if piece >= 0 {
                            out[i] = z * evaluate(base + piece * Self.stride, t)
                            continue
                        }
                    }
                    let exact = gammaImplicitDerivative(concentration: concentration, sample: z)
                    if exact.isNaN { valid = false }
                    out[i] = exact
                }
            }
        }
        return valid
    }
}
