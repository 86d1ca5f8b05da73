import XCTest
@testable import ReparamTerminal

/// `reparam`'s command line as swift-argument-parser reads it: what each form becomes, and the
/// message each mistake gets (the process-boundary tests check the exit statuses).
final class ReparamCommandTests: XCTestCase {
    private func parse(_ arguments: [String]) throws -> Invocation {
        try ReparamCommand.invocation(for: arguments)
    }

    /// The message `reparam` prints after "reparam: " for a command line it refuses.
    private func message(_ arguments: [String]) -> String? {
        do {
            _ = try parse(arguments)
            return nil
        } catch {
            return ReparamCommand.message(for: error)
        }
    }

    func testNoArgumentsIsInteractive() throws {
        let invocation = try parse([])
        XCTAssertEqual(invocation.command, .interactive)
        XCTAssertFalse(invocation.plain)
        XCTAssertTrue(try parse(["--plain"]).plain)
    }

    func testNoHiddenDemoFlag() {
        XCTAssertEqual(message(["--demo-evaluator"]), "Unknown option '--demo-evaluator'")
    }

    func testRunTakesOneFileAndOptionsOnEitherSide() throws {
        let invocation = try parse(["--json", "run", "fit.rp", "--keep-going"])
        XCTAssertEqual(invocation.command, .run(path: "fit.rp"))
        XCTAssertTrue(invocation.json)
        XCTAssertTrue(invocation.keepGoing)
        XCTAssertEqual(try parse(["run", "fit.rp", "-k"]).keepGoing, true)
        XCTAssertEqual(try parse(["run", "-"]).command, .run(path: "-"))
        XCTAssertEqual(try parse(["run", "--", "-odd.rp"]).command, .run(path: "-odd.rp"))
    }

    func testRunMistakes() {
        XCTAssertEqual(message(["run"]), "Missing expected argument '<file>'")
        XCTAssertEqual(message(["run", "a.rp", "b.rp"]), "unknown command 'b.rp'; to run a script: reparam run b.rp")
        XCTAssertEqual(message(["run", "a.rp", "-e", "1"]), "'run' and '-e' cannot be combined; put the statements in the file")
        XCTAssertEqual(message(["-e", "1", "run", "a.rp"]), "'run' and '-e' cannot be combined; put the statements in the file")
    }

    func testEvaluateIsRepeatableAndKeepsOrder() throws {
        let invocation = try parse(["-e", "let a = 1", "--eval", "a + 1", "--eval=a * 2"])
        XCTAssertEqual(invocation.command, .evaluate(statements: ["let a = 1", "a + 1", "a * 2"]))
    }

    func testEvaluateStatementMayLookLikeAnOption() throws {
        XCTAssertEqual(try parse(["-e", "-1", "-e", "--json"]).command, .evaluate(statements: ["-1", "--json"]))
    }

    func testEvaluateWithoutStatement() {
        XCTAssertEqual(message(["-e"]), "Missing value for '-e <statement>'")
    }

    func testHelpVersionAndCompletionAreCleanExits() {
        for arguments in [["--help"], ["-h", "run", "x"], ["run", "--help"], ["help", "replay"], ["--version"],
                          ["--generate-completion-script", "zsh"]] {
            XCTAssertThrowsError(try parse(arguments), "\(arguments)") { error in
                XCTAssertEqual(ReparamCommand.exitCode(for: error), .success, "\(arguments)")
            }
        }
        XCTAssertThrowsError(try parse(["--version"])) { error in
            XCTAssertEqual(ReparamCommand.fullMessage(for: error), "reparam 0.1.0")
        }
        XCTAssertThrowsError(try parse(["help", "replay"])) { error in
            XCTAssertTrue(ReparamCommand.fullMessage(for: error).contains("USAGE: reparam replay"))
        }
    }

    func testReplayBecomesAReplayRequest() throws {
        XCTAssertEqual(try parse(["replay", "--check", "s.txt"]).command, .replay(ReplayRequest(files: ["s.txt"], mode: .check)))
    }

    func testUnknownOptionSuggestsTheClosestOne() {
        XCTAssertEqual(message(["--jsn"]), "Unknown option '--jsn'. Did you mean '--json'?")
        XCTAssertEqual(message(["-x"]), "Unknown option '-x'")
    }

    func testUnknownCommand() {
        XCTAssertEqual(message(["frob"]), "unknown command 'frob' (commands: run, replay, lessons)")
        XCTAssertEqual(message(["lesson.rp"]), "unknown command 'lesson.rp'; to run a script: reparam run lesson.rp")
        XCTAssertEqual(message(["03-gamma.reparam"]),
                       "unknown command '03-gamma.reparam'; 03-gamma.reparam is a saved session: reparam replay 03-gamma.reparam")
    }

    func testLessonsListsTheCourse() throws {
        XCTAssertEqual(try parse(["lessons"]).command, .lessons)
        XCTAssertNotNil(message(["lessons", "3"]))
        // replay keeps a lesson's number or name for the lookup (LessonCatalog) to resolve.
        guard case let .replay(request) = try parse(["replay", "3"]).command else { return XCTFail() }
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
        XCTAssertEqual(message(["--json"]), "--json works with 'run' and '-e'")
        XCTAssertEqual(message(["--keep-going"]), "--keep-going works with 'run' and '-e'")
        XCTAssertEqual(message(["--plain", "-k"]), "--keep-going works with 'run' and '-e'")
    }
}
