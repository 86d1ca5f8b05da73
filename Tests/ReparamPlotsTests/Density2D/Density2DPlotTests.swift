import XCTest
@testable import ReparamPlots

final class Density2DPlotTests: XCTestCase {
    let rho = 0.8

    func testGoldenHeatmapWithContours() {
        let (x, y) = TestData.correlatedPairs(count: 20_000, rho: rho)
        let options = Density2DOptions(title: "Normal, correlation 0.8", density: TestData.bivariateNormalDensity(rho: rho))
        let figure = Density2DPlot.figure(x: x, y: y, options: options)
        assertGoldenSizes("heatmap") { FigureText.render(figure, style: $0) }
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
