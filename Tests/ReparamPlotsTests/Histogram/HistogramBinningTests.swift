import XCTest
@testable import ReparamPlots

final class HistogramBinningTests: XCTestCase {
    func testCountsSumToTheFiniteSamplesAndEdgesAreIncluded() {
        let samples = TestData.nearNormal(count: 10_007, mean: 1, standardDeviation: 2) + [.nan, -.infinity]
        let bins = samples.withUnsafeBufferPointer { HistogramBinning.count($0, lower: -2, upper: 4, bins: 13) }
        XCTAssertEqual(bins.counts.reduce(0, +) + bins.below + bins.above, 10_007)
        XCTAssertEqual(bins.total, 10_007)
        XCTAssertEqual(bins.below, samples.filter { $0.isFinite && $0 < -2 }.count)
        XCTAssertEqual(bins.above, samples.filter { $0.isFinite && $0 > 4 }.count)
        // Each bin agrees with a direct count of its half-open interval (the last one closed).
        for index in 0..<13 {
            let low = -2 + 6 * Double(index) / 13, high = -2 + 6 * Double(index + 1) / 13
            let direct = samples.filter { $0 >= low && ($0 < high || (index == 12 && $0 <= high)) }.count
            XCTAssertEqual(bins.counts[index], direct, accuracy: 1, "bin \(index)")   // ±1: edge rounding
        }
        let edges = [0.0, 1, 0.5].withUnsafeBufferPointer { HistogramBinning.count($0, lower: 0, upper: 1, bins: 2) }
        XCTAssertEqual(edges.counts, [1, 2])
    }

    func testDensityIntegratesToTheFractionInside() {
        let samples = TestData.nearNormal(count: 5000, mean: 0, standardDeviation: 1)
        let bins = samples.withUnsafeBufferPointer { HistogramBinning.count($0, lower: -1, upper: 1, bins: 10) }
        let integral = (0..<10).map { bins.density($0) * bins.binWidth }.reduce(0, +)
        XCTAssertEqual(integral, Double(bins.total - bins.below - bins.above) / Double(bins.total), accuracy: 1e-12)
    }

    func testFreedmanDiaconisAndSturges() {
        // h = 2 · 1.349 · 1000^(−1/3) = 0.2698; 6.5 / h = 24.09 → 25 bins.
        XCTAssertEqual(HistogramBinning.ruleBinCount(count: 1000, interquartileRange: 1.349, span: 6.5, maximum: 100), 25)
        XCTAssertEqual(HistogramBinning.ruleBinCount(count: 1000, interquartileRange: 1.349, span: 6.5, maximum: 20), 20)
        // IQR 0: Sturges, ⌈log₂ 1000⌉ + 1 = 11.
        XCTAssertEqual(HistogramBinning.ruleBinCount(count: 1000, interquartileRange: 0, span: 6.5, maximum: 100), 11)
        XCTAssertEqual(HistogramBinning.ruleBinCount(count: 1, interquartileRange: 0, span: 0, maximum: 100), 1)
        XCTAssertEqual(HistogramBinning.ruleBinCount(count: 1000, interquartileRange: 1e-300, span: 1e300, maximum: 70), 70)
        // A two-mode sample: the IQR spans the gap (4), h = 0.8 gives ⌈7 / 0.8⌉ = 9 bins; the floor
        // ⌈2 · 1000^(1/3)⌉ = 20 (Rice) resolves each mode.
        XCTAssertEqual(HistogramBinning.ruleBinCount(count: 1000, interquartileRange: 4, span: 7, maximum: 100), 20)
        XCTAssertEqual(HistogramBinning.ruleBinCount(count: 100_000, interquartileRange: 4, span: 7, maximum: 200), 93)
    }

    func testApproximateQuantilesOfALargeGrid() {
        // 0, 1, …, 199,999 in a scrambled order: the stride sample still sees the whole range.
        let n = 200_000
        let grid = (0..<n).map { Double(($0 * 7919) % n) }
        let quantiles = grid.withUnsafeBufferPointer {
            HistogramBinning.approximateQuantiles($0, probabilities: [0.25, 0.5, 0.75, 0.001])
        }
        for (quantile, expected) in zip(quantiles, [0.25, 0.5, 0.75, 0.001]) {
            XCTAssertEqual(quantile / Double(n), expected, accuracy: 0.01)
        }
        let small = [4.0, 1, 3, 2, .nan].withUnsafeBufferPointer {
            HistogramBinning.approximateQuantiles($0, probabilities: [0, 0.5, 1])
        }
        XCTAssertEqual(small, [1, 2.5, 4])
    }
}
