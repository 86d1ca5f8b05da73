import Foundation

/// Standard Gamma(α, 1) numbers by Marsaglia & Tsang ("A simple method for
/// generating gamma variables", 2000), with the boost for α < 1.
///
/// For a = α ≥ 1 (or a = α + 1 when α < 1), with d = a − ⅓ and c = 1/√(9d):
/// draw x ~ N(0, 1) and U ~ U(0, 1), let v = (1 + c x)³ (retry if 1 + c x ≤ 0);
/// accept d·v if U < 1 − 0.0331 x⁴ (squeeze) or ln U < x²/2 + d (1 − v + ln v).
/// Accepted d·v ~ Gamma(a, 1). For α < 1, G(α) = G(α + 1) · U^{1/α}; with
/// E = −ln U ~ Exp(1) drawn by the ziggurat, ln G(α) = ln G(α + 1) − E/α,
/// which stays finite where the sample itself underflows (α = 10⁻³ gives
/// samples like e^{−700}).
///
/// Each element uses the whole layout (`WholeBlockWords`): its normal, its
/// uniform and every retry come from its own blocks.
enum MarsagliaTsang {
    /// The per-α constants of the Marsaglia–Tsang loop.
    struct Shape {
        /// d = a − ⅓ with a = α (α ≥ 1) or α + 1 (α < 1).
        let d: Double
        /// c = 1/√(9d).
        let c: Double
        /// 1/α when α < 1 (the boost exponent), else 0.
        let boostExponent: Double
        /// α is positive and finite.
        let isValid: Bool

        init(concentration alpha: Double) {
            isValid = alpha > 0 && alpha.isFinite
            let boosted = alpha < 1
            d = (boosted ? alpha + 1 : alpha) - 1.0 / 3
            c = 1 / (9 * d).squareRoot()
            boostExponent = boosted ? 1 / alpha : 0
        }
    }

    /// An accepted Marsaglia–Tsang value d·v for Gamma(a, 1), or NaN if the words ran out.
    @inline(__always)
    static func marsagliaTsang(_ shape: Shape, _ words: inout WholeBlockWords,
                               limit: UnsafeMutablePointer<UInt64>, scale: UnsafeMutablePointer<Double>) -> Double
    {
        let d = shape.d, c = shape.c
        while !words.isExhausted {
            let x = NormalZiggurat.sample(&words, limit: limit, scale: scale)
            let t = 1 + c * x
            if t <= 0 { continue }
            let v = t * t * t
            let u = openUnitInterval(words.next())
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if Foundation.log(u) < 0.5 * x2 + d * (1 - v + Foundation.log(v)) { return d * v }
        }
        return .nan
    }

    /// One Gamma(α, 1) number (or its logarithm) from the element's words; NaN for invalid α.
    @inline(__always)
    static func sample(_ shape: Shape, _ words: inout WholeBlockWords, logSpace: Bool, tables: ZigguratPointers) -> Double {
        guard shape.isValid else { return .nan }
        let g = marsagliaTsang(shape, &words, limit: tables.normalLimit, scale: tables.normalScale)
        if shape.boostExponent == 0 {
            return logSpace ? Foundation.log(g) : g
        }
        let e = ExponentialZiggurat.sample(&words, limit: tables.exponentialLimit, scale: tables.exponentialScale)
        let logBoost = -e * shape.boostExponent
        if logSpace { return Foundation.log(g) + logBoost }
        if logBoost > -700 { return g * Foundation.exp(logBoost) }
        // Near underflow the product must round once: e^{ln g + ln boost}.
        return Foundation.exp(Foundation.log(g) + logBoost)
    }

    /// Fills `out[range]` for draw `draw`; element i has concentration `alpha[i mod alpha.count]`.
    ///
    /// `logSpace` writes ln G instead of G. Invalid α (≤ 0, NaN, ∞) or an empty
    /// `alpha` give NaN.
    static func fill(_ out: UnsafeMutablePointer<Double>, range: Range<Int>, draw: UInt64, key: PhiloxKey,
                     concentration alpha: UnsafeBufferPointer<Double>, logSpace: Bool)
    {
        guard !alpha.isEmpty else {
            for i in range { out[i] = .nan }
            return
        }
        let tables = ZigguratPointers()
        let single = alpha.count == 1 ? Shape(concentration: alpha[0]) : nil
        var index = range.lowerBound % alpha.count
        /// The number of element i from its words.
        @inline(__always) func sample(_ i: Int, _ words: inout WholeBlockWords) -> Double {
            let shape = single ?? Shape(concentration: alpha[index])
            index += 1
            if index == alpha.count { index = 0 }
            return MarsagliaTsang.sample(shape, &words, logSpace: logSpace, tables: tables)
        }
        var i = range.lowerBound
        // The first blocks of four elements come from one SIMD Philox call.
        while i + 3 < range.upperBound {
            let (first, second) = key.words4(firstBlock: UInt64(i), attempt: 0, draw: draw)
            for lane in 0..<4 {
                var words = WholeBlockWords(element: i + lane, draw: draw, key: key, firstBlock: (first[lane], second[lane]))
                out[i + lane] = sample(i + lane, &words)
            }
            i += 4
        }
        while i < range.upperBound {
            var words = WholeBlockWords(element: i, draw: draw, key: key)
            out[i] = sample(i, &words)
            i += 1
        }
    }
}
