import XCTest
@testable import ReparamPlots

final class VelocityPlotTests: XCTestCase {
    /// Exponential(λ = 2) by inversion: z = −ln(1 − u)/λ, so dz/dλ = −z/λ exactly, and the mean
    /// velocity estimates dE[z]/dλ = −1/λ² = −0.25.
    let lambda = 2.0
    var samples: [Double] { (0..<4000).map { -log(1 - (Double($0) + 0.5) / 4000) / lambda } }

    func testGolden() {
        let z = samples
        let picture = VelocityPlot.picture(samples: z, velocities: z.map { -$0 / lambda }, parameter: "rate",
                                           histogram: SampleSeries(name: "Exponential(2)", samples: z,
                                                                   density: { x in x < 0 ? 0 : 2 * exp(-2 * x) }),
                                           columns: 100)
        assertGoldenSizes("velocity", sizes: [(100, 24), (80, 24)]) { picture.text(style: $0) }
        let small = picture.text(style: PlotStyle(width: 60, height: 14))
        assertFits(small, width: 60, height: 14)
        XCTAssertTrue(small.last!.contains("more panel"))
    }

    func testMeanVelocityNote() {
        let z = samples
        let figure = VelocityPlot.figure(samples: z, velocities: z.map { -$0 / lambda }, parameter: "rate")
        let mean = z.map { -$0 / lambda }.reduce(0, +) / Double(z.count)
        XCTAssertEqual(mean, -1 / (lambda * lambda), accuracy: 0.01)
        XCTAssertEqual(figure.notes, ["mean dz/drate = \(PlotNumberFormat.significant(mean)) (estimates dE[z]/drate)"])
    }

    /// A shear field (dx, dy) = (y, 0): arrows point right above the x axis and left below it.
    func testQuiverDirections() {
        let (x, y) = TestData.correlatedPairs(count: 3000, rho: 0)
        let figure = QuiverPlot.figure(x: x, y: y, dx: y, dy: [Double](repeating: 0, count: y.count), parameter: "s")
        guard case let .arrows(ax, ay, dx, _, scale)? = figure.marks.last?.kind else { return XCTFail("no arrows") }
        XCTAssertGreaterThan(scale, 0)
        for (position, velocity) in zip(ay, dx) where abs(position) > 0.5 {
            XCTAssertEqual(velocity.sign, position.sign)
        }
        XCTAssertFalse(ax.isEmpty)
        assertGoldenSizes("quiver") { FigureText.render(figure, style: $0) }
    }
}
