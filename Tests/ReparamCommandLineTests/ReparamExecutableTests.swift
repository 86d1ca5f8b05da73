import Foundation
import XCTest

/// The built `reparam` at the process boundary: what it prints where, and its exit status
/// (0 success, 1 a statement failed or a session differs, 2 a bad command line or file).
final class ReparamExecutableTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reparam-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ text: String, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testHelpIsGeneratedOnStdout() throws {
        let result = try execute("reparam", ["--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stderr, "")
        XCTAssertTrue(result.stdout.hasPrefix("OVERVIEW: Reparameterization gradients, interactively."), result.stdout)
        for expected in ["USAGE: reparam [--eval <statement> ...] [--json] [--keep-going] [--plain] <subcommand>",
                         "  -e, --eval <statement>", "  run ", "  replay ", "Exit status: 0 success"] {
            XCTAssertTrue(result.stdout.contains(expected), "--help lacks \(expected)")
        }
        XCTAssertTrue(try execute("reparam", ["replay", "--help"]).stdout.contains("USAGE: reparam replay [<file> ...] [--check] [--record]"))
    }

    func testVersion() throws {
        try assertExecute("reparam", ["--version"], stdout: "reparam 0.1.0", stderr: "", status: 0)
    }

    func testCompletionScripts() throws {
        for (shell, marker) in [("bash", "complete -o filenames -F _reparam reparam"), ("zsh", "#compdef reparam"),
                                ("fish", "complete -c 'reparam'")] {
            let result = try execute("reparam", ["--generate-completion-script", shell])
            XCTAssertEqual(result.status, 0, shell)
            XCTAssertTrue(result.stdout.contains(marker), "\(shell): \(result.stdout.prefix(80))")
            XCTAssertTrue(result.stdout.contains("replay"), shell)
        }
    }

    func testStatementsAsJSON() throws {
        try assertExecute("reparam", ["-e", "let a = 2", "-e", "a^2", "--json"], stdout: """
            {"line":1,"input":"let a = 2","kind":"binding","name":"a","value":2,"shape":[]}
            {"line":2,"input":"a^2","kind":"value","value":4,"shape":[]}
            """, stderr: "", status: 0)
    }

    func testRunStopsAtTheFailingLineWithStatus1() throws {
        let script = try write("let a = 2\na^2\nlet b = gamma(-1)\na + 1\n", to: "fails.rp")
        try assertExecute("reparam", ["run", script], stdout: "a = 2\n4", stderr: """
            error: gamma needs concentration to be positive, got -1
              let b = gamma(-1)
                            ^
            """, status: 1)
        // --keep-going runs the last line too, and still ends with 1.
        try assertExecute("reparam", ["run", script, "--keep-going"], stdout: "a = 2\n4\n3", status: 1)
    }

    func testReplayCheckReportsADifferenceWithStatus1() throws {
        let session = try write("""
            @reparam session 1
            @title arithmetic
            @seed 0
            @plot 80x24 ascii

            reparam> 1+1
            | 3

            reparam> 2*3
            | 6

            @end

            """, to: "differs.reparam")
        try assertExecute("reparam", ["replay", "--check", session], stdout: """
            \(session):7: the output of '1+1' differs
              recorded: '| 3'
              produced: '| 2'
            FAIL  \(session): 1 of 2 commands differ
            0 passed, 1 failed (numbers within a relative 1e-09)
            """, stderr: "", status: 1)
    }

    func testBadCommandLinesGetTheRuleAndStatus2() throws {
        try assertExecute("reparam", ["--jsn"], stdout: "",
                          stderr: "reparam: Unknown option '--jsn'. Did you mean '--json'?\nTry 'reparam --help'.", status: 2)
        try assertExecute("reparam", ["-e", "1", "run", "x.rp"], stdout: "",
                          stderr: "reparam: 'run' and '-e' cannot be combined; put the statements in the file\nTry 'reparam --help'.",
                          status: 2)
        try assertExecute("reparam", ["replay", "--check", "--record", "a.reparam"], stdout: "",
                          stderr: "reparam: --check and --record cannot be combined: check first, record on purpose\nTry 'reparam --help'.",
                          status: 2)
        try assertExecute("reparam", ["--json"], stdout: "",
                          stderr: "reparam: --json works with 'run' and '-e'\nTry 'reparam --help'.", status: 2)
        try assertExecute("reparam", ["run", directory.appendingPathComponent("missing.rp").path], stdout: "",
                          stderr: "reparam: \(directory.appendingPathComponent("missing.rp").path): no such file", status: 2)
    }

    func testAPipeIsAnsweredLineByLine() throws {
        try assertExecute("reparam", [], stdin: "let a = 3\na + 1\n", stdout: "a = 3\n4", status: 0)
    }

    /// Pipes and scripts join an unclosed bracket with the next lines, as the prompt does; a
    /// statement still open at the end is reported, not dropped.
    func testPipesAndScriptsJoinOpenBracketsIntoOneStatement() throws {
        let statements = "let v = [1,\n       2,\n       3]\nsum(v *\n  2)\n"
        try assertExecute("reparam", [], stdin: statements, stdout: "v = [1, 2, 3]\n12", status: 0)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("joined-\(UUID().uuidString).rp")
        try (statements + "mean(v\n").write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let run = try execute("reparam", ["run", script.path])
        XCTAssertEqual(run.stdout, "v = [1, 2, 3]\n12")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("mean(v"), run.stderr)
    }
}
