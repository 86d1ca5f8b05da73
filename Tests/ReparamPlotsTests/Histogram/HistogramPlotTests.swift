import XCTest
@testable import ReparamPlots

final class HistogramPlotTests: XCTestCase {
    let samples = TestData.nearNormal(count: 2000, mean: 2, standardDeviation: 5)
    var options: HistogramOptions {
        HistogramOptions(title: "Normal(2, 5): 2000 samples", density: TestData.normalDensity(mean: 2, standardDeviation: 5),
                         densityLabel: "Normal(2, 5)", exactMean: 2, exactStandardDeviation: 5)
    }

    func testGoldenSizesAndCharsets() {
        for charset in PlotCharset.allCases {
            for (width, height) in [(80, 24), (44, 14), (20, 6)] {
                let style = PlotStyle(width: width, height: height, charset: charset)
                let lines = HistogramPlot.render(samples, options: options, style: style)
                assertFits(lines, width: width, height: height, "\(charset) \(width)x\(height)")
                assertGolden(lines, "histogram-\(charset)-\(width)x\(height)")
            }
        }
    }

    func testGoldenCountsWithFixedBinsClippingAndDroppedValues() {
        // Cauchy quantiles: tan(π(u − 1/2)) on a grid, plus values that must be dropped.
        let cauchy = (0..<999).map { tan(Double.pi * ((Double($0) + 0.5) / 999 - 0.5)) } + [.nan, .infinity]
        let style = PlotStyle(width: 60, height: 16, charset: .unicode)
        let clipped = HistogramPlot.render(cauchy, options: HistogramOptions(title: "Cauchy(0, 1)", bins: 15, scale: .count, clipTail: 0.05), style: style)
        assertFits(clipped, width: 60, height: 16)
        assertGolden(clipped, "histogram-counts-clipped")
        XCTAssertTrue(clipped.contains { $0.contains("dropped 2 non-finite values") })
        XCTAssertTrue(clipped.contains { $0.contains("15 bins") })
        XCTAssertTrue(clipped.contains { $0.contains("100 values outside the 5%–95% quantiles not shown") })
    }

    func testGoldenColor() {
        let lines = HistogramPlot.render(samples, options: options, style: PlotStyle(width: 40, height: 12, charset: .braille, color: true))
        assertFits(lines, width: 40, height: 12)
        XCTAssertTrue(lines.joined().contains("\u{1B}[34m"))
        assertGolden(lines, "histogram-color-40x12")
    }

    func testTooSmallSaysSoInOneLine() {
        let lines = HistogramPlot.render(samples, options: options, style: PlotStyle(width: 12, height: 4))
        XCTAssertEqual(lines, ["(plot needs at least 20x6, have 12x4)"])
        assertGolden(HistogramPlot.render(samples, style: PlotStyle(width: 19, height: 30, charset: .unicode)), "histogram-too-small")
    }

    func testEveryLineFitsAtManySizes() {
        for charset in PlotCharset.allCases {
            for width in stride(from: 20, through: 100, by: 9) {
                for height in stride(from: 6, through: 30, by: 5) {
                    let style = PlotStyle(width: width, height: height, charset: charset)
                    assertFits(HistogramPlot.render(samples, options: options, style: style), width: width, height: height, "\(charset) \(width)x\(height)")
                }
            }
        }
    }

    func testBadInputsGiveOneClearLine() {
        XCTAssertEqual(HistogramPlot.render([], style: PlotStyle()), ["(no samples to plot)"])
        XCTAssertEqual(HistogramPlot.render([.nan, .infinity], style: PlotStyle()), ["(no finite samples to plot: 2 non-finite)"])
        XCTAssertEqual(HistogramPlot.render([1, 2], options: HistogramOptions(bins: 0)).count, 1)
        XCTAssertEqual(HistogramPlot.render([1, 2], options: HistogramOptions(clipTail: 0.7)).count, 1)
        XCTAssertEqual(HistogramPlot.render([1, 2], options: HistogramOptions(range: 1...1)).count, 1)
        // A single repeated value is drawn around the value, not as a crash or an empty plot.
        let constant = HistogramPlot.render([3, 3, 3], style: PlotStyle(width: 30, height: 8))
        XCTAssertTrue(constant.contains { $0.contains("#") })
    }

    /// The overlay's highest '*' is on the row whose tick label is nearest the density's peak,
    /// 1/(5√(2π)) = 0.0798, and in the column of x = 2 (its mode).
    func testDensityPeakIsDrawnAtThePeakRowAndColumn() {
        let style = PlotStyle(width: 80, height: 24, charset: .ascii)
        let lines = HistogramPlot.render(samples, options: options, style: style)
        let topRow = lines.firstIndex { $0.contains("*") && !$0.contains("Normal") }!
        let labelled = lines.enumerated().compactMap { index, line -> (row: Int, value: Double)? in
            guard let bar = line.firstIndex(of: "+") else { return nil }
            return Double(line[..<bar].trimmingCharacters(in: .whitespaces)).map { (index, $0) }
        }
        let peak = 1 / (5 * (2 * Double.pi).squareRoot())
        let nearest = labelled.min { abs($0.value - peak) < abs($1.value - peak) }!
        // The tick step here is 0.01 over rows two apart: the peak may sit one row off the tick.
        XCTAssertLessThanOrEqual(abs(topRow - nearest.row), 1, "peak row \(topRow), tick \(nearest.value) at \(nearest.row)")
        // Column → x through the x tick labels' positions.
        let axisLine = lines.first { $0.contains("+--") }!
        let tickColumns = axisLine.enumerated().filter { $0.element == "+" }.map(\.offset).dropFirst()
        let tickLabels = lines[lines.firstIndex(of: axisLine)! + 1].split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual(tickColumns.count, tickLabels.count)
        let (c0, c1) = (Double(tickColumns.first!), Double(tickColumns.last!))
        let (x0, x1) = (tickLabels.first!, tickLabels.last!)
        let peakColumns = lines[topRow].enumerated().filter { $0.element == "*" }.map { Double($0.offset) }
        let peakX = x0 + (peakColumns.reduce(0, +) / Double(peakColumns.count) - c0) * (x1 - x0) / (c1 - c0)
        XCTAssertEqual(peakX, 2, accuracy: 1.0, "one column is 0.4 wide; the flat top spans a few")
    }

    func testCountScaleBarsMatchTheCounts() {
        // 40 values in [0, 1): 10 per quarter, so four equal bars of height 10.
        let values = (0..<40).map { Double($0) / 40 }
        let lines = HistogramPlot.render(values, options: HistogramOptions(bins: 4, scale: .count, range: 0...1),
                                         style: PlotStyle(width: 30, height: 12))
        let barRows = lines.filter { $0.contains("#") && !$0.contains("samples") }
        XCTAssertFalse(barRows.isEmpty)
        // Every bar row is full across all four bins: equal counts give equal heights.
        let widths = Set(barRows.map { $0.filter { $0 == "#" }.count })
        XCTAssertEqual(widths.count, 1)
        // The top bar row is the row labelled 10.
        let top = lines.firstIndex { $0.contains("#") }!
        XCTAssertTrue(lines[top].trimmingCharacters(in: .whitespaces).hasPrefix("10"), lines[top])
    }

    func testEnvironmentStyle() {
        let utf8 = PlotStyle.fromEnvironment(isTerminal: true, environment: ["LANG": "en_US.UTF-8"])
        XCTAssertEqual(utf8.charset, .braille)
        XCTAssertTrue(utf8.color)
        XCTAssertFalse(PlotStyle.fromEnvironment(isTerminal: true, environment: ["LANG": "C.utf8", "NO_COLOR": "1"]).color)
        XCTAssertFalse(PlotStyle.fromEnvironment(isTerminal: false, environment: ["LANG": "C.UTF-8"]).color)
        XCTAssertEqual(PlotStyle.fromEnvironment(isTerminal: true, environment: ["LANG": "en_US.UTF-8", "LC_ALL": "C"]).charset, .ascii)
        XCTAssertEqual(PlotStyle.fromEnvironment(isTerminal: true, environment: [:]).charset, .ascii)
        XCTAssertTrue(PlotStyle.fromEnvironment(isTerminal: true, environment: ["NO_COLOR": ""]).color)
    }
}
