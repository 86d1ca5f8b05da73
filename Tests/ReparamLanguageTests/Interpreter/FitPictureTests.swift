import XCTest
import ReparamPlots
@testable import ReparamLanguage

/// The live picture of fit and minimize: loss, parameters with targets, density against the target,
/// always within the plot size, fewer panels when the size is small.
final class FitPictureTests: XCTestCase {
    private func frames(of lines: [String], width: Int, height: Int) -> [[String]] {
        let session = Session(seed: 3)
        session.plotStyle.width = width
        session.plotStyle.height = height
        session.progressPictures = true
        var frames: [[String]] = []
        session.onProgress = { if let plot = $0.plot { frames.append(plot) } }
        for line in lines { _ = session.expectOutput(line) }
        return frames
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
        XCTAssertEqual(row(last, containing: "parameters and targets"), lossRow)
        XCTAssertNotNil(row(last, containing: "concentration target = 5"))
        XCTAssertNotNil(row(last, containing: "rate target = 2"))
        XCTAssert(last.contains { $0.contains("q.concentration") && $0.contains("q.rate") })
        let densityRow = try XCTUnwrap(row(last, containing: "density of q and the target"))
        XCTAssertGreaterThan(densityRow, lossRow + FitPicture.minimumPanelHeight - 1)
        XCTAssertNotNil(row(last, containing: "gamma(5, rate: 2)"))
        // The target lines are drawn across the parameter panel (dashes in ASCII).
        XCTAssert(last.contains { $0.contains("- - - - -") })

        // Narrow: the three panels stacked, in order.
        let narrow = frames(of: fit, width: 60, height: 36)
        assertWithin(narrow, width: 60, height: 36)
        let stacked = try XCTUnwrap(narrow.last)
        let rows = ["loss, step", "parameters and targets", "density of q and the target"].map { row(stacked, containing: $0) ?? -1 }
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
        let parameters = try XCTUnwrap(row(last, containing: "parameters"))
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

    func testMinimizeShowsLossAndParametersOnly() throws {
        let all = frames(of: ["let d = normal(0, 1)", "minimize mean((d.rsample(64) - 3)^2) steps 100"], width: 100, height: 30)
        assertWithin(all, width: 100, height: 30)
        let last = try XCTUnwrap(all.last)
        XCTAssertEqual(row(last, containing: "loss, step 100 of 100"), row(last, containing: "parameters"))
        XCTAssertNil(row(last, containing: "density"))
        XCTAssert(last.contains { $0.contains("d.loc") && $0.contains("d.scale") })
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

    func testLossAxisLeavesOutTheFirstStepsPeak() {
        // 5% of the steps (2 of 40) may run off the top; 1 is the highest of the rest.
        let noisy = [100.0, 100] + [Double](repeating: 1, count: 37) + [0.5]
        XCTAssertEqual(FitPicture.lossRange(noisy)?.lowerBound, 0.5)
        XCTAssertEqual(FitPicture.lossRange(noisy)?.upperBound ?? 0, 0.5 + 0.05 * 99.5, accuracy: 1e-12)
        let settled = [10.0] + [Double](repeating: 2, count: 38) + [1]
        XCTAssertEqual(FitPicture.lossRange(settled), 1...2)
        XCTAssertNil(FitPicture.lossRange([2, 2, 2]))
    }
}
