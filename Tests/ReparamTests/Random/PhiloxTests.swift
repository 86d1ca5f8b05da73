import XCTest
@testable import Reparam

/// Philox-4x32-10 against the known-answer vectors of the Random123
/// distribution (tests/kat_vectors, lines "philox4x32 10 …": counter, key, output).
final class PhiloxTests: XCTestCase {
    func testKnownAnswerZeros() {
        let out = Philox4x32.block(counter: (0, 0, 0, 0), key: (0, 0))
        XCTAssertEqual([out.0, out.1, out.2, out.3], [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8])
    }

    func testKnownAnswerOnes() {
        let m = UInt32.max
        let out = Philox4x32.block(counter: (m, m, m, m), key: (m, m))
        XCTAssertEqual([out.0, out.1, out.2, out.3], [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd])
    }

    func testKnownAnswerPi() {
        let out = Philox4x32.block(counter: (0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344),
                                   key: (0xa409_3822, 0x299f_31d0))
        XCTAssertEqual([out.0, out.1, out.2, out.3], [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1])
    }

    /// The stream's key is the seed (low word k0) and its counter places block, draw and attempt as documented.
    func testCounterLayout() {
        let seed: UInt64 = 0x299f_31d0_a409_3822
        let key = PhiloxKey(seed: seed)
        let block: UInt64 = 0x85_243f_6a88, draw: UInt64 = 0x12_3456_1319_8a2e
        let (w0, w1) = key.words(block: block, attempt: 0x0370_7344, draw: draw)
        let out = Philox4x32.block(counter: (0x243f_6a88, 0x85 | 0x12_3456 << 8, 0x1319_8a2e, 0x0370_7344),
                                   key: (0xa409_3822, 0x299f_31d0))
        XCTAssertEqual(w0, UInt64(out.0) | UInt64(out.1) << 32)
        XCTAssertEqual(w1, UInt64(out.2) | UInt64(out.3) << 32)
    }

    /// Both ways of computing four blocks give, lane by lane, the scalar blocks (also across the 2^32 block boundary and for large draws).
    func testFourLaneBlocksMatchScalarBlocks() {
        let key = PhiloxKey(seed: 0xDEAD_BEEF_0123_4567)
        for (firstBlock, attempt, draw) in [(UInt64(0), UInt32(0), UInt64(0)), (1 << 32 - 2, 5, 77), (0xAB_FFFF_FFFE, .max, 1 << 56 - 1)] {
            let lanes = key.words4Lanes(firstBlock: firstBlock, attempt: attempt, draw: draw)
            let oneByOne = key.words4OneByOne(firstBlock: firstBlock, attempt: attempt, draw: draw)
            for (name, first, second) in [("lanes", lanes.first, lanes.second), ("one by one", oneByOne.first, oneByOne.second)] {
                for lane in 0..<4 {
                    let (w0, w1) = key.words(block: firstBlock + UInt64(lane), attempt: attempt, draw: draw)
                    XCTAssertEqual(first[lane], w0, "\(name): block \(firstBlock) + \(lane)")
                    XCTAssertEqual(second[lane], w1, "\(name): block \(firstBlock) + \(lane)")
                }
            }
        }
    }

    func testOpenUnitIntervalEnds() {
        XCTAssertEqual(openUnitInterval(0), 0x1p-54)
        XCTAssertEqual(openUnitInterval(UInt64.max), 1 - 0x1p-53)
        XCTAssertEqual(openUnitInterval(1 << 63), 0.5)
        XCTAssertLessThan(openUnitInterval(UInt64.max), 1)
    }

    /// R and V close the ziggurats: V = R f(R) + ∫_R^∞ f, and the top layer has area V.
    func testZigguratConstantsCloseTheLayers() {
        let normal = ZigguratTable.normal
        let r = normal.tailStart
        let v = normal.edge[0] * exp(-0.5 * r * r)
        assertRelative(v, r * exp(-0.5 * r * r) + (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot()), 1e-14)
        let top = normal.edge[255]
        assertRelative(top * (1 - exp(-0.5 * top * top)), v, 1e-11)

        let exponential = ZigguratTable.exponential
        let re = exponential.tailStart
        let ve = exponential.edge[0] * exp(-re)
        assertRelative(ve, re * exp(-re) + exp(-re), 1e-14)
        let topE = exponential.edge[255]
        assertRelative(topE * (1 - exp(-topE)), ve, 1e-11)
    }
}
