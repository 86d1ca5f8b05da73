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
}

/// The sequence of 64-bit words one element draws from, after its first block.
///
/// Rejection samplers pull as many words as they need; the sequence ends after
/// 2^32 blocks (`isExhausted`), which no valid rejection loop ever reaches
/// (each of them accepts with probability above 0.7 per attempt) but which
/// guarantees termination.
struct ElementWords {
    let key: PhiloxKey
    let block: UInt64
    let draw: UInt64
    /// The word of each block this element owns in the paired layout, or -1 for the whole layout.
    let pairedHalf: Int
    var attempt: UInt32
    var pending: UInt64 = 0
    var hasPending = false
    var isExhausted = false

    /// Words of element `element` in the paired layout, from attempt `attempt` on.
    init(pairedElement element: Int, attempt: UInt32, draw: UInt64, key: PhiloxKey) {
        self.key = key
        self.block = UInt64(element >> 1)
        self.pairedHalf = element & 1
        self.attempt = attempt
        self.draw = draw
    }

    /// Words of element `element` in the whole layout, from attempt 0 on.
    init(wholeElement element: Int, draw: UInt64, key: PhiloxKey) {
        self.key = key
        self.block = UInt64(element)
        self.pairedHalf = -1
        self.attempt = 0
        self.draw = draw
    }

    /// The next word (after exhaustion it keeps returning words of the last block).
    @inline(__always)
    mutating func next() -> UInt64 {
        if hasPending {
            hasPending = false
            return pending
        }
        let (w0, w1) = key.words(block: block, attempt: attempt, draw: draw)
        if attempt == UInt32.max { isExhausted = true } else { attempt &+= 1 }
        switch pairedHalf {
        case 0: return w0
        case 1: return w1
        default:
            pending = w1
            hasPending = true
            return w0
        }
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
