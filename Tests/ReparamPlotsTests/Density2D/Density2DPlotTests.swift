import XCTest
@testable import ReparamPlots

final class Density2DPlotTests: XCTestCase {
    let rho = 0.8

    func testGoldenHeatmapWithContours() {
        let (x, y) = TestData.correlatedPairs(count: 20_000, rho: rho)
        let options = Density2DOptions(title: "Normal, correlation 0.8", density: TestData.bivariateNormalDensity(rho: rho))
        let figure = Density2DPlot.figure(x: x, y: y, options: options)
        assertGoldenSizes("heatmap", sizes: [(80, 24), (50, 16), (200, 60)]) { FigureText.render(figure, style: $0) }
    }

    /// A few thousand points (a reported case: a speckled picture): smoothed to a ramp, at the
    /// classroom's 80×24 and a projector's 200×60.
    func testGoldenHeatmapOfAFewThousandPoints() {
        let (x, y) = TestData.correlatedPairs(count: 3_000, rho: 0.6)
        let figure = Density2DPlot.figure(x: x, y: y, options: Density2DOptions(title: "3000 points, correlation 0.6"))
        assertGoldenSizes("heatmap-few", sizes: [(80, 24), (200, 60)]) { FigureText.render(figure, style: $0) }
    }

    /// Speckle is shade that goes up and down from cell to cell: cells lighter or darker than all
    /// four neighbours (a smooth one-peaked density has one, its peak). Smoothing the counts of a
    /// few thousand points must take nearly all of them out.
    func testSmoothingTakesTheSpeckleOutOfAFewThousandPoints() {
        let (x, y) = TestData.correlatedPairs(count: 3_000, rho: 0.6)
        let columns = 70, rows = 20
        let axis = NiceTicks.loose(lower: -2.5, upper: 2.5, maxIntervals: 5)
        let counts = HeatGrid.count(x: x, y: y, xAxis: axis, yAxis: axis, columns: columns, rows: rows)
        func extrema(_ levels: [Int]) -> Int {
            var count = 0
            for row in 1..<(rows - 1) {
                for column in 1..<(columns - 1) {
                    let here = levels[row * columns + column]
                    let around = [levels[row * columns + column - 1], levels[row * columns + column + 1],
                                  levels[(row - 1) * columns + column], levels[(row + 1) * columns + column]]
                    if here > 0 && (around.allSatisfy { $0 < here } || around.allSatisfy { $0 > here }) { count += 1 }
                }
            }
            return count
        }
        let shades = FigureText.asciiShades.count
        let raw = extrema(HeatGrid.levels(counts.map(Double.init), shades: shades))
        let smooth = extrema(HeatGrid.levels(HeatGrid.smoothed(counts, columns: columns, rows: rows), shades: shades))
        XCTAssertGreaterThan(raw, 15, "the raw counts are speckled")
        XCTAssertLessThanOrEqual(smooth, 1, "raw \(raw) local extrema, smoothed \(smooth)")
    }

    func testSmoothingIsChosenFromTheCountsAndKeepsTheTotal() {
        XCTAssertEqual(HeatGrid.smoothingPasses(meanCount: 250), 0, "a million points at 100×40: raw counts")
        XCTAssertEqual(HeatGrid.smoothingPasses(meanCount: 40), 0)
        XCTAssertEqual(HeatGrid.smoothingPasses(meanCount: 6.4), 1)
        XCTAssertEqual(HeatGrid.smoothingPasses(meanCount: 3), 3)
        XCTAssertEqual(HeatGrid.smoothingPasses(meanCount: 0.5), 13, "3000 points at 200×60")
        XCTAssertEqual(HeatGrid.smoothingPasses(meanCount: 0.01), HeatGrid.maximumPasses)
        // One point in the middle of an 11×5 grid: one pass spreads it as [1 2 1]/4 down and
        // ([1 2 1]/4)⁴ = [1 8 28 56 70 56 28 8 1]/256 across.
        var counts = [Int](repeating: 0, count: 55)
        counts[2 * 11 + 5] = 1
        let spread = HeatGrid.smoothed(counts, columns: 11, rows: 5, passes: 1)
        XCTAssertEqual(spread[2 * 11 + 5], 70.0 / 256 * 2 / 4, accuracy: 1e-15)
        XCTAssertEqual(spread[2 * 11 + 4], 56.0 / 256 * 2 / 4, accuracy: 1e-15)
        XCTAssertEqual(spread[1 * 11 + 1], 1.0 / 256 * 1 / 4, accuracy: 1e-15)
        XCTAssertEqual(spread[0], 0)
        XCTAssertEqual(spread.reduce(0, +), 1, accuracy: 1e-15)
        XCTAssertEqual(HeatGrid.levels([0, 0.05, 0.5, 1], shades: 5), [0, 0, 3, 5])
    }

    func testGoldenScatterForSmallSamples() {
        let (x, y) = TestData.correlatedPairs(count: 400, rho: -0.5)
        let figure = Density2DPlot.figure(x: x, y: y, options: Density2DOptions(title: "400 points"))
        guard case .points = figure.marks[0].kind else { return XCTFail("400 points should be a scatter") }
        assertGoldenSizes("scatter2d") { FigureText.render(figure, style: $0) }
    }

    /// Above the scatter limit the points are shaded per cell; the fullest cell gets the darkest shade.
    func testLargeSamplesAreShaded() {
        let (x, y) = TestData.correlatedPairs(count: 5_000, rho: 0)
        let figure = Density2DPlot.figure(x: x, y: y)
        guard case .heat = figure.marks[0].kind else { return XCTFail("5000 points should be a heat map") }
        let lines = FigureText.render(figure, style: PlotStyle(width: 60, height: 20, charset: .unicode))
        XCTAssertTrue(lines.joined().contains("█"))
        XCTAssertTrue(lines.joined().contains("·"))
    }

    /// The sample correlation in the notes is Pearson's r of the pairs, computed independently here.
    func testNotesGiveTheSampleCorrelation() {
        let (x, y) = TestData.correlatedPairs(count: 3_000, rho: rho)
        let moments = Moments2D(x, y)
        let mx = x.reduce(0, +) / 3000, my = y.reduce(0, +) / 3000
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +), syy = y.map { ($0 - my) * ($0 - my) }.reduce(0, +)
        XCTAssertEqual(moments.correlation, sxy / (sxx * syy).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(moments.correlation, rho, accuracy: 0.03)
    }

    /// Marching squares on f = x² + y² over [−1, 1]²: every crossing of the level 0.2601 lies on the
    /// circle of radius 0.51 (linear interpolation of a quadratic over a cell of side 0.05 errs by
    /// at most h²/8·f'' / f' ≈ 0.0016 in radius).
    func testContoursOfACircle() {
        let grid = (0...40).map { -1 + Double($0) * 0.05 }
        var values: [Double] = []
        for y in grid { for x in grid { values.append(x * x + y * y) } }
        let segments = Contours.segments(values, xs: grid, ys: grid, level: 0.2601)
        XCTAssertGreaterThan(segments.count, 40)
        for segment in segments {
            for point in [segment.from, segment.to] {
                XCTAssertEqual((point.x * point.x + point.y * point.y).squareRoot(), 0.51, accuracy: 0.002)
            }
        }
        // The segments close up: every endpoint is shared by exactly two segments.
        var ends: [String: Int] = [:]
        for segment in segments {
            for point in [segment.from, segment.to] { ends[String(format: "%.9f,%.9f", point.x, point.y), default: 0] += 1 }
        }
        XCTAssertTrue(ends.values.allSatisfy { $0 == 2 })
    }

    /// For a standard bivariate Normal the contour at c·p_max is the ellipse x² − 2ρxy + y² = −2(1 − ρ²) ln c.
    func testNormalContoursAreTheExactEllipses() {
        let marks = Density2DPlot.contours(TestData.bivariateNormalDensity(rho: rho), xRange: -3...3, yRange: -3...3)
        XCTAssertEqual(marks.count, 3)
        for (mark, c) in zip(marks, Density2DPlot.contourFractions) {
            guard case let .contour(_, segments) = mark.kind else { return XCTFail("not a contour") }
            XCTAssertFalse(segments.isEmpty)
            for point in segments.flatMap({ [$0.from, $0.to] }) {
                let q = point.x * point.x - 2 * rho * point.x * point.y + point.y * point.y
                XCTAssertEqual(q, -2 * (1 - rho * rho) * log(c), accuracy: 0.06, "level \(c)")
            }
        }
    }

    func testNoFinitePointsSaysSo() {
        let figure = Density2DPlot.figure(x: [.nan], y: [1])
        XCTAssertEqual(FigureText.render(figure, style: PlotStyle()), ["(no finite points to plot)"])
        XCTAssertEqual(figure.notes, ["no finite points to plot"])
    }
}
