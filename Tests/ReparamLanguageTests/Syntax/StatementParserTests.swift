import XCTest
@testable import ReparamLanguage
import Reparam

/// Every statement form parses to the expected tree.
final class StatementParserTests: XCTestCase {
    private func assertParses(_ source: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let parsed = try Parser.statement(source)
            XCTAssertEqual(parsed.canonical, expected, source, file: file, line: line)
        } catch {
            XCTFail("\(source): \(error)", file: file, line: line)
        }
    }

    func testTheIssueExample() {
        assertParses("let d = dirichlet([1,2,3])", "(let d (call dirichlet [1 2 3]))")
        assertParses("grad mean(d.rsample(1000))", "(grad (call mean (call (. d rsample) 1000)))")
    }

    func testEmptyAndComments() {
        assertParses("", "(empty)")
        assertParses("   ", "(empty)")
        assertParses("# only a comment", "(empty)")
    }

    func testBindingAndBareExpression() {
        assertParses("let a = 2", "(let a 2)")
        assertParses("let f = x => x^2", "(let f (lambda (x) (^ x 2)))")
        assertParses("a + 1", "(+ a 1)")
        assertParses("d.mean", "(. d mean)")
    }

    func testGrad() {
        assertParses("grad mean(z^2)", "(grad (call mean (^ z 2)))")
        for estimator in ["pathwise", "implicit", "explicit", "score"] {
            assertParses("grad mean(d.rsample(100)) using \(estimator)",
                         "(grad (call mean (call (. d rsample) 100)) using \(estimator))")
        }
        assertParses("grad(x)", "(grad x)")
    }

    func testGradvarAndGradcheck() {
        assertParses("gradvar mean(d.rsample(100))", "(gradvar (call mean (call (. d rsample) 100)))")
        assertParses("gradvar mean(z) reps 50", "(gradvar (call mean z) reps 50)")
        assertParses("gradcheck mean(d.rsample(1000))", "(gradcheck (call mean (call (. d rsample) 1000)))")
    }

    func testMinimizeAndFit() {
        assertParses("minimize mean((q.rsample(256) - 3)^2)",
                     "(minimize (call mean (^ (- (call (. q rsample) 256) 3) 2)))")
        assertParses("minimize loss steps 500 lr 0.05 using sgd", "(minimize loss steps 500 lr 0.05 using sgd)")
        assertParses("minimize loss using adam lr 1e-2 steps 10", "(minimize loss steps 10 lr 0.01 using adam)")
        assertParses("fit q to gamma(5, 2)", "(fit q (call gamma 5 2))")
        assertParses("fit q to data steps 1000 lr 0.01", "(fit q data steps 1000 lr 0.01)")
    }

    func testHistAndPlot() {
        assertParses("hist d", "(hist d)")
        assertParses("hist d.rsample(1000) bins 30 samples 5000", "(hist (call (. d rsample) 1000) bins 30 samples 5000)")
        assertParses("plot d.cdf(x) for x in 0..10", "(plot (call (. d cdf) x) for x 0 10)")
        assertParses("plot exp(-x), 1 - x for x in -1..2 points 200",
                     "(plot (call exp (- x)) (- 1 x) for x (- 1) 2 points 200)")
        assertParses("plot d", "(plot d)")
    }

    func testSweep() {
        assertParses("sweep d.concentration from 1 to 5", "(sweep (. d concentration) 1 5)")
        assertParses("sweep a from 0 to 2 steps 20 then hist normal(a, 1)",
                     "(sweep a 0 2 steps 20 then (hist (call normal a 1)))")
        assertParses("sweep m.components[0].loc from -1 to 1", "(sweep (. (index (. m components) 0) loc) (- 1) 1)")
        assertParses("sweep d.concentration from [1,1,1] to [5,5,5] steps 10",
                     "(sweep (. d concentration) [1 1 1] [5 5 5] steps 10)")
    }

    func testSessionStatements() {
        assertParses("seed 42", "(seed 42)")
        assertParses("pace 20ms", "(pace 20ms)")
        assertParses("pace 0.5s", "(pace 500ms)")
        assertParses("?gamma", "(help gamma)")
        assertParses("? d.rsample", "(help d.rsample)")
        assertParses(":help", "(:help)")
        assertParses(":help grad", "(:help \"grad\")")
        assertParses(":vars", "(:vars)")
        assertParses(":reset", "(:reset)")
        assertParses(":quit", "(:quit)")
        assertParses(":save lesson one", "(:save \"lesson one\")")
        assertParses("  :load Sessions/intro.rp  ", "(:load \"Sessions/intro.rp\")")
        assertParses(":replay x # y", "(:replay \"x # y\")")
    }

    func testStatementRanges() throws {
        let statement = try Parser.statement("  grad mean(x) using score", line: 3)
        XCTAssertEqual(statement.range, SourceRange(line: 3, column: 3, endColumn: 27))
        guard case let .grad(_, estimator) = statement.kind else { return XCTFail("not grad") }
        XCTAssertEqual(estimator?.range, SourceRange(line: 3, column: 22, endColumn: 27))
        XCTAssertEqual(estimator?.value, GradientEstimator(.score))
    }
}
