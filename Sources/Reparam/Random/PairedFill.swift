/// Fills `out[range]` in the paired layout: elements 2p and 2p+1 take the
/// two words of block p, attempt 0, and `transform(word, element)` turns each
/// into a number (drawing more from the element's `PairedWords` if it rejects).
///
/// Ranges may start or end at odd elements; the numbers do not depend on it.
@inline(__always)
func fillPaired(_ out: UnsafeMutablePointer<Double>, range: Range<Int>, draw: UInt64, key: PhiloxKey,
                _ transform: (UInt64, Int) -> Double)
{
    var element = range.lowerBound
    let end = range.upperBound
    if element < end, element & 1 == 1 {
        let (_, second) = key.words(block: UInt64(element >> 1), attempt: 0, draw: draw)
        out[element] = transform(second, element)
        element += 1
    }
    // Four blocks (eight elements) per Philox call on SIMD lanes, then the rest one block at a time.
    while element + 7 < end {
        let (first, second) = key.words4(firstBlock: UInt64(element >> 1), attempt: 0, draw: draw)
        out[element] = transform(first[0], element)
        out[element + 1] = transform(second[0], element + 1)
        out[element + 2] = transform(first[1], element + 2)
        out[element + 3] = transform(second[1], element + 3)
        out[element + 4] = transform(first[2], element + 4)
        out[element + 5] = transform(second[2], element + 5)
        out[element + 6] = transform(first[3], element + 6)
        out[element + 7] = transform(second[3], element + 7)
        element += 8
    }
    while element + 1 < end {
        let (first, second) = key.words(block: UInt64(element >> 1), attempt: 0, draw: draw)
        out[element] = transform(first, element)
        out[element + 1] = transform(second, element + 1)
        element += 2
    }
    if element < end {
        let (first, _) = key.words(block: UInt64(element >> 1), attempt: 0, draw: draw)
        out[element] = transform(first, element)
    }
}
