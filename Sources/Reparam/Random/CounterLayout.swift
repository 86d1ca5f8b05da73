/// Where every random number of a stream comes from: the Philox counter of
/// each element, attempt and draw.
///
/// A stream's key is its seed (k0 = low 32 bits, k1 = high 32 bits). The
/// 128-bit counter of a block is
///
///     (block mod 2^32,  ⌊block / 2^32⌋ mod 2^8 + 2^8·⌊draw / 2^32⌋,  draw mod 2^32,  attempt)
///
/// so blocks may number 2^40, draws 2^56 and attempts 2^32. Each block gives
/// two 64-bit words. Kernels assign blocks to elements in one of two ways:
///
/// * **paired** (uniform, normal, exponential): elements 2p and 2p+1 share
///   block p; element i takes word i mod 2 of blocks (⌊i/2⌋, attempt 0, 1, 2, …).
///   The first attempt of a pair costs one Philox call for two numbers.
/// * **whole** (gamma): element i owns blocks (i, attempt 0, 1, …) and takes
///   both words of each, in order.
///
/// Either way an element's words depend only on (seed, draw, element index),
/// so rejection samplers consume randomness per element and any split of the
/// elements across threads gives identical results.
struct PhiloxKey: Sendable {
    let k0: UInt32
    let k1: UInt32

    init(seed: UInt64) {
        k0 = UInt32(truncatingIfNeeded: seed)
        k1 = UInt32(truncatingIfNeeded: seed >> 32)
    }

    /// The two 64-bit words of block `block`, attempt `attempt`, draw `draw`.
    @inline(__always)
    func words(block: UInt64, attempt: UInt32, draw: UInt64) -> (UInt64, UInt64) {
        let counter = (UInt32(truncatingIfNeeded: block),
                       UInt32(truncatingIfNeeded: block >> 32) & 0xFF | UInt32(truncatingIfNeeded: draw >> 32) << 8,
                       UInt32(truncatingIfNeeded: draw),
                       attempt)
        let (x0, x1, x2, x3) = Philox4x32.block(counter: counter, key: (k0, k1))
        return (UInt64(x0) | UInt64(x1) << 32, UInt64(x2) | UInt64(x3) << 32)
    }

    /// `words` of the four blocks `firstBlock` … `firstBlock + 3` (same attempt and draw), lane by lane.
    ///
    /// Optimized builds run the four-lane Philox. Unoptimized (debug) builds
    /// compute the blocks one at a time, because unspecialized SIMD arithmetic
    /// is some twenty times slower there; the numbers are the same (PhiloxTests
    /// checks both against `words`).
    @inline(__always)
    func words4(firstBlock: UInt64, attempt: UInt32, draw: UInt64) -> (first: SIMD4<UInt64>, second: SIMD4<UInt64>) {
        #if DEBUG
        return words4OneByOne(firstBlock: firstBlock, attempt: attempt, draw: draw)
        #else
        return words4Lanes(firstBlock: firstBlock, attempt: attempt, draw: draw)
        #endif
    }

    /// `words4` by the four-lane Philox.
    @inline(__always)
    func words4Lanes(firstBlock: UInt64, attempt: UInt32, draw: UInt64) -> (first: SIMD4<UInt64>, second: SIMD4<UInt64>) {
        typealias Lanes = SIMD4<UInt64>
        let blocks = Lanes(repeating: firstBlock) &+ Lanes(0, 1, 2, 3)
        let counter = (blocks,
                       (blocks &>> 32) & Lanes(repeating: 0xFF) | Lanes(repeating: (draw >> 32) << 8),
                       Lanes(repeating: draw),
                       Lanes(repeating: UInt64(attempt)))
        let (x0, x1, x2, x3) = Philox4x32.blocks(counter: counter, key: (k0, k1))
        return (x0 | x1 &<< 32, x2 | x3 &<< 32)
    }

    /// `words4` by four scalar blocks.
    func words4OneByOne(firstBlock: UInt64, attempt: UInt32, draw: UInt64) -> (first: SIMD4<UInt64>, second: SIMD4<UInt64>) {
        let (a0, a1) = words(block: firstBlock, attempt: attempt, draw: draw)
        let (b0, b1) = words(block: firstBlock &+ 1, attempt: attempt, draw: draw)
        let (c0, c1) = words(block: firstBlock &+ 2, attempt: attempt, draw: draw)
        let (d0, d1) = words(block: firstBlock &+ 3, attempt: attempt, draw: draw)
        return (SIMD4(a0, b0, c0, d0), SIMD4(a1, b1, c1, d1))
    }
}

/// The sequence of 64-bit words one element draws from.
///
/// Rejection samplers pull as many words as they need; a sequence ends after
/// 2^32 blocks (`isExhausted`), which no rejection loop here reaches with a
/// valid parameter (each accepts with probability above 0.7 per attempt) but
/// which guarantees termination. After the end, `next()` repeats the last block.
protocol WordSequence {
    mutating func next() -> UInt64
    var isExhausted: Bool { get }
}

/// An element's words in the paired layout: word `element mod 2` of blocks
/// (⌊element/2⌋, attempt, draw) for attempt = `firstAttempt`, `firstAttempt` + 1, ….
struct PairedWords: WordSequence {
    let key: PhiloxKey
    let block: UInt64
    let draw: UInt64
    let takesSecondWord: Bool
    var attempt: UInt32
    private(set) var isExhausted = false

    init(element: Int, firstAttempt: UInt32, draw: UInt64, key: PhiloxKey) {
        self.key = key
        self.block = UInt64(element >> 1)
        self.takesSecondWord = element & 1 == 1
        self.attempt = firstAttempt
        self.draw = draw
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let (first, second) = key.words(block: block, attempt: attempt, draw: draw)
        if attempt == UInt32.max { isExhausted = true } else { attempt &+= 1 }
        return takesSecondWord ? second : first
    }
}

/// An element's words in the whole layout: both words of blocks (element, 0, draw), (element, 1, draw), ….
///
/// The first block may be handed in already computed (four elements share one SIMD Philox call).
struct WholeBlockWords: WordSequence {
    let key: PhiloxKey
    let block: UInt64
    let draw: UInt64
    var attempt: UInt32
    /// Words of the current block not yet returned: `buffered` of them, the next in `nextWord`.
    var nextWord: UInt64
    var lastWord: UInt64
    var buffered: Int
    private(set) var isExhausted = false

    /// Words of `element`, whose block for attempt 0 is `firstBlock`.
    init(element: Int, draw: UInt64, key: PhiloxKey, firstBlock: (UInt64, UInt64)) {
        self.key = key
        self.block = UInt64(element)
        self.draw = draw
        self.attempt = 1
        (nextWord, lastWord) = firstBlock
        buffered = 2
    }

    /// Words of `element` from attempt 0 on.
    init(element: Int, draw: UInt64, key: PhiloxKey) {
        self.init(element: element, draw: draw, key: key,
                  firstBlock: key.words(block: UInt64(element), attempt: 0, draw: draw))
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        if buffered == 0 {
            (nextWord, lastWord) = key.words(block: block, attempt: attempt, draw: draw)
            if attempt == UInt32.max { isExhausted = true } else { attempt &+= 1 }
            buffered = 2
        }
        let word = nextWord
        nextWord = lastWord
        buffered -= 1
        return word
    }
}

/// A uniform number in the open interval (0, 1) from the top 53 bits of a word.
///
/// u = max(m, ½)·2⁻⁵³ with m = ⌊w / 2¹¹⌋: every multiple of 2⁻⁵³ in (0, 1)
/// with probability 2⁻⁵³, and 2⁻⁵⁴ in place of 0. (The offset form
/// (m + ½)·2⁻⁵³ would round its largest value to 1.)
@inline(__always)
func openUnitInterval(_ word: UInt64) -> Double {
    max(Double(word >> 11), 0.5) * 0x1p-53
}
