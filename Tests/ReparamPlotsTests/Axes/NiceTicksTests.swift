import XCTest
@testable import ReparamPlots

final class NiceTicksTests: XCTestCase {
    func testNiceStepIsTheSmallestNiceNumberAtLeastTheRawStep() {
        let cases: [(Double, Double)] = [(0.37, 0.5), (1, 1), (1.01, 2), (2.2, 2.5), (2.6, 5), (7, 10), (0.013, 0.02), (240, 250)]
        for (raw, expected) in cases {
            XCTAssertEqual(NiceStep.atLeast(raw).value, expected, accuracy: expected * 1e-12, "raw \(raw)")
        }
        XCTAssertEqual(NiceStep.atLeast(0.5).next.value, 1, accuracy: 1e-15)
        XCTAssertEqual(NiceStep(mantissa: 2, exponent: 0).next.value, 2.5)
    }

    func testScaledMultiplesAreTheNearestDoubles() {
        let step = NiceStep(mantissa: 1, exponent: -1)
        XCTAssertEqual(step.scaled(3), 0.3)   // 3 * 0.1 would be 0.30000000000000004
        XCTAssertEqual(NiceStep(mantissa: 2.5, exponent: -2).scaled(7), 0.175)
    }

    func testLooseAxisCoversTheDataWithTicksOnItsEnds() {
        let axis = NiceTicks.loose(lower: 0, upper: 0.083, maxIntervals: 6)
        XCTAssertEqual(axis.lower, 0)
        XCTAssertEqual(axis.upper, 0.1, accuracy: 1e-15)
        XCTAssertEqual(axis.labels, ["0.00", "0.02", "0.04", "0.06", "0.08", "0.10"])
        let negative = NiceTicks.loose(lower: -3.2, upper: 7.9, maxIntervals: 5)
        XCTAssertEqual(negative.labels, ["-5", "0", "5", "10"])
        XCTAssertLessThanOrEqual(negative.ticks.count - 1, 5)
        XCTAssertLessThanOrEqual(negative.lower, -3.2)
        XCTAssertGreaterThanOrEqual(negative.upper, 7.9)
    }

    func testLooseAxisNeverExceedsTheIntervalBudget() {
        for budget in 1...12 {
            for upper in [0.7, 1, 3.3, 9.99, 10, 123, 4e-7] {
                // At least two intervals are always allowed (a range around 0 needs them).
                for lower in [0, -upper * 0.9] {
                    let axis = NiceTicks.loose(lower: lower, upper: upper, maxIntervals: budget)
                    XCTAssertLessThanOrEqual(axis.ticks.count - 1, max(2, budget), "upper \(upper) budget \(budget)")
                    XCTAssertGreaterThanOrEqual(axis.upper, upper)
                    XCTAssertLessThanOrEqual(axis.lower, lower)
                }
            }
        }
    }

    func testTightAxisKeepsTheRangeAndPutsTicksInside() {
        let axis = NiceTicks.tight(lower: -12.3, upper: 17.9, maxCount: 8) { _, _ in true }
        XCTAssertEqual(axis.lower, -12.3)
        XCTAssertEqual(axis.upper, 17.9)
        XCTAssertEqual(axis.ticks, [-10, -5, 0, 5, 10, 15])
        // A fit test that refuses more than 3 labels forces a coarser step.
        let coarse = NiceTicks.tight(lower: -12.3, upper: 17.9, maxCount: 8) { ticks, _ in ticks.count <= 3 }
        XCTAssertEqual(coarse.ticks, [-10, 0, 10])
    }

    func testDegenerateRangeIsWidenedAroundTheValue() {
        let axis = NiceTicks.tight(lower: 3, upper: 3, maxCount: 4) { _, _ in true }
        XCTAssertEqual(axis.lower, 2.7, accuracy: 1e-12)
        XCTAssertEqual(axis.upper, 3.3, accuracy: 1e-12)
        XCTAssertTrue(axis.ticks.contains(3))
    }

    func testLogAxisTicksAreDecades() {
        let axis = NiceTicks.logarithmic(lower: 0.003, upper: 45, maxIntervals: 8)
        XCTAssertEqual(axis.labels, ["0.001", "0.01", "0.1", "1", "10", "100"])
        let wide = NiceTicks.logarithmic(lower: 1e-8, upper: 1e3, maxIntervals: 4)
        XCTAssertLessThanOrEqual(wide.ticks.count - 1, 4)
        XCTAssertEqual(wide.labels.first, "1e-8")
    }

    func testTickLabelsUseTheStepsDecimalsAndShortExponents() {
        XCTAssertEqual(PlotNumberFormat.tickLabels([0, 0.25, 0.5], step: NiceStep(mantissa: 2.5, exponent: -1)), ["0.00", "0.25", "0.50"])
        XCTAssertEqual(PlotNumberFormat.tickLabels([-10, 0, 10], step: NiceStep(mantissa: 1, exponent: 1)), ["-10", "0", "10"])
        XCTAssertEqual(PlotNumberFormat.tickLabels([0, 2e-5, 4e-5], step: NiceStep(mantissa: 2, exponent: -5)), ["0", "2e-5", "4e-5"])
        XCTAssertEqual(PlotNumberFormat.tickLabels([0, 2e6, 4e6], step: NiceStep(mantissa: 2, exponent: 6)), ["0", "2e6", "4e6"])
    }

    func testSignificantDigits() {
        XCTAssertEqual(PlotNumberFormat.significant(2.01349), "2.013")
        XCTAssertEqual(PlotNumberFormat.significant(4.97), "4.97")
        XCTAssertEqual(PlotNumberFormat.significant(2), "2")
        XCTAssertEqual(PlotNumberFormat.significant(-0.000012345), "-1.234e-5")
        XCTAssertEqual(PlotNumberFormat.significant(1234567), "1.235e6")
        XCTAssertEqual(PlotNumberFormat.significant(-1e-300 * 1e-300), "0")
        XCTAssertEqual(PlotNumberFormat.significant(.nan), "nan")
        XCTAssertEqual(PlotNumberFormat.fixed(-0.0001, decimals: 2), "0.00")
    }
}
