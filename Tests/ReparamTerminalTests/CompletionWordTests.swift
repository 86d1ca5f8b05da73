import XCTest
@testable import ReparamTerminal
import ReparamTestSupport

final class CompletionWordTests: XCTestCase {
    private func word(_ line: String) -> String { CompletionWord.split(line).word }

    func testMethodAccessStaysOneWord() {
        XCTAssertEqual(word("d.rs"), "d.rs")
        XCTAssertEqual(word("grad mean(d.rs"), "d.rs")
        XCTAssertEqual(word("let z = d.concentration.su"), "d.concentration.su")
    }

    func testOperatorsAndBracketsBreakWords() {
        XCTAssertEqual(word("1+gam"), "gam")
        XCTAssertEqual(word("x^2*nor"), "nor")
        XCTAssertEqual(word("[1,2,dir"), "dir")
        XCTAssertEqual(word("f(x)-lo"), "lo")
        XCTAssertEqual(word("gamma(2, rate: 3) + be"), "be")
        XCTAssertEqual(word("let a=nor"), "nor")
    }

    func testCommandsAndHelpTopicsStayWhole() {
        XCTAssertEqual(word(":he"), ":he")
        XCTAssertEqual(word("?stud"), "?stud")
        XCTAssertEqual(word("student_"), "student_")
    }

    func testEmptyWordAfterABreak() {
        XCTAssertEqual(word(""), "")
        XCTAssertEqual(word("grad "), "")
        XCTAssertEqual(word("mean("), "")
    }

    func testStartIndexPointsAtTheWord() {
        let line = "grad mean(d.rs"
        XCTAssertEqual(line.distance(from: line.startIndex, to: CompletionWord.split(line).start), 10)
    }

    func testNoSpaceAfterAnOpeningCall() {
        XCTAssertFalse(CompletionWord.appendsSpace(after: "d.rsample("))
        XCTAssertFalse(CompletionWord.appendsSpace(after: "d."))
        XCTAssertFalse(CompletionWord.appendsSpace(after: "rate:"))
        XCTAssertTrue(CompletionWord.appendsSpace(after: "grad"))
        XCTAssertTrue(CompletionWord.appendsSpace(after: "d.mean"))
    }

    func testCommonPrefix() {
        XCTAssertEqual(CompletionWord.commonPrefix(["d.rsample(", "d.sample("]), "d.")
        XCTAssertEqual(CompletionWord.commonPrefix(["gamma(", "gammaln(", "gamma_inc("]), "gamma")
        XCTAssertEqual(CompletionWord.commonPrefix(["abc"]), "abc")
        XCTAssertEqual(CompletionWord.commonPrefix([]), "")
        XCTAssertEqual(CompletionWord.commonPrefix(["x", "y"]), "")
    }

    func testDemoEvaluatorCompletesBoundNamesAndMethods() {
        let demo = DemoEvaluator()
        XCTAssertEqual(demo.completions(for: "d.rs", line: "d.rs"), [])   // d not bound yet
        XCTAssertEqual(demo.evaluate("let d = 3"), [.text("d = 3")])
        XCTAssertEqual(demo.completions(for: "d.rs", line: "d.rs"), ["d.rsample("])
        XCTAssertEqual(demo.completions(for: "d.", line: "grad d.").sorted(),
                       ["d.log_prob(", "d.mean", "d.rsample(", "d.sample(", "d.variance"])
        XCTAssertEqual(demo.completions(for: "sl", line: "sl"), ["sleep"])
    }
}
