import XCTest
@testable import ReparamLanguage

/// A viewer stepping through a session gets a fit's live frames through the sink it passes,
/// and the stepper's session is left as it was (no live settings outlast the step).
final class SessionStepperFramesTests: XCTestCase {
    private func lesson(_ body: String) throws -> SessionFile {
        SessionReplay.rerecord(try SessionFile.parse("@reparam session 1\n@seed 4\n" + body + "\n@end\n", name: "t.reparam"))
    }

    func testAFitSendsLiveFramesOnlyWhenASinkIsGiven() throws {
        let file = try lesson("reparam> let q = normal(0, 1)\nreparam> fit q to normal(3, 2) steps 60")
        var stepper = SessionStepper(file)
        var frames: [[String]] = []
        stepper.forward { frame in frame.picture.map { frames.append($0()) } }
        XCTAssertTrue(frames.isEmpty, "a binding draws no frame")
        let played = stepper.forward { frame in frame.picture.map { frames.append($0()) } }
        XCTAssertFalse(frames.isEmpty, "the fit's trace was not sent")
        XCTAssertTrue(frames.allSatisfy { !$0.isEmpty })
        // The recorded text is what the step produces with or without a viewer.
        XCTAssertEqual(played?.lines, file.steps[1].output)

        var silent = SessionStepper(file)
        silent.forward()
        XCTAssertEqual(silent.forward()?.lines, file.steps[1].output)
    }

    func testStepsAfterALiveOneRunWithoutLiveSettings() throws {
        let file = try lesson("reparam> let q = normal(0, 1)\nreparam> fit q to normal(3, 2) steps 40\nreparam> q.loc")
        var stepper = SessionStepper(file)
        stepper.forward()
        stepper.forward { _ in }
        var late: [[String]] = []
        let third = stepper.forward()
        XCTAssertEqual(third?.lines, file.steps[2].output)
        XCTAssertTrue(late.isEmpty)
        late.append([])   // silence "never mutated"
    }
}
