import Foundation
import XCTest
@testable import ReparamLanguage

/// A statement stopped by Ctrl-C reports what it actually did, not what was asked for.
final class InterruptedReportTests: XCTestCase {
    /// gradvar stopped after 3 repetitions: the table holds 3 and says so; the estimators
    /// it never reached are named, not silently dropped.
    func testInterruptedGradvarCountsTheRepetitionsDone() {
        let interruptedSession = Session(seed: 2)
        _ = interruptedSession.expectOutput("let d = normal(0, 1)")
        let interruption = interruptedSession.interruption
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { interruption.raise() }
        let output = interruptedSession.expectOutput("gradvar mean(d.rsample(5000)^2) reps 10000")
        XCTAssertEqual(output.field("interrupted"), .bool(true), output.text)
        let completed = output.field("completed")?.numbers ?? []
        guard let first = completed.first else { return XCTFail(output.text) }
        XCTAssert(completed.allSatisfy { $0 >= 2 && $0 < 10_000 }, "\(completed)")
        XCTAssertFalse(output.text.contains("10000 repetitions each"), output.text)
        XCTAssertTrue(output.text.contains("interrupted: \(Int(first))"), output.text)
        XCTAssertTrue(output.text.contains("not run (interrupted"), output.text)
    }

    /// A sweep stopped after 2 of 50 frames says 2 frames and where it got to.
    func testInterruptedSweepCountsItsFrames() {
        let session = Session(seed: 2)
        _ = session.expectOutput("let d = normal(0, 1)")
        _ = session.expectOutput("hist d samples 200")
        var frames = 0
        session.onProgress = { _ in
            frames += 1
            if frames == 2 { session.interrupted = true }
        }
        let output = session.expectOutput("sweep d.loc from 0 to 49 steps 50")
        XCTAssertEqual(output.field("frames")?.number, 2, output.text)
        XCTAssertTrue(output.text.hasPrefix("swept d.loc from 0 to 1 in 2 frames (interrupted; 50 were asked for)"), output.text)
    }

    /// `plot E[...] for x in a..b` with a reduction inside: evaluated per x, the curve is
    /// mean(normal(x, 1).sample(1000)) ≈ x, not one flat line at the grid's mean.
    func testPlotEvaluatesAReducingCurveAtEachX() {
        let session = Session(seed: 2)
        session.plotStyle.width = 60
        session.plotStyle.height = 16
        let output = session.expectOutput("plot mean(normal(x, 1).sample(1000)) for x in 0..3 points 4")
        guard case let .array(series)? = output.field("series"), case let .object(curve)? = series.first,
              let ys = curve.first(where: { $0.0 == "y" })?.1.numbers else { return XCTFail(output.text) }
        XCTAssertEqual(ys.count, 4)
        // Each y is the mean of 1000 draws of normal(x, 1): within 4 standard errors (0.13) of x.
        for (x, y) in zip([0.0, 1, 2, 3], ys) { XCTAssertEqual(y, x, accuracy: 0.13) }
    }
}
