import XCTest
@testable import ReparamLanguage

/// What users of Julia's and IPython's prompts expect: ans, :history, :time, hints for bare
/// exit/quit/help, d? for help, help on commands, keys and functions, completion by context.
final class PromptTests: XCTestCase {
    func testAnsIsTheLastValue() {
        let session = Session()
        XCTAssertEqual(session.number("2 + 3"), 5)
        XCTAssertEqual(session.number("ans * 2"), 10)
        XCTAssertEqual(session.number("ans + 1"), 11)
        _ = session.expectOutput("let ans = 100")
        XCTAssertEqual(session.number("1"), 1)
        XCTAssertEqual(session.number("ans"), 100, "a bound ans is the user's own")
    }

    func testHistoryAndTime() throws {
        let session = Session()
        _ = session.run("let a = 2")
        _ = session.run("a^2")
        let history = session.expectOutput(":history")
        XCTAssertEqual(history.text, "1  let a = 2\n2  a^2")
        XCTAssertEqual(session.expectOutput(":history 1").text, "3  :history\n".trimmingCharacters(in: .newlines))
        let timed = session.expectOutput(":time grad a^2")
        XCTAssertEqual(timed.kind, .grad)
        XCTAssertTrue(timed.text.hasPrefix("value  4\ngrad   a  4\ntime "), timed.text)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(timed.field("seconds")?.number), 0)
        let error = session.expectError(":time grad b")
        XCTAssertEqual(error?.message.hasPrefix("unknown name 'b'"), true)
        XCTAssertEqual(error?.column, 12, "the caret points into the timed statement")
    }

    func testHintsForWordsFromOtherPrompts() {
        let session = Session()
        XCTAssertEqual(session.expectError("exit")?.message, "'exit' is not a statement here; to leave, type :quit (or press Ctrl-D)")
        XCTAssertEqual(session.expectError("  quit")?.column, 3)
        XCTAssertTrue(session.expectError("help")?.message.contains(":help") == true)
        _ = session.expectOutput("let d = gamma(2, 1)")
        let help = session.expectOutput("d?")
        XCTAssertEqual(help.kind, .help)
        XCTAssertEqual(help.text, session.expectOutput("?d").text)
        XCTAssertEqual(session.expectOutput("d.rsample?").kind, .help)
    }

    func testHelpOnCommandsKeysFunctionsAndDefaults() {
        let session = Session()
        let commands = session.expectOutput(":help commands").text
        for command in [":history", ":time", ":vars", ":save", ":load", ":replay", ":precision", ":reset", ":quit"] {
            XCTAssertTrue(commands.contains(command), command)
        }
        XCTAssertTrue(session.expectOutput(":help keys").text.contains("Ctrl-R"))
        let functions = session.expectOutput(":help functions").text
        XCTAssertTrue(functions.contains("exp(x)") && functions.contains("=>"), functions)
        XCTAssertTrue(session.expectOutput("?gradvar").text.contains("reps N, default 100"))
        XCTAssertTrue(session.expectOutput("?fit").text.contains("Defaults: steps 500, lr 0.05 with adam (0.01 with sgd)"))
        XCTAssertTrue(session.expectOutput("?hist").text.contains("samples 10000"))
        XCTAssertTrue(session.expectOutput("?sweep").text.contains("default 20"))
        XCTAssertTrue(session.expectOutput("?plot").text.contains("default 200"))
    }

    func testCompletionByContext() throws {
        let session = Session()
        _ = session.expectOutput("let d = normal(0, 1)")
        _ = session.expectOutput("let c = dirichlet([1, 2, 3])")
        XCTAssertEqual(session.completions(for: "us", line: "grad mean(d.rsample(10)) us"), ["using"])
        XCTAssertEqual(session.completions(for: "s", line: "grad mean(d.rsample(10)) using s"), ["score", "straight_through"])
        XCTAssertEqual(session.completions(for: "", line: "fit d to normal(1, 1) using "), ["adam", "sgd"])
        XCTAssertEqual(session.completions(for: "l", line: "fit d to normal(1, 1) steps 10 loss l"), ["linear", "log"])
        XCTAssertEqual(session.completions(for: "st", line: "fit d to normal(1, 1) st"), ["steps"])
        XCTAssertEqual(session.completions(for: "re", line: "gradvar mean(d.rsample(10)) re"), ["reps"])
        XCTAssertEqual(session.completions(for: "b", line: "hist d b"), ["bins"])
        XCTAssertEqual(session.completions(for: "nor", line: "fit d to nor"), ["normal("], "after 'to' comes a distribution")
        // Inside an unclosed bracket the keywords wait: names complete as usual.
        XCTAssertFalse(session.completions(for: "us", line: "grad mean(d.rsample(10) us").contains("using"))
        XCTAssertEqual(session.completions(for: "d.", line: "sweep d."), ["d.loc", "d.scale"])
        // Only the methods a family has: a Dirichlet has no cdf.
        XCTAssertFalse(session.completions(for: "c.c", line: "c.c").contains("c.cdf("))
        XCTAssertTrue(session.completions(for: "d.c", line: "d.c").contains("d.cdf("))
        // File names after :load, with the folder kept.
        let root = SessionCourseTests.sessionsFolder.deletingLastPathComponent().path
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(root)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        XCTAssertEqual(session.completions(for: "Sess", line: ":load Sess"), ["Sessions/"])
        XCTAssertEqual(session.completions(for: "03", line: ":replay Sessions/03"), ["03-gamma-implicit.reparam"])
    }
}
