import Foundation

/// Standard normal numbers by the 256-layer ziggurat, exact in distribution.
///
/// Per word w (see `ZigguratTable`): layer j = w mod 256, sign = bit 8,
/// position m = ⌊w / 2¹¹⌋. 98.5% of words land in a layer's rectangle and
/// give ±m·x_j·2⁻⁵³ with one comparison; the rest go to the wedge test
/// (accept x if f(x_j) + U (f(x_{j+1}) − f(x_j)) < f(x)) or, in the base
/// layer, to Marsaglia's tail method (x = −ln U₁ / R, accept if −2 ln U₂ > x²,
/// return R + x). Rejections start over with the element's next word.
enum NormalZiggurat {
    /// One standard normal from the element's word sequence.
    @inline(__always)
    static func sample<Words: WordSequence>(_ words: inout Words, limit: UnsafeMutablePointer<UInt64>,
                       scale: UnsafeMutablePointer<Double>) -> Double
    {
        let word = words.next()
        let layer = Int(truncatingIfNeeded: word & 0xFF)
        let position = word >> 11
        if position < limit[layer] {
            return signed(Double(position) * scale[layer], by: word)
        }
        return sampleAfterRejection(word, &words)
    }

    /// The number for a first word that missed its layer's rectangle, drawing
    /// further words from `words` as the wedge, tail and retries need them.
    @inline(never)
    static func sampleAfterRejection<Words: WordSequence>(_ firstWord: UInt64, _ words: inout Words) -> Double {
        let table = ZigguratTable.normal
        var word = firstWord
        while true {
            let layer = Int(truncatingIfNeeded: word & 0xFF)
            let position = word >> 11
            if position < table.rectangleLimit[layer] {
                return signed(Double(position) * table.positionScale[layer], by: word)
            }
            if layer == 0 {
                let r = table.tailStart
                while !words.isExhausted {
                    let x = -Foundation.log(openUnitInterval(words.next())) / r
                    let y = -Foundation.log(openUnitInterval(words.next()))
                    if 2 * y > x * x { return signed(r + x, by: word) }
                }
                return .nan
            }
            let x = Double(position) * table.positionScale[layer]
            let lower = table.density[layer], upper = table.density[layer + 1]
            let height = lower + openUnitInterval(words.next()) * (upper - lower)
            if height < Foundation.exp(-0.5 * x * x) { return signed(x, by: word) }
            if words.isExhausted { return .nan }
            word = words.next()
        }
    }

    /// x with its sign flipped when bit 8 of `word` is set (x ≥ 0).
    @inline(__always)
    static func signed(_ x: Double, by word: UInt64) -> Double {
        Double(bitPattern: x.bitPattern | (word & 0x100) << 55)
    }

    /// Fills `out[range]` for draw `draw` in the paired layout.
    static func fill(_ out: UnsafeMutablePointer<Double>, range: Range<Int>, draw: UInt64, key: PhiloxKey) {
        let table = ZigguratTable.normal
        let limit = table.rectangleLimit, scale = table.positionScale
        fillPaired(out, range: range, draw: draw, key: key) { word, element in
            let layer = Int(truncatingIfNeeded: word & 0xFF)
            let position = word >> 11
            if position < limit[layer] {
                return signed(Double(position) * scale[layer], by: word)
            }
            var words = PairedWords(element: element, firstAttempt: 1, draw: draw, key: key)
            return sampleAfterRejection(word, &words)
        }
    }
}
