import Foundation

/// A piecewise polynomial for dz/dα of Gamma(α, 1) samples at one shape α,
/// built once per batch so that a sample costs a table lookup and a short
/// Horner loop, with no logarithm.
///
/// Pieces follow the bits of the sample: each binade [2ᵉ, 2ᵉ⁺¹) is cut into
/// 2ᵐ equal parts (m chosen per binade), so a piece is found from the
/// exponent and the top m mantissa bits. On each piece z ↦ dz/dα is a
/// Chebyshev interpolant of degree 9 through exact values, rewritten in the
/// monomial basis of s = (z − mid)/half ∈ [−1, 1]; a piece is accepted when
/// its last two Chebyshev coefficients are below 1e-13 of the smallest value
/// on it. Only pieces meeting [max(P⁻¹(10⁻⁷), 2⁻⁵⁴), Q⁻¹(10⁻⁷)] are fitted.
/// Below 2⁻⁵⁴ (where most samples of a tiny shape lie) the exact closed form
/// z(ψ(α+1) − log z)/α answers; elsewhere (and on a binade that would need
/// more than 2⁸ parts) the exact routine.
///
///     let table = GammaImplicitDerivativeInterpolant(concentration: 2.5)
///     table.derivative(sample: 1.7)  // ≈ gammaImplicitDerivative(concentration: 2.5, sample: 1.7)
struct GammaImplicitDerivativeInterpolant {
    let concentration: Double
    /// ψ(α+1)/α and 1/α, for the deep lower tail.
    let tailOffset: Double, tailScale: Double
    /// Biased exponent field of the lowest covered binade.
    let lowestExponent: Int
    /// Per binade: the first piece slot and the shift that turns mantissa bits into a part index.
    let binades: [(firstSlot: Int32, shift: Int32)]
    /// Per piece slot: offset of its coefficients in `coefficients`, or −1 for the exact route.
    let slots: [Int32]
    /// Per fitted piece: mid, 1/half, then degree+1 monomial coefficients in s.
    let coefficients: [Double]

    static let degree = 9
    static let stride = degree + 3
    static let maxParts = 8          // at most 2⁸ parts per binade
    static let tailQuantile = 1e-7
    static let tolerance = 1e-13

    init(concentration alpha: Double) {
        concentration = alpha
        tailScale = 1 / alpha
        tailOffset = digamma(alpha + 1) / alpha
        // Below 2⁻⁵⁴ the closed form (ψ(α+1) − log z)/α is exact (see `gammaDeepLowerTail`).
        let zLow = max(inverseRegularizedGammaP(a: alpha, p: Self.tailQuantile), gammaDeepLowerTail)
        let zHigh = min(inverseRegularizedGammaQ(a: alpha, q: Self.tailQuantile), 0x1p1023)
        lowestExponent = Int(zLow.bitPattern >> 52)
        guard zLow < zHigh, zHigh.isFinite else {  // no usable range: every sample takes the exact route
            (binades, slots, coefficients) = ([], [], [])
            return
        }
        let eLow = lowestExponent, eHigh = Int(zHigh.bitPattern >> 52)
        var binades: [(Int32, Int32)] = []
        var slots: [Int32] = []
        var coefficients: [Double] = []
        var guess = 3  // neighbouring binades need about as many parts: start from the last count
        for e in eLow...eHigh {
            let start = Double(sign: .plus, exponent: e - 1023, significand: 1)
            var parts = guess
            var fitted = Self.fitBinade(alpha, start: start, parts: parts, zLow: zLow, zHigh: zHigh)
            if fitted == nil {
                while fitted == nil && parts < Self.maxParts {
                    parts += 1
                    fitted = Self.fitBinade(alpha, start: start, parts: parts, zLow: zLow, zHigh: zHigh)
                }
            } else {
                while parts > 0, let fewer = Self.fitBinade(alpha, start: start, parts: parts - 1, zLow: zLow, zHigh: zHigh) {
                    parts -= 1
                    fitted = fewer
                }
            }
            guess = parts
            binades.append((Int32(slots.count), Int32(52 - parts)))
            guard let pieces = fitted else {
                slots += [Int32](repeating: -1, count: 1 << Self.maxParts)
                continue
            }
            for piece in pieces {
                if let piece {
                    slots.append(Int32(coefficients.count))
                    coefficients += piece
                } else {
                    slots.append(-1)
                }
            }
        }
        self.binades = binades
        self.slots = slots
        self.coefficients = coefficients
    }

    /// The 2^parts pieces of [start, 2·start), nil for pieces outside [zLow, zHigh];
    /// nil overall if one of them does not converge.
    private static func fitBinade(_ alpha: Double, start: Double, parts: Int, zLow: Double, zHigh: Double) -> [[Double]?]? {
        let count = 1 << parts
        let width = start / Double(count)
        var pieces: [[Double]?] = []
        for k in 0..<count {
            let lo = start + Double(k) * width, hi = lo + width
            if hi < zLow || lo > zHigh {
                pieces.append(nil)
                continue
            }
            guard let piece = fitPiece(alpha, mid: lo + 0.5 * width, half: 0.5 * width) else { return nil }
            pieces.append(piece)
        }
        return pieces
    }

    private static func fitPiece(_ alpha: Double, mid: Double, half: Double) -> [Double]? {
        let n = degree + 1
        var values = [Double](repeating: 0, count: n)
        var smallest = Double.infinity
        for k in 0..<n {
            let z = mid + half * Foundation.cos(Double.pi * (Double(k) + 0.5) / Double(n))
            values[k] = gammaImplicitDerivative(concentration: alpha, sample: z)
            guard values[k].isFinite, values[k] > 0 else { return nil }
            smallest = min(smallest, values[k])
        }
        var chebyshev = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var sum = 0.0
            for k in 0..<n { sum += values[k] * Foundation.cos(Double.pi * Double(j) * (Double(k) + 0.5) / Double(n)) }
            chebyshev[j] = (j == 0 ? 1 : 2) * sum / Double(n)
        }
        guard abs(chebyshev[n - 1]) + abs(chebyshev[n - 2]) <= tolerance * smallest else { return nil }
        return [mid, 1 / half] + monomial(chebyshev)
    }

    /// Σ cⱼTⱼ(s) rewritten as Σ mⱼsʲ by the recurrence Tⱼ = 2s·Tⱼ₋₁ − Tⱼ₋₂.
    /// Stable for accepted pieces: their cⱼ fall off far faster than the 2ʲ
    /// growth of Tⱼ's coefficients (checked by the dense tests against the exact route).
    private static func monomial(_ c: [Double]) -> [Double] {
        let n = c.count
        var result = [Double](repeating: 0, count: n)
        var previous = [Double](repeating: 0, count: n), current = [Double](repeating: 0, count: n)
        previous[0] = 1
        current[1] = 1
        result[0] = c[0]
        for j in 1..<n {
            if j > 1 {
                var next = [Double](repeating: 0, count: n)
                for i in 0..<n { next[i] = (i > 0 ? 2 * current[i - 1] : 0) - previous[i] }
                previous = current
                current = next
            }
            for i in 0..<n { result[i] += c[j] * current[i] }
        }
        return result
    }

    /// dz/dα at one sample: the polynomial where fitted, the exact routine elsewhere.
    func derivative(sample z: Double) -> Double {
        var out = 0.0
        _ = withUnsafePointer(to: z) { input in
            withUnsafeMutablePointer(to: &out) {
                derivatives(UnsafeBufferPointer(start: input, count: 1), UnsafeMutableBufferPointer(start: $0, count: 1), 0..<1)
            }
        }
        return out
    }

    /// Which of the three routes answers a sample.
    enum Route { case polynomial, deepLowerTail, exact }

    func route(sample z: Double) -> Route {
        var fitted = false
        withTables { fitted = !$0.value(at: z).isNaN }
        if fitted { return .polynomial }
        return z < gammaDeepLowerTail && z > 0 ? .deepLowerTail : .exact
    }

    /// dz/dα for samples[range] into out[range]; returns false if a result is nan (an invalid sample).
    func derivatives(_ samples: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>, _ range: Range<Int>) -> Bool {
        var valid = true
        withTables { table in
            for i in range {
                let z = samples[i]
                let fitted = table.value(at: z)
                if !fitted.isNaN {
                    out[i] = fitted
                } else if z < gammaDeepLowerTail && z > 0 {
                    out[i] = z * (tailOffset - Foundation.log(z) * tailScale)
                } else {
                    let exact = gammaImplicitDerivative(concentration: concentration, sample: z)
                    if exact.isNaN { valid = false }
                    out[i] = exact
                }
            }
        }
        return valid
    }

    /// d log z/dα for logSamples[range] into out[range]: the closed form below
    /// log 2⁻⁵⁴ (no exponential needed, so underflowing samples are fine), the
    /// polynomial divided by z where fitted, the exact routine elsewhere.
    func logDerivatives(_ logSamples: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>,
                        _ range: Range<Int>) -> Bool {
        var valid = true
        let deepTailLog = Foundation.log(gammaDeepLowerTail)
        withTables { table in
            for i in range {
                let t = logSamples[i]
                if t < deepTailLog {
                    out[i] = tailOffset - t * tailScale
                    continue
                }
                let z = Foundation.exp(t)
                let fitted = table.value(at: z)
                if !fitted.isNaN {
                    out[i] = fitted / z
                } else {
                    let exact = gammaImplicitDerivative(concentration: concentration, logSample: t)
                    if exact.isNaN { valid = false }
                    out[i] = exact
                }
            }
        }
        return valid
    }

    /// The tables as raw pointers, for the per-sample loops.
    private struct Tables {
        let binades: UnsafeBufferPointer<(firstSlot: Int32, shift: Int32)>
        let slots: UnsafeBufferPointer<Int32>
        let coefficients: UnsafePointer<Double>?
        let lowestExponent: Int

        /// The fitted polynomial at z, or nan where no piece covers z (including negative, nan, inf z).
        @inline(__always) func value(at z: Double) -> Double {
            let bits = z.bitPattern
            let binade = Int(truncatingIfNeeded: bits >> 52) &- lowestExponent
            guard UInt(bitPattern: binade) < UInt(binades.count) else { return .nan }
            let (first, shift) = binades[binade]
            let slot = slots[Int(first) &+ Int(truncatingIfNeeded: (bits & 0x000F_FFFF_FFFF_FFFF) >> UInt64(shift))]
            guard slot >= 0, let base = coefficients else { return .nan }
            let p = base + Int(slot)
            let s = (z - p[0]) * p[1]
            var acc = p[GammaImplicitDerivativeInterpolant.degree + 2]
            for j in Swift.stride(from: GammaImplicitDerivativeInterpolant.degree + 1, through: 2, by: -1) { acc = acc * s + p[j] }
            return acc
        }
    }

    private func withTables(_ body: (Tables) -> Void) {
        binades.withUnsafeBufferPointer { binades in
            slots.withUnsafeBufferPointer { slots in
                coefficients.withUnsafeBufferPointer { data in
                    body(Tables(binades: binades, slots: slots, coefficients: data.baseAddress, lowestExponent: lowestExponent))
                }
            }
        }
    }
}
