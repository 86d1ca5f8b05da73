/// The Philox-4x32-10 block function (Salmon, Moraes, Dror & Shaw, "Parallel
/// random numbers: as easy as 1, 2, 3", SC 2011).
///
/// A keyed bijection of 128-bit counters: ten rounds of
///
///     (c0, c1, c2, c3) ← (hi(M1·c2) ⊕ c1 ⊕ k0, lo(M1·c2), hi(M0·c0) ⊕ c3 ⊕ k1, lo(M0·c0))
///
/// with the key bumped by the Weyl constants (W0, W1) between rounds. Distinct
/// counters under one key give independent-looking 128-bit blocks, so any
/// number in a stream can be computed directly from its position.
///
///     let block = Philox4x32.block(counter: (0, 0, 0, 0), key: (0, 0))
///     // (0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8), the Random123 known answer
enum Philox4x32 {
    static let multiplier0: UInt64 = 0xD251_1F53
    static let multiplier1: UInt64 = 0xCD9E_8D57
    static let weyl0: UInt32 = 0x9E37_79B9
    static let weyl1: UInt32 = 0xBB67_AE85

    /// The ten-round block of `counter` under `key`.
    @inline(__always)
    static func block(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32))
        -> (UInt32, UInt32, UInt32, UInt32)
    {
        var (c0, c1, c2, c3) = counter
        var (k0, k1) = key
        @inline(__always) func round() {
            let product0 = UInt64(c0) &* multiplier0
            let product1 = UInt64(c2) &* multiplier1
            let next0 = UInt32(truncatingIfNeeded: product1 >> 32) ^ c1 ^ k0
            let next2 = UInt32(truncatingIfNeeded: product0 >> 32) ^ c3 ^ k1
            c1 = UInt32(truncatingIfNeeded: product1)
            c3 = UInt32(truncatingIfNeeded: product0)
            c0 = next0
            c2 = next2
        }
        round()
        for _ in 1..<10 {
            k0 &+= weyl0
            k1 &+= weyl1
            round()
        }
        return (c0, c1, c2, c3)
    }

    /// Four 32-bit words in the low halves of 64-bit lanes.
    typealias Lanes = SIMD4<UInt64>

    /// Four blocks at once, lane by lane the same as `block`: each counter word
    /// and each result holds a 32-bit value in a 64-bit lane.
    ///
    /// 64-bit lanes let the 32×32→64-bit products map onto SSE2's `pmuludq`
    /// (two per instruction), about twice the scalar throughput. The rounds are
    /// written out so that the compiler sees the high halves stay zero.
    @inline(__always)
    static func blocks(counter: (Lanes, Lanes, Lanes, Lanes), key: (UInt32, UInt32)) -> (Lanes, Lanes, Lanes, Lanes) {
        let low = Lanes(repeating: 0xFFFF_FFFF)
        var c0 = counter.0 & low, c1 = counter.1 & low, c2 = counter.2 & low, c3 = counter.3 & low
        var k0 = key.0, k1 = key.1
        @inline(__always) func round() {
            let product0 = c0 &* Lanes(repeating: multiplier0)
            let product1 = c2 &* Lanes(repeating: multiplier1)
            let next0 = (product1 &>> 32) ^ c1 ^ Lanes(repeating: UInt64(k0))
            let next2 = (product0 &>> 32) ^ c3 ^ Lanes(repeating: UInt64(k1))
            c1 = product1 & low
            c3 = product0 & low
            c0 = next0
            c2 = next2
        }
        @inline(__always) func bumpKey() {
            k0 &+= weyl0
            k1 &+= weyl1
        }
        round(); bumpKey(); round(); bumpKey(); round(); bumpKey(); round(); bumpKey(); round(); bumpKey()
        round(); bumpKey(); round(); bumpKey(); round(); bumpKey(); round(); bumpKey(); round()
        return (c0, c1, c2, c3)
    }
}
