import XCTest
@testable import Reparam

/// The one summary of a list of numbers, and the bias judgement built on it, against hand-computed values.
final class SampleSummaryTests: XCTestCase {
    func testSummaryMatchesClosedForms() {
        let summary = SampleSummary([1, 2, 3, 4, .nan, .infinity])
        XCTAssertEqual(summary.count, 4)
        XCTAssertEqual(summary.nonFinite, 2)
        XCTAssertEqual(summary.mean, 2.5)
        XCTAssertEqual(summary.standardDeviation, (5.0 / 3).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(summary.variance, 5.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(summary.standardError, (5.0 / 3).squareRoot() / 2, accuracy: 1e-15)
        XCTAssertEqual(summary.minimum, 1)
        XCTAssertEqual(summary.maximum, 4)
        // Large offset: the two-pass variance keeps full accuracy (Σx² − n·mean² would not).
        let shifted = SampleSummary([1e9 + 1, 1e9 + 2, 1e9 + 3])
        XCTAssertEqual(shifted.standardDeviation, 1, accuracy: 1e-12)
        XCTAssertTrue(SampleSummary([.nan]).standardError.isNaN)
    }

    /// Estimates 1, 2, 3, 4 against an exact 2: bias 0.5, SE √(5/3)/2 ≈ 0.645,
    /// MSE = mean of (−1, 0, 1, 2)² = 6/4 = 1.5 (= bias² + s²·3/4 = 0.25 + 1.25).
    func testBiasStandardErrorAndMeanSquaredError() {
        let spread = GradientSpread(parameter: "loc", estimator: "score", values: [1, 2, 3, 4])
        let judged = spread.judged(against: 2)
        XCTAssertEqual(judged.bias, 0.5, accuracy: 1e-15)
        XCTAssertEqual(judged.biasStandardError, (5.0 / 3).squareRoot() / 2, accuracy: 1e-15)
        XCTAssertEqual(judged.meanSquaredError, 1.5, accuracy: 1e-15)
        XCTAssertTrue(judged.looksUnbiased)
        // 4 SE ≈ 2.58: an exact value of −1 is 3.5 away from the mean, −1.5 is 4 away.
        XCTAssertTrue(spread.judged(against: -0.08).looksUnbiased)
        XCTAssertFalse(spread.judged(against: -1.5).looksUnbiased)
    }
}
