import XCTest
@testable import ReparamPlots

/// The variational fit's live picture: two estimators' ELBO and KL curves with a legend, readable
/// at 80×24 (stacked) and 200×60 (side by side), the ELBO alone when no posterior is known.
final class ELBOTracePlotTests: XCTestCase {
    /// Two runs of 300 steps towards log p(x) = −11.07: a quiet one whose KL falls like 0.97^t and
    /// a noisy one whose KL falls like 0.99^t, with deterministic noise.
    private var traces: [ELBOTrace] {
        var generator = TestData.LCG(state: 5)
        func run(_ name: String, rate: Double, noise: Double) -> ELBOTrace {
            let kl = (0..<300).map { 7.5 * pow(rate, Double($0)) + 1e-4 }
            let elbo = kl.map { -11.07 - $0 + noise * (generator.uniform() - 0.5) * (1 + $0) }
            return ELBOTrace(name: name, elbo: elbo, kl: kl)
        }
        return [run("stl", rate: 0.97, noise: 0.05), run("score", rate: 0.99, noise: 1)]
    }

    func testGoldens() {
        for charset in [PlotCharset.ascii, .unicode] {
            for (width, height) in [(80, 24), (200, 60)] {
                let lines = ELBOTracePlot.render(traces, steps: 300, logEvidence: -11.07, style: PlotStyle(width: width, height: height, charset: charset))
                assertFits(lines, width: width, height: height)
                assertGolden(lines, "elbo-trace-\(charset)-\(width)x\(height)")
            }
        }
    }

    /// Both curves and both legends in each panel, at both sizes; stacked at 80 columns, side by side at 200.
    func testBothEstimatorsInEachPanel() throws {
        let narrow = ELBOTracePlot.render(traces, steps: 300, logEvidence: -11.07, style: PlotStyle(width: 80, height: 24))
        let elboRow = try XCTUnwrap(narrow.firstIndex { $0.contains("ELBO") })
        let klRow = try XCTUnwrap(narrow.firstIndex { $0.contains("KL(q") })
        XCTAssertGreaterThanOrEqual(klRow, 10, "stacked below the ELBO")
        XCTAssertEqual(narrow.filter { $0.contains("stl") && $0.contains("score") }.count, 2, narrow.joined(separator: "\n"))
        XCTAssert(narrow[elboRow..<klRow].contains { $0.contains("log p(x) = -11.07") })
        let wide = ELBOTracePlot.render(traces, steps: 300, logEvidence: -11.07, style: PlotStyle(width: 200, height: 60))
        XCTAssertEqual(wide.firstIndex { $0.contains("ELBO") }, wide.firstIndex { $0.contains("KL(q") }, "side by side")
    }

    /// Without a known posterior: the ELBO alone, with the step in its title.
    func testELBOAloneWithoutPosterior() {
        let unknown = traces.map { ELBOTrace(name: $0.name, elbo: $0.elbo, kl: nil) }
        let lines = ELBOTracePlot.render(unknown, steps: 300, logEvidence: nil, style: PlotStyle(width: 80, height: 24))
        assertFits(lines, width: 80, height: 24)
        XCTAssert(lines.contains { $0.contains("ELBO, step 300 of 300") })
        XCTAssertFalse(lines.contains { $0.contains("KL") })
    }

    /// Every size from tiny to large keeps within the frame.
    func testFitsAtManySizes() {
        for width in stride(from: 20, through: 210, by: 19) {
            for height in stride(from: 6, through: 60, by: 9) {
                let lines = ELBOTracePlot.render(traces, steps: 300, logEvidence: -11.07, style: PlotStyle(width: width, height: height))
                assertFits(lines, width: width, height: height, "\(width)x\(height)")
            }
        }
    }
}
