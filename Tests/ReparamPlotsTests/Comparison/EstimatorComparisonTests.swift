import XCTest
@testable import ReparamPlots
import Reparam

final class EstimatorComparisonTests: XCTestCase {
    var spreads: [GradientSpread] {
        var generator = TestData.LCG(state: 5)
        var result: [GradientSpread] = []
        for (parameter, exact, pathwise, score) in [("alpha[0]", 0.25, 0.012, 0.31), ("alpha[1]", -0.4, 0.03, 0.5), ("rate", 1.7, 0.2, 3.1)] {
            result.append(GradientSpread(parameter: parameter, estimator: "pathwise", values: (0..<200).map { _ in exact + pathwise * generator.nearNormal() }))
            result.append(GradientSpread(parameter: parameter, estimator: "score", values: (0..<200).map { _ in exact + score * generator.nearNormal() }))
        }
        return result
    }
    let exact = ["alpha[0]": 0.25, "alpha[1]": -0.4, "rate": 1.7]

    func testGoldens() {
        for charset in [PlotCharset.ascii, .unicode] {
            for (width, height) in [(80, 24), (50, 16)] {
                let lines = EstimatorComparisonPlot.render(spreads, options: EstimatorComparisonOptions(title: "gradient of E[f], 200 repetitions", exact: exact),
                                                           style: PlotStyle(width: width, height: height, charset: charset))
                assertFits(lines, width: width, height: height)
                assertGolden(lines, "gradvar-\(charset)-\(width)x\(height)")
            }
        }
        // Shorter than the full layout (15 rows for three parameters): compact, then dense, then as many blocks as fit.
        for (height, name) in [(13, "compact"), (7, "dense"), (5, "cut")] {
            let lines = EstimatorComparisonPlot.render(spreads, options: EstimatorComparisonOptions(title: "t", exact: exact),
                                                       style: PlotStyle(width: 80, height: height))
            assertFits(lines, width: 80, height: height)
            assertGolden(lines, "gradvar-\(name)-80x\(height)")
        }
        assertGolden(EstimatorComparisonPlot.render(spreads, style: PlotStyle(width: 20, height: 10)), "gradvar-too-small")
    }

    /// gradvar's full list on a Bernoulli/Categorical variable (the score function with each baseline,
    /// the measure-valued derivative both ways, REBAR; pathwise and the delta method, which have no
    /// path there, left out as gradvar leaves them): two parameters' blocks, every name whole, within
    /// 80×24 and 200×60.
    func testTheFullDiscreteListFits() {
        var generator = TestData.LCG(state: 13)
        let estimators = [("score", 0.09), ("score+mean", 0.013), ("score+loo", 0.013), ("score+optimal", 0.003), ("mvd", 0.02),
                          ("mvd-uncoupled", 0.03), ("rebar", 0.05)]
        let exact = ["c.logits[0]": -0.18, "c.logits[1]": 0.32]
        let spreads = exact.sorted { $0.key < $1.key }.flatMap { parameter, value in
            estimators.map { name, std in
                GradientSpread(parameter: parameter, estimator: name, values: (0..<100).map { _ in value + std * generator.nearNormal() })
            }
        }
        for (width, height) in [(80, 24), (200, 60)] {
            let lines = EstimatorComparisonPlot.render(spreads, options: EstimatorComparisonOptions(title: "mean((c.sample(50) - 0.7)^2)", exact: exact),
                                                       style: PlotStyle(width: width, height: height, charset: .unicode))
            assertFits(lines, width: width, height: height)
            for (name, _) in estimators { XCTAssertEqual(lines.filter { $0.hasPrefix("  \(name) ") }.count, 2, name) }
            assertGolden(lines, "gradvar-discrete-unicode-\(width)x\(height)")
        }
    }

    /// A pane in an 80×24 terminal leaves 80×13 for pictures: lesson 2's gradvar (two parameters,
    /// four estimators: 14 rows in full) is drawn compactly, every estimator's strip present,
    /// each block's range in its header; nothing says the plot does not fit.
    func testCompactLayoutsKeepEveryEstimator() {
        var generator = TestData.LCG(state: 9)
        let estimators = ["pathwise", "implicit", "explicit", "score"]
        let spreads = ["d.loc", "d.scale"].flatMap { parameter in
            estimators.map { GradientSpread(parameter: parameter, estimator: $0, values: (0..<50).map { _ in generator.nearNormal() }) }
        }
        let lines = EstimatorComparisonPlot.render(spreads, options: EstimatorComparisonOptions(title: "mean(d.rsample(100)^2)"),
                                                   style: PlotStyle(width: 80, height: 13))
        assertFits(lines, width: 80, height: 13)
        let text = lines.joined(separator: "\n")
        XCTAssertFalse(text.contains("needs at least"), text)
        XCTAssertEqual(lines.filter { $0.hasPrefix("  ") && $0.contains("o") && $0.contains("=") }.count, 8, text)
        XCTAssertEqual(lines.filter { $0.hasPrefix("d.loc  ") || $0.hasPrefix("d.scale  ") }.count, 2, text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("d.loc  ") && $0.contains(" .. ") }, text)
        // Three rows: the first parameter's block, dense, and a line for the one left out.
        let cut = EstimatorComparisonPlot.render(spreads, style: PlotStyle(width: 80, height: 5))
        XCTAssertEqual(cut.filter { $0.contains("=") }.count, 4, cut.joined(separator: "\n"))
        XCTAssertTrue(cut.contains { $0.hasPrefix("(1 more parameter below") }, cut.joined(separator: "\n"))
    }

    /// mean ± std with n − 1, and the std ratio to the block's smallest: [−0.1, 0.1] has std
    /// 0.1√2, [−2.5, 2.5] has 2.5√2, a ratio of 25.
    func testNumbersAndRatios() {
        let lines = EstimatorComparisonPlot.render([
            GradientSpread(parameter: "p", estimator: "narrow", values: [-0.1, 0.1]),
            GradientSpread(parameter: "p", estimator: "wide", values: [-2.5, 2.5, .nan]),
        ], style: PlotStyle(width: 80, height: 12))
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("0 +- 0.141"), text)
        XCTAssertTrue(text.contains("0 +- 3.54  std x25"), text)
        XCTAssertTrue(text.contains("over 2 repetitions"), text)
        XCTAssertTrue(text.contains("non-finite estimates dropped: wide (p): 1"), text)
    }

    /// Whisker ends at the minimum and maximum, mean mark at the mean, on the block's own axis.
    func testIntervalPositions() {
        let lines = EstimatorComparisonPlot.render([GradientSpread(parameter: "p", estimator: "e", values: [0, 2, 4, 6, 8, 10])],
                                                   style: PlotStyle(width: 60, height: 8))
        let row = Array(lines.first { $0.hasPrefix("  e ") }!)
        let ends = row.indices.filter { row[$0] == "|" }
        XCTAssertEqual(ends.count, 2)
        let mean = row.firstIndex(of: "o")!
        // The strip spans [−0.5, 10.5] (5% margins): 0 and 10 are 1/22 in from each end, 5 in the middle.
        XCTAssertEqual(Double(mean - ends[0]) / Double(ends[1] - ends[0]), 0.5, accuracy: 0.05)
        let axis = Array(lines[lines.firstIndex { $0.hasPrefix("  e ") }! + 1])
        let ticks = axis.indices.filter { axis[$0] == "+" }
        let labels = lines[lines.firstIndex { $0.hasPrefix("  e ") }! + 2].split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual(ticks.count, labels.count)
        // Map the whisker ends through the axis ticks back to values: 0 and 10.
        let perColumn = (labels.last! - labels.first!) / Double(ticks.last! - ticks.first!)
        XCTAssertEqual(labels.first! + Double(ends[0] - ticks.first!) * perColumn, 0, accuracy: 1.5 * perColumn)
        XCTAssertEqual(labels.first! + Double(ends[1] - ticks.first!) * perColumn, 10, accuracy: 1.5 * perColumn)
    }

    func testEveryLineFitsAndBadInputs() {
        for charset in [PlotCharset.ascii, .unicode] {
            for width in stride(from: 30, through: 100, by: 7) {
                for height in stride(from: 15, through: 30, by: 5) {
                    assertFits(EstimatorComparisonPlot.render(spreads, options: EstimatorComparisonOptions(title: "t", exact: exact),
                                                              style: PlotStyle(width: width, height: height, charset: charset)),
                               width: width, height: height, "\(charset) \(width)x\(height)")
                }
            }
        }
        XCTAssertEqual(EstimatorComparisonPlot.render([]), ["(no estimates to compare)"])
        let empty = EstimatorComparisonPlot.render([GradientSpread(parameter: "p", estimator: "e", values: [.nan])], style: PlotStyle(width: 60, height: 10))
        XCTAssertTrue(empty.joined().contains("no finite estimates"))
    }
}
