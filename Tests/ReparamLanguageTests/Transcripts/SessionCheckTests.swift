import XCTest
@testable import ReparamLanguage

final class SessionCheckTests: XCTestCase {
    private func file(_ body: String) throws -> SessionFile {
        try SessionFile.parse("@reparam session 1\n@seed 1\n" + body + "\n@end\n", name: "t.reparam")
    }

    func testAMatchingSessionHasNoDifferences() throws {
        XCTAssertEqual(SessionCheck().check(try file("reparam> 1 + 1\n| 2\nreparam> [1, 2] * 3\n| [3, 6]"), name: "t"), [])
    }

    func testADifferentNumberIsReportedWithItsLineAndBothTexts() throws {
        let differences = SessionCheck().check(try file("reparam> 1 + 1\n| 2\nreparam> 2 * 3\n| 7"), name: "t.reparam")
        XCTAssertEqual(differences, [SessionCheck.Difference(file: "t.reparam", line: 6, command: "2 * 3", recorded: "| 7", produced: "| 6")])
        XCTAssertEqual(differences.first?.description,
                       "t.reparam:6: the output of '2 * 3' differs\n  recorded: '| 7'\n  produced: '| 6'")
    }

    func testMissingAndExtraLinesAreDifferences() throws {
        let missing = SessionCheck().check(try file("reparam> 1 + 1"), name: "t")
        XCTAssertEqual(missing, [SessionCheck.Difference(file: "t", line: 3, command: "1 + 1", recorded: nil, produced: "| 2")])
        let extra = SessionCheck().check(try file("reparam> 1 + 1\n| 2\n| 3"), name: "t")
        XCTAssertEqual(extra, [SessionCheck.Difference(file: "t", line: 5, command: "1 + 1", recorded: "| 3", produced: nil)])
    }

    func testAnErrorRecordedAsOutputIsADifference() throws {
        let differences = SessionCheck().check(try file("reparam> 1 +\n| error: expected an expression after '+'"), name: "t")
        XCTAssertEqual(differences.first?.produced?.hasPrefix("! error:"), true)
    }

    func testTheToleranceDecides() throws {
        let recorded = try file("reparam> 1 / 3\n| 0.333333333")   // as if printed with 9 digits elsewhere
        XCTAssertEqual(SessionCheck().check(recorded, name: "t").count, 1)   // produced 0.333333
        let precise = try file("reparam> :precision 12\n| showing 12 significant digits\nreparam> 1 / 3\n| 0.333333333334")
        XCTAssertEqual(SessionCheck(tolerance: NumericTolerance(relative: 1e-9)).check(precise, name: "t"), [])
        XCTAssertEqual(SessionCheck(tolerance: NumericTolerance(relative: 1e-13)).check(precise, name: "t").count, 0,
                       "one unit in the last shown digit is allowed")
        let off = try file("reparam> :precision 12\n| showing 12 significant digits\nreparam> 1 / 3\n| 0.333333333336")
        XCTAssertEqual(SessionCheck(tolerance: NumericTolerance(relative: 1e-13)).check(off, name: "t").count, 1)
        XCTAssertEqual(SessionCheck(tolerance: NumericTolerance(relative: 1e-11)).check(off, name: "t"), [])
    }

    func testSeedsMakeStepsExactAndBackReRunsToTheSameState() throws {
        let lesson = SessionReplay.rerecord(try file("reparam> let d = normal(0, 1)\nreparam> d.rsample(3)\nreparam> d.rsample(3)"))
        var stepper = SessionStepper(lesson)
        XCTAssertEqual(stepper.count, 3)
        stepper.forward(); stepper.forward(); stepper.forward()
        XCTAssert(stepper.atEnd)
        XCTAssertNil(stepper.forward())
        let third = stepper.shown[2].lines
        XCTAssertEqual(third, lesson.steps[2].output)
        XCTAssertNotEqual(stepper.shown[1].lines, third)   // the stream moved on
        XCTAssert(stepper.back())
        XCTAssertEqual(stepper.position, 2)
        XCTAssertEqual(stepper.forward()?.lines, third)
        while stepper.back() {}
        XCTAssertEqual(stepper.position, 0)
        XCTAssertEqual(stepper.upcoming?.command, "let d = normal(0, 1)")
    }

    /// Jumping to step N gives the state of stepping there; after live commands changed the
    /// session, a fresh jump to the same step puts the lesson back where it left off.
    func testJumpToAStepAndBackAfterLiveCommands() throws {
        let lesson = SessionReplay.rerecord(try file("reparam> let d = normal(0, 1)\nreparam> d.rsample(3)\nreparam> d.rsample(3)"))
        var stepper = SessionStepper(lesson)
        stepper.jump(to: 3)
        XCTAssertTrue(stepper.atEnd)
        XCTAssertEqual(stepper.shown[2].lines, lesson.steps[2].output)
        stepper.jump(to: 1)
        XCTAssertEqual(stepper.position, 1)
        _ = stepper.run("let d = normal(5, 1)")     // a live command at the prompt
        _ = stepper.run("d.rsample(10)")
        stepper.jump(to: 1, fresh: true)
        XCTAssertEqual(stepper.forward()?.lines, lesson.steps[1].output, "the lesson continues as recorded")
        stepper.jump(to: 99)
        XCTAssertEqual(stepper.position, 3)
        stepper.jump(to: 0)
        XCTAssertEqual(stepper.position, 0)
    }
}
