import XCTest
import ReparamPlots
@testable import ReparamLanguage

/// The live picture of fit and minimize: loss, parameters with targets, density against the target,
/// always within the plot size, fewer panels when the size is small.
final class FitPictureTests: XCTestCase {
    private func frames(of lines: [String], width: Int, height: Int) -> [[String]] {
        pictureFrames(of: lines, width: width, height: height)
    }

    private func assertWithin(_ frames: [[String]], width: Int, height: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(frames.isEmpty, "no frames", file: file, line: line)
        for frame in frames {
            XCTAssertLessThanOrEqual(frame.count, height, file: file, line: line)
            for text in frame { XCTAssertLessThanOrEqual(PanelGrid.visibleWidth(text), width, text, file: file, line: line) }
        }
    }

    /// The row holding `text`, or nil.
    private func row(_ frame: [String], containing text: String) -> Int? {
        frame.firstIndex { $0.contains(text) }
    }

    func testGammaToGammaShowsLossParametersWithTargetsAndBothDensities() throws {
        let fit = ["let q = gamma(1, rate: 1)", "fit q to gamma(5, rate: 2) steps 300"]
        // Wide: loss | parameters on top, the densities below.
        let wide = frames(of: fit, width: 120, height: 40)
        assertWithin(wide, width: 120, height: 40)
        XCTAssertEqual(wide.count, 100)
        let last = try XCTUnwrap(wide.last)
        let lossRow = try XCTUnwrap(row(last, containing: "loss, step 300 of 300"))
        // One small panel per parameter (their scales differ), beside the loss, each with its target.
        XCTAssertEqual(row(last, containing: "parameter q.concentration"), lossRow)
        XCTAssertGreaterThan(try XCTUnwrap(row(last, containing: "parameter q.rate")), lossRow)
        XCTAssertNotNil(row(last, containing: "concentration target = 5"))
        XCTAssertNotNil(row(last, containing: "rate target = 2"))
        let densityRow = try XCTUnwrap(row(last, containing: "density of q and the target"))
        XCTAssertGreaterThan(densityRow, lossRow + FitPicture.minimumPanelHeight - 1)
        XCTAssertNotNil(row(last, containing: "gamma(5, rate: 2)"))
        // The target lines are drawn across the parameter panel (dashes in ASCII).
        XCTAssert(last.contains { $0.contains("- - - - -") })

        // Narrow: the three panels stacked, in order.
        let narrow = frames(of: fit, width: 60, height: 36)
        assertWithin(narrow, width: 60, height: 36)
        let stacked = try XCTUnwrap(narrow.last)
        let rows = ["loss, step", "parameter", "density of q and the target"].map { row(stacked, containing: $0) ?? -1 }
        XCTAssertEqual(rows, rows.sorted())
        XCTAssert(rows.allSatisfy { $0 >= 0 }, "\(rows)")
    }

    func testNormalToDataShowsTheDensityOverTheHistogramOfTheData() throws {
        let width = 70, height = 30
        let all = frames(of: ["let data = normal(2, 0.5).sample(10000)", "let m = normal(0, 1)", "fit m to data steps 200"],
                         width: width, height: height)
        assertWithin(all, width: width, height: height)
        let last = try XCTUnwrap(all.last)
        XCTAssertNotNil(row(last, containing: "loss, step 200 of 200"))
        let parameters = try XCTUnwrap(row(last, containing: "parameter m.loc"))
        XCTAssertNotNil(row(last, containing: "m.loc"))
        XCTAssertNil(row(last, containing: "target"), "data have no target values")
        let density = try XCTUnwrap(row(last, containing: "density of m over the data"))
        XCTAssertGreaterThan(density, parameters)
        // 10000 observations are shown by 4096 of their quantiles; the bars are drawn with `#`.
        XCTAssertNotNil(row(last, containing: "data (4096 quantiles of 10000)"))
        XCTAssert(last[density...].contains { $0.contains("#") })
    }

    func testSmallSizesKeepTheLossPanelAloneWithinTheSize() throws {
        for (width, height) in [(60, 12), (120, 7), (30, 9)] {
            let all = frames(of: ["let q = gamma(1, rate: 1)", "fit q to gamma(5, rate: 2) steps 50"], width: width, height: height)
            assertWithin(all, width: width, height: height)
            let last = try XCTUnwrap(all.last)
            XCTAssertNil(row(last, containing: "parameters"), "\(width)x\(height)")
            XCTAssertNil(row(last, containing: "density"), "\(width)x\(height)")
            XCTAssertNotNil(row(last, containing: "loss"), "\(width)x\(height)")
        }
        // Too small for any plot: the one-line notice, still within the size.
        let tiny = frames(of: ["let q = gamma(1, rate: 1)", "fit q to gamma(5, rate: 2) steps 20"], width: 30, height: 4)
        assertWithin(tiny, width: 30, height: 4)
        XCTAssert(tiny.last?.first?.hasPrefix("(plot needs") ?? false)
    }

    /// Where small panels do not fit, every trace is scaled to its own range on one axis, so a
    /// parameter near 25 does not flatten one near 0.
    func testParametersOnFarApartScalesAreNormalisedWhenPanelsDoNotFit() throws {
        let (scaled, references) = FitPicture.normalized(
            [LineSeries(name: "df", y: [1, 25]), LineSeries(name: "loc", y: [0.1, 0.3])],
            [ReferenceLine(name: "df target", y: 13, seriesIndex: 0)])
        XCTAssertEqual(scaled[0].y, [0, 1])
        XCTAssertEqual(scaled[1].y[0], 0, accuracy: 1e-12)
        XCTAssertEqual(scaled[1].y[1], 1, accuracy: 1e-12)
        XCTAssertEqual(references.first?.y, 0.5)
        XCTAssertEqual(references.first?.legendValue, 13, "the legend gives the target's own value")
        XCTAssertEqual(scaled[0].name, "df 1..25")
        XCTAssertNil(FitPicture.parameterGrid(count: 3, width: 40, height: 12))
        XCTAssertEqual(FitPicture.parameterGrid(count: 2, width: 40, height: 14)?.rows, 2)
        let small = frames(of: ["let t = student_t(25, 0, 1)", "fit t to student_t(5, 1, 2) steps 20"], width: 50, height: 24)
        XCTAssertNotNil(row(try XCTUnwrap(small.last), containing: "each scaled to its own range"))
    }

    func testMinimizeShowsLossAndParametersOnly() throws {
        let all = frames(of: ["let d = normal(0, 1)", "minimize mean((d.rsample(64) - 3)^2) steps 100"], width: 100, height: 30)
        assertWithin(all, width: 100, height: 30)
        let last = try XCTUnwrap(all.last)
        XCTAssertEqual(row(last, containing: "loss, step 100 of 100"), row(last, containing: "parameter d.loc"))
        XCTAssertNil(row(last, containing: "density"))
        XCTAssertNotNil(row(last, containing: "parameter d.scale"))
    }

    /// Pictures draw no random numbers and change nothing printed: the same seed gives the same result.
    func testPicturesLeaveTheResultAndItsJSONUnchanged() {
        func result(pictures: Bool) -> (String, String) {
            let session = Session(seed: 5)
            session.progressPictures = pictures
            _ = session.expectOutput("let q = gamma(2, rate: 1)")
            let output = session.expectOutput("fit q to gamma(3, rate: 2) steps 120")
            return (output.text, "\(output.fields)")
        }
        let with = result(pictures: true), without = result(pictures: false)
        XCTAssertEqual(with.0, without.0)
        XCTAssertEqual(with.1, without.1)
    }

    /// The loss axis shows the starting loss: a linear axis spans every loss; losses over two
    /// decades switch to a log axis by default, and `loss log` / `loss linear` choose.
    func testLossAxisKeepsTheStartingLoss() {
        let falling = [100.0, 100] + [Double](repeating: 1, count: 37) + [0.5]
        XCTAssertTrue(FitPicture.usesLogScale(falling, asked: nil))
        XCTAssertEqual(FitPicture.lossRange(falling, logarithmic: true), 0.5...100)
        XCTAssertFalse(FitPicture.usesLogScale(falling, asked: .linear))
        XCTAssertEqual(FitPicture.lossRange(falling, logarithmic: false), 0.5...100)
        // A loss that goes negative (a noisy KL) cannot be drawn on a log axis, asked or not.
        XCTAssertFalse(FitPicture.usesLogScale([3, 1, -0.01], asked: .log))
        XCTAssertFalse(FitPicture.usesLogScale([10.0, 2, 1], asked: nil))
        XCTAssertEqual(FitPicture.lossRange([2.0, 1.99, 1.995], logarithmic: false)?.upperBound ?? 0, 1.99 + 0.1, accuracy: 1e-12)
        XCTAssertNil(FitPicture.lossRange([], logarithmic: false))

        let session = Session(seed: 5)
        session.progressPictures = true
        session.plotStyle.width = 60
        session.plotStyle.height = 16
        var frames: [[String]] = []
        session.onProgress = { if let plot = $0.plot { frames.append(plot) } }
        _ = session.expectOutput("let q = normal(0, 1)")
        _ = session.expectOutput("minimize mean((q.rsample(64) - 30)^2) steps 60 loss log")
        XCTAssertTrue(frames.last?.first?.contains("(log scale)") == true, frames.last?.joined(separator: "\n") ?? "")
        _ = session.expectOutput("minimize mean((q.rsample(64) - 30)^2) steps 60 loss linear")
        XCTAssertFalse(frames.last?.first?.contains("(log scale)") == true, frames.last?.joined(separator: "\n") ?? "")
        XCTAssertEqual(session.expectError("fit q to normal(1, 1) loss cubic")?.message,
                       "unknown loss scale 'cubic': choose log or linear")
    }
}
