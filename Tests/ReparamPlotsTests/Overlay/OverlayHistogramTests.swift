import XCTest
@testable import ReparamPlots

final class OverlayHistogramTests: XCTestCase {
    let series = [
        SampleSeries(name: "p", samples: TestData.nearNormal(count: 3000, mean: 0, standardDeviation: 1),
                     density: { TestData.normalDensity(mean: 0, standardDeviation: 1)($0) }),
        SampleSeries(name: "q", samples: TestData.nearNormal(count: 2000, mean: 1.5, standardDeviation: 0.7, seed: 3),
                     density: { TestData.normalDensity(mean: 1.5, standardDeviation: 0.7)($0) }),
    ]

    func testGolden() {
        assertGoldenSizes("overlay") { style in
            FigureText.render(OverlayHistogram.figure(series, title: "p, q", columns: style.width - 8), style: style)
        }
    }

    /// Without color every series still has its own look: filled bars, then outlines in other
    /// glyphs (ASCII, Unicode) or other dash patterns (braille), each named in the legend with
    /// the glyph it is drawn with.
    func testSeriesStayDistinctInMonochrome() {
        let figure = OverlayHistogram.figure(series, columns: 70)
        for charset in PlotCharset.allCases {
            let style = PlotStyle(width: 80, height: 24, charset: charset)
            let samples = figure.marks.map { FigureText.sample($0, style: style) }
            XCTAssertEqual(Set(samples).count, samples.count, "\(charset): \(samples)")
            let lines = FigureText.render(figure, style: style)
            for (mark, sample) in zip(figure.marks, samples) {
                XCTAssertTrue(lines.contains { $0.contains("\(sample) \(mark.name!)") }, "\(charset) legend lacks \(sample) \(mark.name!)")
            }
        }
        XCTAssertNotEqual(SeriesLook.brailleSample(0), SeriesLook.brailleSample(1))
        XCTAssertNotEqual(SeriesLook.brailleSample(1), SeriesLook.brailleSample(2))
    }

    /// Shared bins, heights count / (n · width): each series' bars integrate to its share inside the range.
    func testHeightsAreDensitiesOnSharedBins() {
        let figure = OverlayHistogram.figure(series, columns: 70, bins: 20, range: -4...4)
        var areas: [Double] = []
        for mark in figure.marks {
            guard case let .bars(edges, heights) = mark.kind else { continue }
            XCTAssertEqual(edges.count, 21)
            XCTAssertEqual(edges.first, -4)
            XCTAssertEqual(edges.last, 4)
            areas.append(zip(heights, zip(edges, edges.dropFirst())).map { $0 * ($1.1 - $1.0) }.reduce(0, +))
        }
        XCTAssertEqual(areas.count, 2)
        let inside = series.map { item in Double(item.samples.filter { (-4...4).contains($0) }.count) / Double(item.samples.count) }
        XCTAssertEqual(areas[0], inside[0], accuracy: 1e-12)
        XCTAssertEqual(areas[1], inside[1], accuracy: 1e-12)
    }

    func testLogAxes() {
        // Power law y = x⁻²: a straight line on log-log axes from (1, 1) to (1000, 1e-6).
        let xs = (0...60).map { pow(10, Double($0) / 20) }
        let figure = Figure(title: "x^-2", x: FigureAxis(scale: .log), y: FigureAxis(scale: .log),
                            marks: [FigureMark(name: "x^-2", .curve(x: xs, y: xs.map { 1 / ($0 * $0) }))])
        assertGoldenSizes("loglog", sizes: [(60, 18), (30, 10)]) { FigureText.render(figure, style: $0) }
        let lines = FigureText.render(figure, style: PlotStyle(width: 60, height: 18))
        XCTAssertTrue(lines.contains { $0.contains("1000") })
        XCTAssertTrue(lines.contains { $0.hasPrefix(" 1e-6 ++") })
    }
}
