import XCTest
@testable import ReparamTerminal

final class ArgumentParserTests: XCTestCase {
    func testNoArgumentsIsInteractive() throws {
        let invocation = try ArgumentParser.parse([])
        XCTAssertEqual(invocation.command, .interactive)
        XCTAssertFalse(invocation.plain)
        XCTAssertFalse(invocation.demoEvaluator)
    }

    func testPlainAndHiddenDemoFlag() throws {
        let invocation = try ArgumentParser.parse(["--plain", "--demo-evaluator"])
        XCTAssertEqual(invocation.command, .interactive)
        XCTAssertTrue(invocation.plain)
        XCTAssertTrue(invocation.demoEvaluator)
    }

    func testRunTakesOneFileAndOptionsOnEitherSide() throws {
        let invocation = try ArgumentParser.parse(["--json", "run", "fit.rp", "--keep-going"])
        XCTAssertEqual(invocation.command, .run(path: "fit.rp"))
        XCTAssertTrue(invocation.json)
        XCTAssertTrue(invocation.keepGoing)
        XCTAssertEqual(try ArgumentParser.parse(["run", "-"]).command, .run(path: "-"))
        XCTAssertEqual(try ArgumentParser.parse(["run", "--", "-odd.rp"]).command, .run(path: "-odd.rp"))
    }

    func testRunErrors() {
        XCTAssertThrowsError(try ArgumentParser.parse(["run"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message,
                           "'run' needs a FILE (or - for stdin): reparam run script.rp")
        }
        XCTAssertThrowsError(try ArgumentParser.parse(["run", "a.rp", "b.rp"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message, "'run' takes one FILE; got 2: a.rp b.rp")
        }
        XCTAssertThrowsError(try ArgumentParser.parse(["run", "a.rp", "-e", "1"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message,
                           "'run' and '-e' cannot be combined; put the statements in the file")
        }
    }

    func testEvaluateIsRepeatableAndKeepsOrder() throws {
        let invocation = try ArgumentParser.parse(["-e", "let a = 1", "--eval", "a + 1", "--eval=a * 2", "-ea^2"])
        XCTAssertEqual(invocation.command, .evaluate(statements: ["let a = 1", "a + 1", "a * 2", "a^2"]))
    }

    func testEvaluateStatementMayLookLikeAnOption() throws {
        XCTAssertEqual(try ArgumentParser.parse(["-e", "-1"]).command, .evaluate(statements: ["-1"]))
    }

    func testEvaluateWithoutStatement() {
        XCTAssertThrowsError(try ArgumentParser.parse(["-e"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message, "-e needs a statement, e.g. -e '1 + 1'")
        }
    }

    func testHelpAndVersionWinOverEverythingElse() throws {
        XCTAssertEqual(try ArgumentParser.parse(["--help"]).command, .help)
        XCTAssertEqual(try ArgumentParser.parse(["-h", "run", "x"]).command, .help)
        XCTAssertEqual(try ArgumentParser.parse(["--version"]).command, .version)
        XCTAssertEqual(try ArgumentParser.parse(["-V"]).command, .version)
    }

    func testReplayHandsItsArgumentsToReplayRequest() throws {
        XCTAssertEqual(try ArgumentParser.parse(["replay", "--check", "s.txt"]).command,
                       .replay(ReplayRequest(files: ["s.txt"], mode: .check)))
    }

    func testUnknownOptionSuggestsTheClosestOne() {
        XCTAssertThrowsError(try ArgumentParser.parse(["--jsn"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message, "unknown option '--jsn' (did you mean --json?)")
        }
        XCTAssertThrowsError(try ArgumentParser.parse(["--frobnicate"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message, "unknown option '--frobnicate'")
        }
        XCTAssertThrowsError(try ArgumentParser.parse(["-x"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message, "unknown option '-x'")
        }
    }

    func testUnknownCommand() {
        XCTAssertThrowsError(try ArgumentParser.parse(["frob"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message, "unknown command 'frob' (commands: run, replay, lessons)")
        }
        XCTAssertThrowsError(try ArgumentParser.parse(["03-gamma.reparam"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message,
                           "unknown command '03-gamma.reparam'; 03-gamma.reparam is a saved session: reparam replay 03-gamma.reparam")
        }
        XCTAssertThrowsError(try ArgumentParser.parse(["lesson.rp"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message,
                           "unknown command 'lesson.rp'; to run a script: reparam run lesson.rp")
        }
    }

    func testLessonsListsTheCourse() throws {
        XCTAssertEqual(try ArgumentParser.parse(["lessons"]).command, .lessons)
        XCTAssertThrowsError(try ArgumentParser.parse(["lessons", "3"]))
        // replay keeps a lesson's number or name for the lookup (LessonCatalog) to resolve.
        guard case let .replay(request) = try ArgumentParser.parse(["replay", "3"]).command else { return XCTFail() }
        XCTAssertEqual(request.files, ["3"])
    }

    /// `reparam run` of a saved session says what it is and how to replay it.
    func testRunOfASavedSessionExplainsItself() throws {
        let lesson = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sessions/01-explicit-normal.reparam").path
        XCTAssertEqual(SavedSessionAdvice.message(for: lesson),
                       "\(lesson) is a saved session (commands with their recorded output), not a script: replay it step by step with "
                       + "'reparam replay \(lesson)', or re-run and compare it with 'reparam replay --check \(lesson)'")
        let renamed = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(getpid()).txt")
        try FileManager.default.copyItem(atPath: lesson, toPath: renamed.path)
        defer { try? FileManager.default.removeItem(at: renamed) }
        XCTAssertNotNil(SavedSessionAdvice.message(for: renamed.path), "found by its header, whatever its name")
        XCTAssertNil(SavedSessionAdvice.message(for: "-"))
        XCTAssertNil(SavedSessionAdvice.message(for: "script.rp"))
    }

    func testScriptOnlyOptionsNeedAScript() {
        XCTAssertThrowsError(try ArgumentParser.parse(["--json"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message, "--json works with 'run' and '-e'")
        }
        XCTAssertThrowsError(try ArgumentParser.parse(["--keep-going"])) { error in
            XCTAssertEqual((error as? CommandLineError)?.message, "--keep-going works with 'run' and '-e'")
        }
    }

    func testEditDistance() {
        XCTAssertEqual(ArgumentParser.editDistance("", ""), 0)
        XCTAssertEqual(ArgumentParser.editDistance("", "abc"), 3)
        XCTAssertEqual(ArgumentParser.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(ArgumentParser.editDistance("--json", "--jsno"), 2)
    }
}
