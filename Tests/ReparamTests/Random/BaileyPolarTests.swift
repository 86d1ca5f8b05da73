import XCTest
@testable import Reparam

/// Bailey's polar Student-t sampler (`RandomStream.fillStudentT`) against the exact law.
final class BaileyPolarTests: XCTestCase {
    static let degrees: [Double] = [0.05, 0.3, 1, 3, 30, 1e4, 1e300]

    func draws(_ n: Int, df: [Double], seed: UInt64) -> [Double] {
        var stream = RandomStream(seed: seed)
        var out = [Double](repeating: .nan, count: n)
        df.withUnsafeBufferPointer { df in out.withUnsafeMutableBufferPointer { stream.fillStudentT($0, df: df) } }
        return out
    }

    /// Kolmogorov–Smirnov against the Student-t CDF (`studentTCDF`) at the 0.1% level, ν from 0.05 to 1e300.
    func testKolmogorovSmirnovAgainstTheCDF() {
        for (offset, nu) in Self.degrees.enumerated() {
            let n = 50_000
            let t = draws(n, df: [nu], seed: 1600 + UInt64(offset))
            XCTAssertFalse(t.contains { $0.isNaN }, "ν = \(nu)")
            let d = kolmogorovSmirnov(t, cdf: { studentTCDF($0, df: nu) })
            XCTAssertLessThan(d, ksCritical(n), "ν = \(nu)")
        }
    }

    /// One ν shared or one per element give the same numbers where the ν agree (the layout never
    /// changes an element's words).
    func testSharedAndPerElementDegreesGiveTheSameDraws() {
        let n = 1000
        let shared = draws(n, df: [2.5], seed: 77)
        let perElement = draws(n, df: [Double](repeating: 2.5, count: n), seed: 77)
        XCTAssertEqual(shared, perElement)
        let mixed = draws(n, df: (0..<n).map { $0 % 2 == 0 ? 2.5 : 7 }, seed: 77)
        for i in stride(from: 0, to: n, by: 2) { XCTAssertEqual(mixed[i], shared[i], "element \(i)") }
    }

    /// Draws beyond the largest double are ±∞ (ν = 0.01: P(|t| > 1.8e308) ≈ 8e-4), never NaN;
    /// invalid ν gives NaN.
    func testHeavyTailsAndInvalidDegrees() {
        let t = draws(100_000, df: [0.01], seed: 5)
        XCTAssertFalse(t.contains { $0.isNaN })
        let infinite = Double(t.filter { $0.isInfinite }.count) / 1e5
        XCTAssertGreaterThan(infinite, 2e-4)
        XCTAssertLessThan(infinite, 2e-3)
        XCTAssertTrue(draws(8, df: [-1], seed: 5).allSatisfy { $0.isNaN })
        XCTAssertTrue(draws(8, df: [], seed: 5).allSatisfy { $0.isNaN })
    }
}
