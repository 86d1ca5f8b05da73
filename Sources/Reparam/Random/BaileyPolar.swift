import Foundation

/// Standard Student-t(ν) numbers by Bailey's polar method ("Polar generation of random variates
/// with the t-distribution", Math. Comp. 62, 1994): one point of the unit disc, one logarithm,
/// one expm1 and one square root per number, no Gamma draw.
///
/// Draw (U, V) uniform on the square (−1, 1)² until W = U² + V² < 1; then
///
///     t = U · √(ν (W^(−2/ν) − 1) / W) = U · √(ν · expm1(E) / W),   E = −2 ln(W)/ν,
///
/// is exactly Student-t(ν) (as ν → ∞ it becomes the polar Box–Muller normal). Where E > 600
/// (ν ≲ 0.3 with W small) the product would overflow before the square root: there
/// ln|t| = ½ (ln ν + E − ln W) + ln|U| (expm1(E) = e^E to the last bit), and |t| beyond the largest
/// double is ±∞. Where E < 1e-300 (ν near the largest double) ν · expm1(E) is −2 ln W itself.
///
/// Each element uses the whole layout (`WholeBlockWords`): U and V are the two words of one block,
/// a rejected point moves to the element's next block (π/4 of points are accepted), so the numbers
/// depend only on (seed, draw, element) and never on ν's layout (one ν shared or one per element
/// give the same numbers where the ν agree).
enum BaileyPolar {
    /// A uniform number in the open interval (−1, 1), symmetric about 0 and never 0:
    /// (m + ½) · 2⁻⁵¹ for the top 52 bits m of the word read as a signed integer (exact in 53 bits).
    @inline(__always)
    static func signedUnit(_ word: UInt64) -> Double {
        (Double(Int64(bitPattern: word) >> 12) + 0.5) * 0x1p-51
    }

    /// The Student-t number of an accepted point (u, w = u² + v²); NaN unless ν is positive and finite.
    @inline(__always)
    static func student(df nu: Double, u: Double, w: Double) -> Double {
        guard nu > 0, nu.isFinite else { return .nan }
        let logW = Foundation.log(w)
        let exponent = -2 * logW / nu
        if exponent > 600 {
            let magnitude = Foundation.exp(0.5 * (Foundation.log(nu) + exponent - logW) + Foundation.log(Swift.abs(u)))
            return u < 0 ? -magnitude : magnitude
        }
        let scaled = exponent < 1e-300 ? -2 * logW : nu * Foundation.expm1(exponent)
        return u * (scaled / w).squareRoot()
    }

    /// One number from the element's words (its first block possibly already in `words`).
    @inline(__always)
    static func sample(df nu: Double, _ words: inout WholeBlockWords) -> Double {
        while !words.isExhausted {
            let u = signedUnit(words.next()), v = signedUnit(words.next())
            let w = u * u + v * v
            if w < 1 { return student(df: nu, u: u, w: w) }
        }
        return .nan
    }

    /// Fills `out[range]` for draw `draw`; element i has ν = `df[i mod df.count]` (NaN for an empty `df`).
    static func fill(_ out: UnsafeMutablePointer<Double>, range: Range<Int>, draw: UInt64, key: PhiloxKey,
                     df: UnsafeBufferPointer<Double>) {
        guard !df.isEmpty else {
            for i in range { out[i] = .nan }
            return
        }
        var index = range.lowerBound % df.count
        /// ν of the next element.
        @inline(__always) func nextDf() -> Double {
            let nu = df[index]
            index += 1
            if index == df.count { index = 0 }
            return nu
        }
        var i = range.lowerBound
        // The first blocks of four elements come from one SIMD Philox call.
        while i + 3 < range.upperBound {
            let (first, second) = key.words4(firstBlock: UInt64(i), attempt: 0, draw: draw)
            for lane in 0..<4 {
                var words = WholeBlockWords(element: i + lane, draw: draw, key: key, firstBlock: (first[lane], second[lane]))
                out[i + lane] = sample(df: nextDf(), &words)
            }
            i += 4
        }
        while i < range.upperBound {
            var words = WholeBlockWords(element: i, draw: draw, key: key)
            out[i] = sample(df: nextDf(), &words)
            i += 1
        }
    }
}

extension RandomStream {
    /// Standard Student-t(ν) numbers (Bailey's polar method, `BaileyPolar`); element i has
    /// ν = `df[i % df.count]` (one draw).
    ///
    /// Elements whose ν is not positive and finite, or all elements if `df` is empty, are NaN
    /// (the distributions validate first); a number beyond the largest double is ±∞.
    ///
    ///     var stream = RandomStream(seed: 7)
    ///     var t = [Double](repeating: 0, count: 1000)
    ///     [4.0].withUnsafeBufferPointer { df in t.withUnsafeMutableBufferPointer { stream.fillStudentT($0, df: df) } }
    public mutating func fillStudentT(_ out: UnsafeMutableBufferPointer<Double>, df: UnsafeBufferPointer<Double>) {
        let draw = nextDraw(), key = self.key
        guard !out.isEmpty else { return }
        let out = SharedBuffer(out), df = SharedBuffer(df)
        Parallel.forEachChunk(count: out.count) { range in
            BaileyPolar.fill(out.start, range: range, draw: draw, key: key, df: df.readOnly)
        }
    }
}
