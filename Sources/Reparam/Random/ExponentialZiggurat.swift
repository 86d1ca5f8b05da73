import Foundation

/// Standard exponential numbers by the 256-layer ziggurat, exact in distribution.
///
/// As `NormalZiggurat` with f(x) = e^{−x} on [0, ∞) and no sign; the tail is
/// exact by memorylessness: beyond R the number is R − ln U. 97.8% of words
/// land in a rectangle.
enum ExponentialZiggurat {
    /// One standard exponential from the element's word sequence.
    @inline(__always)
    static func sample<Words: WordSequence>(_ words: inout Words, limit: UnsafeMutablePointer<UInt64>,
                                            scale: UnsafeMutablePointer<Double>) -> Double
    {
        let word = words.next()
        let layer = Int(truncatingIfNeeded: word & 0xFF)
        let position = word >> 11
        if position < limit[layer] {
            return Double(position) * scale[layer]
        }
        return sampleAfterRejection(word, &words)
    }

    /// The number for a first word that missed its layer's rectangle.
    @inline(never)
    static func sampleAfterRejection<Words: WordSequence>(_ firstWord: UInt64, _ words: inout Words) -> Double {
        let table = ZigguratTable.exponential
        var word = firstWord
        while true {
            let layer = Int(truncatingIfNeeded: word & 0xFF)
            let position = word >> 11
            if position < table.rectangleLimit[layer] {
                return Double(position) * table.positionScale[layer]
            }
            if layer == 0 {
                return table.tailStart - Foundation.log(openUnitInterval(words.next()))
            }
            let x = Double(position) * table.positionScale[layer]
            let lower = table.density[layer], upper = table.density[layer + 1]
            let height = lower + openUnitInterval(words.next()) * (upper - lower)
            if height < Foundation.exp(-x) { return x }
            if words.isExhausted { return .nan }
            word = words.next()
        }
    }

    /// Fills `out[range]` for draw `draw` in the paired layout.
    static func fill(_ out: UnsafeMutablePointer<Double>, range: Range<Int>, draw: UInt64, key: PhiloxKey) {
        let table = ZigguratTable.exponential
        let limit = table.rectangleLimit, scale = table.positionScale
        fillPaired(out, range: range, draw: draw, key: key) { word, element in
            let layer = Int(truncatingIfNeeded: word & 0xFF)
            let position = word >> 11
            if position < limit[layer] {
                return Double(position) * scale[layer]
            }
            var words = PairedWords(element: element, firstAttempt: 1, draw: draw, key: key)
            return sampleAfterRejection(word, &words)
        }
    }
}
