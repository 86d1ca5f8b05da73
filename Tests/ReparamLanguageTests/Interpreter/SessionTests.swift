import XCTest
@testable import ReparamLanguage

/// Errors, state, formatting, JSON and completion.
final class SessionTests: XCTestCase {
    func testErrorsKeepEarlierVariables() {
        let session = Session()
        _ = session.expectOutput("let a = 2")
        _ = session.expectError("let b = a +")
        _ = session.expectError("let c = nosuch(1)")
        _ = session.expectError("let d = normal(0, -1)")
        XCTAssertEqual(session.number("a"), 2)
        XCTAssertEqual(session.variables, ["a"])
    }

    func testDidYouMeanAndCarets() {
        let session = Session()
        let diagnostic = session.expectError("grad mena([1, 2])")
        XCTAssertEqual(diagnostic?.message, "unknown name 'mena'; did you mean 'mean'?")
        XCTAssertEqual(diagnostic?.column, 6)
        XCTAssertEqual(diagnostic?.rendered, "error: unknown name 'mena'; did you mean 'mean'?\n  grad mena([1, 2])\n       ^")
        _ = session.expectOutput("let d = normal(0, 1)")
        XCTAssertEqual(session.expectError("d.rsampel(3)")?.message, "normal has no method 'rsampel'; did you mean 'rsample'?")
        XCTAssertEqual(session.expectError(":vras")?.message, "unknown command ':vras'; did you mean 'vars'?")
    }

    func testConstraintViolationsPointAtTheArgument() {
        let session = Session()
        let diagnostic = session.expectError("let d = normal(0, -1)")
        XCTAssertEqual(diagnostic?.message, "normal needs scale to be positive, got -1")
        XCTAssertEqual(diagnostic?.column, 19)
    }

    func testJSONSchema() {
        let session = Session()
        XCTAssertEqual(session.runJSON("1+1")[0].text, #"{"line":1,"input":"1+1","kind":"value","value":2,"shape":[]}"#)
        XCTAssertEqual(session.runJSON("let a = 0.1")[0].text,
                       #"{"line":2,"input":"let a = 0.1","kind":"binding","name":"a","value":0.1,"shape":[]}"#)
        XCTAssertEqual(session.runJSON("grad a^2")[0].text,
                       #"{"line":3,"input":"grad a^2","kind":"grad","estimator":"pathwise","value":0.010000000000000002,"gradients":{"a":0.2}}"#)
        XCTAssertEqual(session.runJSON("1 +")[0].text,
                       #"{"line":4,"input":"1 +","kind":"error","message":"expected an expression after '+'","column":4}"#)
        XCTAssertEqual(session.runJSON("[[1,2],[3,4]] / 3")[0].text,
                       #"{"line":5,"input":"[[1,2],[3,4]] / 3","kind":"value","value":[[0.3333333333333333,0.6666666666666666],[1,1.3333333333333333]],"shape":[2,2]}"#)
    }

    func testHumanFormat() {
        let session = Session()
        XCTAssertEqual(session.expectOutput("1/3").text, "0.333333")
        XCTAssertEqual(session.expectOutput("[[1, 20], [300, 4]]").text, "[[  1, 20],\n [300,  4]]")
        XCTAssertEqual(session.expectOutput("let d = normal(0, 1)").text, "d = Normal(loc: 0, scale: 1)")
        let long = session.expectOutput("linspace(0, 1, 101)").text
        XCTAssertEqual(long, "tensor [101]  0, 0.01, 0.02, …, 0.98, 0.99, 1\n  mean 0.5  std 0.293002  min 0  max 1")
        // std = √(Σₖ (k/100)² / 100) over k = −50…50 = √0.08585 = 0.2930017…
        session.precision = 3
        XCTAssertEqual(session.expectOutput("1/3").text, "0.333")
        XCTAssertEqual(NumberFormat.short(1.5e-7), "1.5e-7")
        XCTAssertEqual(NumberFormat.short(-2.5e12), "-2.5e12")
        XCTAssertEqual(NumberFormat.roundTrip(1.0 / 3.0), "0.3333333333333333")
        XCTAssertEqual(Double(NumberFormat.roundTrip(0.1 + 0.2)), 0.1 + 0.2)
    }

    func testVarsResetSeedAndHelp() {
        let session = Session()
        _ = session.expectOutput("let a = 2")
        _ = session.expectOutput("let d = gumbel(0, 1)")
        XCTAssertEqual(session.expectOutput(":vars").text,
                       "a  2\nd  Gumbel(loc: 0, scale: 1)\nparameters: a, d.loc, d.scale")
        XCTAssert(session.expectOutput("?d").text.hasPrefix("gumbel(loc: 0, scale: 1)"))
        _ = session.expectOutput("seed 4")
        let first = session.expectOutput("d.sample(3)").field("value")
        _ = session.expectOutput("seed 4")
        XCTAssertEqual(session.expectOutput("d.sample(3)").field("value"), first)
        XCTAssertEqual(session.expectOutput(":reset").kind, .reset)
        XCTAssertEqual(session.variables, [])
        XCTAssert(session.expectOutput("?normal").text.contains("rsample:     explicit"))
        XCTAssert(session.expectOutput("?mean").text.contains("example:"))
        XCTAssertEqual(session.expectError("?nrmal")?.message, "no help for 'nrmal'; did you mean 'normal'?; :help lists the topics")
        XCTAssertEqual(session.expectOutput(":quit").kind, .quit)
        XCTAssertEqual(session.expectOutput(":save lesson").field("argument"), .string("lesson"))
    }

    func testCompletions() {
        let session = Session()
        _ = session.expectOutput("let d = normal(0, 1)")
        _ = session.expectOutput("let data = [1, 2]")
        XCTAssertEqual(session.completions(for: "d.rs"), ["d.rsample("])
        XCTAssertEqual(session.completions(for: "d.lo"), ["d.loc", "d.log_prob("])
        XCTAssertEqual(session.completions(for: "da"), ["data"])
        XCTAssertEqual(session.completions(for: "expo"), ["exponential("])
        XCTAssertEqual(session.completions(for: ":he"), [":help"])
        XCTAssertEqual(session.completions(for: "?gam"), ["?gamma"])
        XCTAssertEqual(session.completions(for: "gradv"), ["gradvar"])
    }

    func testTranscriptKeepsEveryLineAndItsOutput() {
        let session = Session()
        _ = session.run("let a = 2\nbad(\n\na * 3")
        XCTAssertEqual(session.transcript.map(\.input), ["let a = 2", "bad(", "", "a * 3"])
        XCTAssertEqual(session.transcript.map(\.output.kind), [.binding, .error, .empty, .value])
        XCTAssertEqual(session.transcript.last?.output.text, "6")
        XCTAssertEqual(session.lineNumber, 5)
        _ = session.run(":reset")
        XCTAssert(session.transcript.isEmpty)
    }
}
