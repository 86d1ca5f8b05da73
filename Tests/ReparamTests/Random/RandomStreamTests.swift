import XCTest
@testable import Reparam

/// Determinism of the streams: thread count, draws, seeds, prefixes, splits.
final class RandomStreamTests: XCTestCase {
    typealias Fill = @Sendable (inout RandomStream, UnsafeMutableBufferPointer<Double>) -> Void

    static let kernels: [(String, Fill)] = [
        ("uniform", { $0.fillUniform($1) }),
        ("normal", { $0.fillNormal($1) }),
        ("exponential", { $0.fillExponential($1) }),
    ]

    func draw(_ fill: Fill, seed: UInt64, drawCount: UInt64 = 0, count: Int) -> [Double] {
        var stream = RandomStream(seed: seed, drawCount: drawCount)
        var out = [Double](repeating: .nan, count: count)
        out.withUnsafeMutableBufferPointer { fill(&stream, $0) }
        XCTAssertEqual(stream.drawCount, drawCount + 1)
        return out
    }

    func bits(_ xs: [Double]) -> [UInt64] { xs.map(\.bitPattern) }

    func testSameNumbersForAnyThreadCount() {
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        let count = 120_001
        for (name, fill) in Self.kernels {
            Parallel.threadCount = 1
            let single = draw(fill, seed: 7, drawCount: 3, count: count)
            XCTAssertFalse(single.contains { $0.isNaN }, name)
            for threads in [2, 3] {
                Parallel.threadCount = threads
                XCTAssertEqual(bits(draw(fill, seed: 7, drawCount: 3, count: count)), bits(single), "\(name), \(threads) threads")
            }
        }
    }

    /// Element i depends only on (seed, draw, i): a short draw is the prefix of a long one.
    func testShortDrawIsPrefixOfLongDraw() {
        for (name, fill) in Self.kernels {
            let long = draw(fill, seed: 11, count: 150_001)
            for count in [1, 2, 7, 1000] {
                XCTAssertEqual(bits(draw(fill, seed: 11, count: count)), bits(Array(long[0..<count])), name)
            }
        }
    }

    /// An odd-aligned sub-range gives the same elements as the full range.
    func testOddRangeStartGivesSameElements() {
        let key = PhiloxKey(seed: 5)
        var full = [Double](repeating: 0, count: 101), part = [Double](repeating: 0, count: 101)
        full.withUnsafeMutableBufferPointer { NormalZiggurat.fill($0.baseAddress!, range: 0..<101, draw: 9, key: key) }
        part.withUnsafeMutableBufferPointer { NormalZiggurat.fill($0.baseAddress!, range: 37..<90, draw: 9, key: key) }
        XCTAssertEqual(bits(Array(part[37..<90])), bits(Array(full[37..<90])))
    }

    func testDrawsAndSeedsDiffer() {
        for (name, fill) in Self.kernels {
            let a = draw(fill, seed: 1, count: 1000)
            let b = draw(fill, seed: 1, drawCount: 1, count: 1000)
            let c = draw(fill, seed: 2, count: 1000)
            let sameDraw = zip(a, b).filter { $0 == $1 }.count
            let sameSeed = zip(a, c).filter { $0 == $1 }.count
            XCTAssertLessThanOrEqual(sameDraw, 1, name)
            XCTAssertLessThanOrEqual(sameSeed, 1, name)
        }
    }

    func testConsecutiveFillsAdvanceTheStream() {
        var stream = RandomStream(seed: 3)
        let first = stream.normal(count: 10)
        let second = stream.normal(count: 10)
        XCTAssertEqual(stream.drawCount, 2)
        XCTAssertNotEqual(first, second)
        var replay = RandomStream(seed: 3, drawCount: 1)
        XCTAssertEqual(replay.normal(count: 10), second)
        XCTAssertEqual(stream.normal(count: 0), [])
        XCTAssertEqual(stream.drawCount, 3)
    }

    func testSplitIsDeterministicAndIndependent() {
        var a = RandomStream(seed: 99), b = RandomStream(seed: 99)
        var childA = a.split(), childB = b.split()
        XCTAssertEqual(childA, childB)
        XCTAssertEqual(a.drawCount, 1)
        XCTAssertNotEqual(childA.seed, a.seed)
        let fromChild = childA.uniform(count: 1000)
        XCTAssertEqual(fromChild, childB.uniform(count: 1000))
        let fromParent = a.uniform(count: 1000)
        XCTAssertLessThanOrEqual(zip(fromChild, fromParent).filter { $0 == $1 }.count, 1)
        var grandchild = a.split()
        XCTAssertNotEqual(grandchild.seed, childA.seed)
        XCTAssertNotEqual(grandchild.uniform(count: 5), childA.uniform(count: 5))
    }

    /// An element's word sequence ends after 2^32 blocks; samplers then stop with NaN instead of looping.
    func testExhaustedWordSequenceEndsRejectionLoops() {
        let key = PhiloxKey(seed: 1)
        var words = PairedWords(element: 3, firstAttempt: .max, draw: 0, key: key)
        XCTAssertFalse(words.isExhausted)
        let last = words.next()
        XCTAssertTrue(words.isExhausted)
        XCTAssertEqual(words.next(), last)
        // A first word in the base layer beyond its rectangle needs the tail loop, which has no words left.
        XCTAssertTrue(NormalZiggurat.sampleAfterRejection(UInt64.max << 11, &words).isNaN)
        var whole = WholeBlockWords(element: 5, draw: 0, key: key)
        whole.attempt = .max
        _ = whole.next(); _ = whole.next(); _ = whole.next()
        XCTAssertTrue(whole.isExhausted)
    }
}
