import XCTest
@testable import ReparamPlots

final class LinePlotTests: XCTestCase {
    /// A loss trace: 2·0.98^t + 0.05 with a little deterministic noise.
    var loss: LineSeries {
        var generator = TestData.LCG(state: 3)
        return LineSeries(name: "loss", y: (0..<300).map { 2 * pow(0.98, Double($0)) + 0.05 + 0.02 * generator.uniform() })
    }

    var parameterTraces: ([LineSeries], LinePlotOptions) {
        let mu = (0..<200).map { 2 - 5 * pow(0.97, Double($0)) }
        let sigma = (0..<200).map { 0.5 + 2 * pow(0.95, Double($0)) }
        return ([LineSeries(name: "mu", y: mu), LineSeries(name: "sigma", y: sigma)],
                LinePlotOptions(title: "parameters", references: [
                    ReferenceLine(name: "mu target", y: 2, seriesIndex: 0), ReferenceLine(name: "sigma target", y: 0.5, seriesIndex: 1)]))
    }

    var densities: [LineSeries] {
        [(0.0, 1.0), (1, 0.5), (-1, 2)].map { mean, sd in
            LineSeries(name: "Normal(\(PlotNumberFormat.significant(mean)), \(PlotNumberFormat.significant(sd)))",
                       function: TestData.normalDensity(mean: mean, standardDeviation: sd), over: -5...5)
        }
    }

    func testGoldens() {
        for charset in PlotCharset.allCases {
            for (width, height) in [(60, 16), (24, 7)] {
                let style = PlotStyle(width: width, height: height, charset: charset)
                let trace = LinePlot.render([loss], options: LinePlotOptions(title: "loss", logY: true), style: style)
                assertFits(trace, width: width, height: height)
                assertGolden(trace, "line-loss-log-\(charset)-\(width)x\(height)")
            }
            let (series, options) = parameterTraces
            let style = PlotStyle(width: 70, height: 18, charset: charset)
            let parameters = LinePlot.render(series, options: options, style: style)
            assertFits(parameters, width: 70, height: 18)
            assertGolden(parameters, "line-parameters-\(charset)-70x18")
            let several = LinePlot.render(densities, options: LinePlotOptions(title: "three densities"), style: PlotStyle(width: 72, height: 20, charset: charset))
            assertFits(several, width: 72, height: 20)
            assertGolden(several, "line-densities-\(charset)-72x20")
        }
        assertGolden(LinePlot.render([loss], style: PlotStyle(width: 19, height: 5)), "line-too-small")
        let colored = LinePlot.render(densities, style: PlotStyle(width: 50, height: 12, charset: .braille, color: true))
        assertFits(colored, width: 50, height: 12)
        assertGolden(colored, "line-densities-color-50x12")
    }

    func testEveryLineFitsAtManySizes() {
        let (series, options) = parameterTraces
        for charset in PlotCharset.allCases {
            for width in stride(from: 20, through: 100, by: 11) {
                for height in stride(from: 6, through: 30, by: 6) {
                    let lines = LinePlot.render(series, options: options, style: PlotStyle(width: width, height: height, charset: charset))
                    assertFits(lines, width: width, height: height, "\(charset) \(width)x\(height)")
                }
            }
        }
    }

    /// A constant series sits on the row of its tick; a reference line on its own value's row.
    func testValuesLandOnTheirTickRows() {
        let flat = LineSeries(name: "c", y: Array(repeating: 3, count: 50))
        let lines = LinePlot.render([flat], options: LinePlotOptions(references: [ReferenceLine(name: "one", y: 1)], yRange: 0...4),
                                    style: PlotStyle(width: 40, height: 12))
        let row = { (label: String) in lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + " +") }! }
        XCTAssertTrue(lines[row("3")].contains("******"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines[row("1")].contains("- - -"))
        XCTAssertEqual(lines.filter { $0.contains("*") && !$0.contains(" c") }.count, 1)
    }

    /// sin on [0, π] peaks at π/2: the highest mark is in the middle column of the area.
    func testPeakColumnOfAFunction() {
        let lines = LinePlot.render([LineSeries(name: "sin", function: sin, over: 0...Double.pi)], style: PlotStyle(width: 61, height: 15))
        let top = lines.firstIndex { $0.contains("*") }!
        let axisLine = lines.first { $0.contains("+--") }!
        let areaStart = Double(axisLine.firstIndex(of: "+")!.utf16Offset(in: axisLine) + 1)
        let areaWidth = Double(axisLine.count) - areaStart
        let marks = lines[top].enumerated().filter { $0.element == "*" }.map { Double($0.offset) }
        let middle = (marks.reduce(0, +) / Double(marks.count) - areaStart + 0.5) / areaWidth
        XCTAssertEqual(middle, 0.5, accuracy: 1.5 / areaWidth)
    }

    func testLogAxisPutsDecadesOnTheirRows() {
        let series = LineSeries(name: "p", x: [0, 1, 2, 3], y: [1e-3, 1e-2, 1e-1, 1])
        let lines = LinePlot.render([series], options: LinePlotOptions(logY: true), style: PlotStyle(width: 40, height: 11))
        // The lowest value is the axis minimum: drawn in the first row above the axis line.
        let axisRow = lines.firstIndex { $0.hasPrefix("0.001 +") }!
        XCTAssertTrue(lines[axisRow - 1].contains("*"))
        for label in ["0.01", "0.1", "1"] {
            let row = lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + " ") }
            XCTAssertNotNil(row, "no tick \(label)")
            XCTAssertTrue(row?.contains("*") ?? false, "no point on \(label)'s row:\n" + lines.joined(separator: "\n"))
        }
    }

    func testNotesAndBadInputs() {
        let odd = LineSeries(name: "odd", x: [0, 1, 2], y: [1, .nan, 3, 4])
        let lines = LinePlot.render([odd, LineSeries(name: "neg", y: [-1, 1, 2])], options: LinePlotOptions(logY: true), style: PlotStyle(width: 70, height: 14))
        let text = lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("odd: 3 x but 4 y, plotted 3"), text)
        XCTAssertTrue(text.contains("1 non-finite point skipped"), text)
        XCTAssertTrue(text.contains("1 value <= 0 not shown on the log scale"), text)
        XCTAssertEqual(LinePlot.render([]), ["(no series to plot)"])
        XCTAssertEqual(LinePlot.render([LineSeries(name: "nan", y: [.nan])]), ["(no finite values to plot)"])
        XCTAssertEqual(LinePlot.render([loss], options: LinePlotOptions(logY: true, yRange: -1...1)), ["(a log y range must be positive)"])
        XCTAssertEqual(LinePlot.render([loss], style: PlotStyle(width: 10, height: 3)), ["(plot needs at least 20x6, have 10x3)"])
    }

    func testSeriesStayDistinguishableWithoutColor() {
        let lines = LinePlot.render(densities, style: PlotStyle(width: 60, height: 16, charset: .braille))
        let legend = lines.last!
        // Braille throughout, each later series in its own dash pattern (not a fallback to `+` markers).
        let dashed = SeriesLook.brailleSample(1), dotted = SeriesLook.brailleSample(2)
        XCTAssertNotEqual(dashed, dotted)
        XCTAssertTrue(legend.contains("⠤⠤ Normal(0, 1)") && legend.contains("\(dashed) Normal(1, 0.5)")
                      && legend.contains("\(dotted) Normal(-1, 2)"), legend)
        XCTAssertFalse(lines.dropLast().joined().contains { "+o".contains($0) })
        let colored = LinePlot.render(densities, style: PlotStyle(width: 60, height: 16, charset: .braille, color: true))
        XCTAssertFalse(colored.dropLast().joined().contains("+"))   // all braille, told apart by color
    }
}
