import Synchronization
import XCTest
@testable import ReparamTerminal
import ReparamTestSupport

/// What a runner wrote, in order (progress lines arrive through a `@Sendable` sink).
private final class Written: Sendable {
    let lines = Mutex<[(String, Console.Stream)]>([])
}

final class ScriptRunnerTests: XCTestCase {
    private var written: [(String, Console.Stream)] = []

    private func run(_ lines: [String], policy: ScriptRunner.Policy) -> Int32 {
        let collected = Written()
        let status = ScriptRunner(evaluator: DemoEvaluator(), policy: policy) { text, stream in
            collected.lines.withLock { $0.append((text, stream)) }
        }.run(lines)
        written = collected.lines.withLock { $0 }
        return status
    }

    private var output: [String] { written.filter { $0.1 == .output }.map(\.0) }
    private var errors: [String] { written.filter { $0.1 == .error }.map(\.0) }

    func testScriptStopsAtTheFirstErrorWithTheErrorOnStderr() {
        let status = run(["let a = 1", "fail", "echo never"], policy: .script(keepGoing: false, json: false))
        XCTAssertEqual(status, 1)
        XCTAssertEqual(output, ["a = 1"])
        XCTAssertEqual(errors, ["demo error: fail always fails"])
    }

    func testKeepGoingRunsEveryLineAndStillReportsFailure() {
        let status = run(["fail", "echo after", "fail"], policy: .script(keepGoing: true, json: false))
        XCTAssertEqual(status, 1)
        XCTAssertEqual(output, ["after"])
        XCTAssertEqual(errors.count, 2)
    }

    func testCleanScriptExitsZero() {
        XCTAssertEqual(run(["let a = 2", "a", "lines 2"], policy: .script(keepGoing: false, json: false)), 0)
        XCTAssertEqual(output, ["a = 2", "2", "line 1", "line 2"])
    }

    func testJSONKeepsErrorsOnStdout() {
        XCTAssertEqual(run(["fail"], policy: .script(keepGoing: false, json: true)), 1)
        XCTAssertEqual(output, ["demo error: fail always fails"])
        XCTAssertEqual(errors, [])
    }

    func testPipeAnswersErrorsLikeAnythingElse() {
        XCTAssertEqual(run(["fail", "echo x"], policy: .pipe), 0)
        XCTAssertEqual(output, ["demo error: fail always fails", "x"])
    }

    func testProgressLinesPrintBeforeTheResult() {
        XCTAssertEqual(run(["progress 2", "echo next"], policy: .script(keepGoing: false, json: false)), 0)
        XCTAssertEqual(output, ["progress 1/2", "progress 2/2", "done after 2 steps", "next"])
    }

    func testQuitStops() {
        XCTAssertEqual(run(["echo a", ":quit", "echo b"], policy: .script(keepGoing: false, json: false)), 0)
        XCTAssertEqual(output, ["a"])
    }

    func testEmbeddedNewlinesAndCarriageReturnsSplitStatements() {
        XCTAssertEqual(run(["echo a\r\necho b\r"], policy: .script(keepGoing: false, json: false)), 0)
        XCTAssertEqual(output, ["a", "b"])
    }

    func testAnOpenBracketJoinsTheNextLinesIntoOneStatement() {
        XCTAssertEqual(run(["echo f(1,", "   [2, 3])", "echo after"], policy: .pipe), 0)
        XCTAssertEqual(output, ["f(1, [2, 3])", "after"])
    }

    func testAStatementLeftOpenAtTheEndStillRunsSoItsErrorIsShown() {
        XCTAssertEqual(run(["echo (never closed", "echo 2"], policy: .script(keepGoing: false, json: false)), 0)
        XCTAssertEqual(output, ["(never closed echo 2"])
    }

    func testScriptsDoNotStripPromptsOrSkipRecordedOutput() {
        XCTAssertEqual(run(["| 2"], policy: .pipe), 0)
        XCTAssertEqual(output, ["unknown statement '|' (demo evaluator)"], "a `| …` line reaches the evaluator")
    }

    func testReplayPrintsTheSessionTranscript() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString).reparam").path
        try "@reparam session 1\n@title sums\n@seed 0\n\n# one plus one\nreparam> 1+1\n| 2\n\n@end\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let collected = Written()
        let status = ScriptRunner(evaluator: SessionEvaluator(configuration: EvaluatorConfiguration(mode: .script)),
                                  policy: .script(keepGoing: false, json: false)) { text, stream in
            collected.lines.withLock { $0.append((text, stream)) }
        }.run([":replay \(path)", "3 * 3"])
        XCTAssertEqual(status, 0)
        XCTAssertEqual(collected.lines.withLock { $0 }.map(\.0), ["# sums", "# one plus one", "reparam> 1+1", "2", "9"])
    }
}
