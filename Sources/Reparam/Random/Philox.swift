/// The Philox-4x32-10 block function (Salmon, Moraes, Dror & Shaw, "Parallel
/// random numbers: as easy as 1, 2, 3", SC 2011).
///
/// A keyed bijection of 128-bit counters: ten rounds of
///
///     (c0, c1, c2, c3) ← (hi(M1·c2) ⊕ c1 ⊕ k0, lo(M1·c2), hi(M0·c0) ⊕ c3 ⊕ k1, lo(M0·c0))
///
/// with M0 = 0xD2511F53, M1 = 0xCD9E8D57, and round r (0…9) keyed by
/// (k0 + r·W0, k1 + r·W1) mod 2³², W0 = 0x9E3779B9, W1 = 0xBB67AE85. Distinct
/// counters under one key give independent-looking 128-bit blocks, so any
/// number in a stream can be computed directly from its position.
///
///     let block = Philox4x32.block(counter: (0, 0, 0, 0), key: (0, 0))
///     // (0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8), the Random123 known answer
enum Philox4x32 {
    /// The ten-round block of `counter` under `key`.
    ///
    /// The round keys are spelled out and the rounds are pure functions over
    /// tuples, without captured state, so that unoptimized (debug) builds stay
    /// fast enough for statistical tests.
    @inline(__always)
    static func block(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32))
        -> (UInt32, UInt32, UInt32, UInt32)
    {
        let (k0, k1) = key
        var c = round(counter, k0, k1)
        c = round(c, k0 &+ 0x9E37_79B9, k1 &+ 0xBB67_AE85)
        c = round(c, k0 &+ 0x3C6E_F372, k1 &+ 0x76CF_5D0A)
        c = round(c, k0 &+ 0xDAA6_6D2B, k1 &+ 0x3237_0B8F)
        c = round(c, k0 &+ 0x78DD_E6E4, k1 &+ 0xED9E_BA14)
        c = round(c, k0 &+ 0x1715_609D, k1 &+ 0xA906_6899)
        c = round(c, k0 &+ 0xB54C_DA56, k1 &+ 0x646E_171E)
        c = round(c, k0 &+ 0x5384_540F, k1 &+ 0x1FD5_C5A3)
        c = round(c, k0 &+ 0xF1BB_CDC8, k1 &+ 0xDB3D_7428)
        c = round(c, k0 &+ 0x8FF3_4781, k1 &+ 0x96A5_22AD)
        return c
    }

    /// One Philox round under the round key (k0, k1).
    @inline(__always)
    static func round(_ c: (UInt32, UInt32, UInt32, UInt32), _ k0: UInt32, _ k1: UInt32) -> (UInt32, UInt32, UInt32, UInt32) {
        let product0 = UInt64(c.0) &* 0xD251_1F53
        let product1 = UInt64(c.2) &* 0xCD9E_8D57
        return (UInt32(truncatingIfNeeded: product1 &>> 32) ^ c.1 ^ k0,
                UInt32(truncatingIfNeeded: product1),
                UInt32(truncatingIfNeeded: product0 &>> 32) ^ c.3 ^ k1,
                UInt32(truncatingIfNeeded: product0))
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
        let k0 = UInt64(key.0), k1 = UInt64(key.1)
        var c = (counter.0 & low, counter.1 & low, counter.2 & low, counter.3 & low)
        c = round(c, k0, k1)
        c = round(c, (k0 &+ 0x9E37_79B9) & 0xFFFF_FFFF, (k1 &+ 0xBB67_AE85) & 0xFFFF_FFFF)
        c = round(c, (k0 &+ 0x3C6E_F372) & 0xFFFF_FFFF, (k1 &+ 0x76CF_5D0A) & 0xFFFF_FFFF)
        c = round(c, (k0 &+ 0xDAA6_6D2B) & 0xFFFF_FFFF, (k1 &+ 0x3237_0B8F) & 0xFFFF_FFFF)
        c = round(c, (k0 &+ 0x78DD_E6E4) & 0xFFFF_FFFF, (k1 &+ 0xED9E_BA14) & 0xFFFF_FFFF)
        c = round(c, (k0 &+ 0x1715_609D) & 0xFFFF_FFFF, (k1 &+ 0xA906_6899) & 0xFFFF_FFFF)
        c = round(c, (k0 &+ 0xB54C_DA56) & 0xFFFF_FFFF, (k1 &+ 0x646E_171E) & 0xFFFF_FFFF)
        c = round(c, (k0 &+ 0x5384_540F) & 0xFFFF_FFFF, (k1 &+ 0x1FD5_C5A3) & 0xFFFF_FFFF)
        c = round(c, (k0 &+ 0xF1BB_CDC8) & 0xFFFF_FFFF, (k1 &+ 0xDB3D_7428) & 0xFFFF_FFFF)
        c = round(c, (k0 &+ 0x8FF3_4781) & 0xFFFF_FFFF, (k1 &+ 0x96A5_22AD) & 0xFFFF_FFFF)
        return c
    }

    /// One Philox round on four lanes under the round key (k0, k1) < 2³².
    @inline(__always)
    static func round(_ c: (Lanes, Lanes, Lanes, Lanes), _ k0: UInt64, _ k1: UInt64) -> (Lanes, Lanes, Lanes, Lanes) {
        let low = Lanes(repeating: 0xFFFF_FFFF)
        let product0 = c.0 &* Lanes(repeating: 0xD251_1F53)
        let product1 = c.2 &* Lanes(repeating: 0xCD9E_8D57)
        return ((product1 &>> 32) ^ c.1 ^ Lanes(repeating: k0),
                product1 & low,
                (product0 &>> 32) ^ c.3 ^ Lanes(repeating: k1),
                product0 & low)
    }
}
