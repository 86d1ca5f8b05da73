import XCTest
@testable import ReparamPlots

final class CircularHistogramTests: XCTestCase {
    /// Angles around a mode at 3 (near π), so the mass spills across the seam.
    let angles: [Double] = TestData.nearNormal(count: 4000, mean: 3, standardDeviation: 0.5).map(CircularHistogram.wrap)

    /// A wrapped Normal(3, 0.5) density: Σₖ φ(θ + 2πk).
    static func density(_ theta: Double) -> Double {
        (-3...3).map { k -> Double in
            let z = (theta + 2 * .pi * Double(k) - 3) / 0.5
            return exp(-z * z / 2) / (0.5 * (2 * Double.pi).squareRoot())
        }.reduce(0, +)
    }

    func testGolden() {
        assertGoldenSizes("circular") { style in
            FigureText.render(CircularHistogram.figure(angles, title: "wrapped Normal(3, 0.5)", density: Self.density,
                                                       densityLabel: "wrapped Normal", columns: style.width - 8), style: style)
        }
    }

    func testWrap() {
        XCTAssertEqual(CircularHistogram.wrap(3 * .pi / 2), -.pi / 2, accuracy: 1e-15)
        XCTAssertEqual(CircularHistogram.wrap(.pi), -.pi)
        XCTAssertEqual(CircularHistogram.wrap(-.pi), -.pi)
        XCTAssertEqual(CircularHistogram.wrap(-7), -7 + 2 * .pi, accuracy: 1e-15)
        XCTAssertEqual(CircularHistogram.wrap(0.25), 0.25)
    }

    /// The light bars past +π repeat the first bins after −π exactly, and those past −π the last
    /// bins before +π: the picture shows both sides of the seam.
    func testRepeatedBarsAreTheOtherEnd() throws {
        let figure = CircularHistogram.figure(angles, columns: 70)
        var wrapped: [[Double]] = [], main: [Double] = []
        for mark in figure.marks {
            switch mark.kind {
            case let .wrappedBars(_, heights): wrapped.append(heights)
            case let .bars(_, heights): main = heights
            default: break
            }
        }
        XCTAssertEqual(wrapped.count, 2)
        XCTAssertEqual(wrapped[0], Array(main.suffix(wrapped[0].count)))
        XCTAssertEqual(wrapped[1], Array(main.prefix(wrapped[1].count)))
    }

    /// The circular mean atan2(Σ sin, Σ cos) of the sample, and tick labels in multiples of π.
    func testNotesAndAngleTicks() {
        let figure = CircularHistogram.figure(angles, columns: 70)
        let sine = angles.map(sin).reduce(0, +), cosine = angles.map(cos).reduce(0, +)
        XCTAssertTrue(figure.notes[0].contains("circular mean \(PlotNumberFormat.significant(atan2(sine, cosine)))"))
        XCTAssertEqual(atan2(sine, cosine), 3, accuracy: 0.05)
        XCTAssertEqual(FigureScales.angleAxis(-.pi ... .pi, unicode: true).labels, ["-π", "-π/2", "0", "π/2", "π"])
        XCTAssertEqual(FigureScales.angleAxis(-4 ... 4, unicode: false).labels, ["-pi", "-pi/2", "0", "pi/2", "pi"])
        let lines = FigureText.render(figure, style: PlotStyle(width: 70, height: 20, charset: .unicode))
        XCTAssertTrue(lines.contains { $0.contains("-π") && $0.contains("π/2") })
        XCTAssertTrue(lines.joined().contains("░"))
        XCTAssertTrue(lines.joined().contains("┆"))
    }
}
