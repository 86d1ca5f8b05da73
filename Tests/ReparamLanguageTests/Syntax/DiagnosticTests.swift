import XCTest
@testable import ReparamLanguage

/// Every parse error: its message and the column its caret points at.
final class DiagnosticTests: XCTestCase {
    private func assertError(_ source: String, _ message: String, column: Int,
                             file: StaticString = #filePath, line: UInt = #line) {
        do {
            let statement = try Parser.statement(source)
            XCTFail("\(source) parsed as \(statement.canonical)", file: file, line: line)
        } catch let diagnostic as Diagnostic {
            XCTAssertEqual(diagnostic.message, message, source, file: file, line: line)
            XCTAssertEqual(diagnostic.column, column, "column for \(source)", file: file, line: line)
            XCTAssertEqual(diagnostic.line, 1, file: file, line: line)
        } catch {
            XCTFail("\(source): unexpected \(error)", file: file, line: line)
        }
    }

    func testRenderingPutsTheCaretUnderTheColumn() throws {
        XCTAssertThrowsError(try Parser.statement("grad mean(d.rsample(1000)")) { error in
            XCTAssertEqual((error as? Diagnostic)?.rendered, """
                error: expected ')' to close '(' at column 10
                  grad mean(d.rsample(1000)
                                           ^
                """)
        }
        let tabbed = Diagnostic("boom", at: SourceRange(line: 1, column: 3, endColumn: 4), source: "\ta+")
        XCTAssertEqual(tabbed.rendered, "error: boom\n   a+\n    ^")
    }

    func testUnclosedBrackets() {
        assertError("grad mean(d.rsample(1000)", "expected ')' to close '(' at column 10", column: 26)
        assertError("(1 + 2", "expected ')' to close '(' at column 1", column: 7)
        assertError("(1 + 2 3", "expected ')' to close '(' at column 1, got '3'", column: 8)
        assertError("[1, 2", "expected ']' to close '[' at column 1", column: 6)
        assertError("x[0", "expected ']' to close '[' at column 2", column: 4)
        assertError("f(1, 2", "expected ')' to close '(' at column 2", column: 7)
        assertError("f(1,", "expected ')' to close '(' at column 2", column: 5)
    }

    func testMissingOperands() {
        assertError("1 +", "expected an expression after '+'", column: 4)
        assertError("2 * )", "expected an expression after '*', got ')'", column: 5)
        assertError("2 ^", "expected an expression after '^'", column: 4)
        assertError("-", "expected an expression after '-'", column: 2)
        assertError("a <", "expected an expression after '<'", column: 4)
        assertError("()", "expected an expression inside '()'", column: 2)
        assertError("* 2", "expected an expression, got '*'", column: 1)
        assertError("0..", "expected the end of the range after '..', e.g. 0..10", column: 4)
    }

    func testArgumentsAndIndices() {
        assertError("f(1, )", "expected an argument after ',', got ')'", column: 6)
        assertError("gamma(rate: )", "expected an argument after 'rate:', got ')'", column: 13)
        assertError("gamma(rate: 3, 2)",
                    "a positional argument cannot follow the named argument 'rate:'; put positional arguments first",
                    column: 16)
        assertError("gamma(2, rate: 3, rate: 4)", "the argument 'rate:' is given twice", column: 19)
        assertError("x[]", "expected an index inside '[]', e.g. x[0], x[1:3] or x[:, 1]", column: 3)
        assertError("x[0, ]", "expected an index, e.g. x[0], x[1:3] or x[:, 1], got ']'", column: 6)
        assertError("d.", "expected a name after '.', e.g. d.mean or d.rsample(100)", column: 3)
        assertError("d.3", "expected a name after '.', e.g. d.mean or d.rsample(100)", column: 3)
        assertError("[1, ]", "expected a vector element after ',', got ']'", column: 5)
    }

    func testLambdas() {
        assertError("x =>", "expected the lambda's body after '=>', e.g. x => x^2", column: 5)
        assertError("(x, x) => x", "the lambda names its parameter 'x' twice; give each parameter its own name", column: 1)
    }

    func testLexicalErrors() {
        assertError("\"open", "unterminated string: add a closing \"", column: 1)
        assertError("1 $ 2", "unexpected character '$'", column: 3)
        assertError("a ! b", "unexpected character '!'; for 'not equal' write '!='", column: 3)
        assertError("{1, 2}", "unexpected character '{'; vectors and matrices use square brackets, e.g. [1, 2, 3]", column: 1)
        assertError("1e-", "malformed number '1e-': the exponent needs digits, e.g. 1e-3", column: 1)
    }

    func testTrailingTokens() {
        assertError("1 2", "unexpected '2' after the end of the expression", column: 3)
        assertError("a = 3", "'=' binds a name only in 'let NAME = EXPR'; to compare, write '=='", column: 3)
        assertError("2x", "unexpected 'x' right after the number 2; to multiply, write '2 * x'", column: 2)
        assertError("f(x))", "unexpected ')' after the end of the expression", column: 5)
        assertError("gard mean(x)", "unknown statement 'gard'; did you mean 'grad'?", column: 1)
    }

    func testLet() {
        assertError("let", "expected a name after 'let', e.g. let a = 2", column: 4)
        assertError("let 3 = 4", "expected a name after 'let', e.g. let a = 2, got '3'", column: 5)
        assertError("let a 3", "expected '=' after 'let a', e.g. let a = 2, got '3'", column: 7)
        assertError("let a =", "expected an expression after '='", column: 8)
        assertError("let grad = 1", "'grad' is a word of the language and cannot be a name; choose another, e.g. grad1", column: 5)
        assertError("let a = 1 2", "unexpected '2' after the end of the expression", column: 11)
    }

    func testStatementOptions() {
        assertError("grad", "expected an expression after 'grad'", column: 5)
        assertError("grad x using scor",
                    "unknown estimator 'scor': choose pathwise, implicit, explicit, score, mvd, rebar or straight_through; did you mean 'score'?", column: 14)
        assertError("grad x using", "expected an estimator after 'using': choose pathwise, implicit, explicit, score, mvd, rebar or straight_through", column: 13)
        assertError("grad x usin score", "unknown option 'usin': grad takes using, baseline, control and coupling; did you mean 'using'?", column: 8)
        assertError("minimize x stpes 10", "unknown option 'stpes': minimize takes steps, lr, using and loss; did you mean 'steps'?", column: 12)
        assertError("minimize x steps 1.5", "steps needs a whole number of at least 1, e.g. steps 100; got '1.5'", column: 18)
        assertError("minimize x steps", "steps needs a whole number of at least 1, e.g. steps 100", column: 17)
        assertError("minimize x steps 10 steps 20", "'steps' is given twice", column: 21)
        assertError("minimize x lr -1", "lr needs a positive number, e.g. lr 0.05; got '-1'", column: 15)
        assertError("minimize x using adma", "unknown optimizer 'adma': choose adam or sgd; did you mean 'adam'?", column: 18)
        assertError("gradcheck x reps 3", "unknown option 'reps': gradcheck takes no options", column: 13)
        assertError("gradvar x reps 0", "reps needs a whole number of at least 1, e.g. reps 100; got '0'", column: 16)
        assertError("hist d bins 0", "bins needs a whole number of at least 1, e.g. bins 100; got '0'", column: 13)
        assertError("grad x)", "unexpected ')' after the end of the expression", column: 7)
    }

    func testFitPlotSweep() {
        assertError("fit q gamma(5, 2)",
                    "expected 'to' after the model, as in 'fit q to gamma(5, 2)' or 'fit q to data', got 'gamma'", column: 7)
        assertError("fit q to", "expected an expression after 'to'", column: 9)
        assertError("plot f(x) for 3 in 0..1", "expected a variable name after 'for', as in 'for x in 0..10'", column: 15)
        assertError("plot f(x) for x 0..1", "expected 'in' after 'for x', as in 'for x in 0..10'", column: 17)
        assertError("plot f(x) for x in 5", "expected a range A..B after 'in', e.g. for x in 0..10", column: 20)
        assertError("plot f(x),", "expected an expression after ','", column: 11)
        assertError("sweep d.mean + 1 from 0 to 1", "sweep varies a parameter such as a or d.loc, not a computed value", column: 7)
        assertError("sweep a to 3", "expected 'from' after the parameter, as in 'sweep d.loc from 0 to 3'", column: 9)
        assertError("sweep a from 0 3", "expected 'to' after the start value, as in 'sweep d.loc from 0 to 3'", column: 16)
        assertError("sweep a from 0 to 1 then", "expected a statement after 'then', e.g. then hist d", column: 25)
    }

    func testSessionStatements() {
        assertError("seed", "seed needs a whole number of at least 0, e.g. seed 42", column: 5)
        assertError("seed -1", "seed needs a whole number of at least 0, e.g. seed 42; got '-1'", column: 6)
        assertError("seed 1.5", "seed needs a whole number of at least 0, e.g. seed 42; got '1.5'", column: 6)
        assertError("pace 20", "pace needs a duration with its unit, e.g. pace 20ms or pace 0.5s", column: 8)
        assertError("pace fast", "pace needs a duration with its unit, e.g. pace 20ms or pace 0.5s; got 'fast'", column: 6)
        assertError("pace 20 min", "pace needs a duration with its unit, e.g. pace 20ms or pace 0.5s", column: 9)
        assertError("?", "expected a name after '?', e.g. ?gamma or ?rsample", column: 2)
        assertError("  :", "expected a command after ':', e.g. :help, :vars, :reset or :quit", column: 4)
    }

    func testErrorsCarryTheirLine() {
        XCTAssertThrowsError(try Parser.statement("1 +", line: 7)) { error in
            XCTAssertEqual((error as? Diagnostic)?.line, 7)
        }
    }

    func testSuggestions() {
        XCTAssertEqual(Suggestions.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(Suggestions.editDistance("rsampel", "rsample"), 1)
        XCTAssertEqual(Suggestions.editDistance("", "abc"), 3)
        XCTAssertEqual(Suggestions.closest(to: "rsampel", among: ["sample", "rsample"]), "rsample")
        XCTAssertEqual(Suggestions.closest(to: "dirichelt", among: ["dirichlet", "gamma"]), "dirichlet")
        XCTAssertNil(Suggestions.closest(to: "xyz", among: ["dirichlet", "gamma"]))
        XCTAssertEqual(Suggestions.closest(to: "Mean", among: ["mean"]), "mean")
    }
}

/// Messages speak the language (no Swift API names), carets point at the word that is wrong,
/// and a negative option value is quoted whole.
final class LanguageWordingTests: XCTestCase {
    func testEngineMessagesUseTheLanguagesNames() {
        let session = Session()
        XCTAssertEqual(EngineMessages.translate("Mixture: the entropy of a mixture has no closed form; estimate it by Monte Carlo as -mean(logProb(sample(n)))"),
                       "Mixture: the entropy of a mixture has no closed form; estimate it by Monte Carlo as -mean(d.log_prob(d.sample(n)))")
        let quantile = session.expectError("beta(2, 3).icdf(1.5)")?.message ?? ""
        XCTAssertFalse(quantile.contains("inverseRegularizedBeta"), quantile)
        XCTAssertFalse(quantile.contains("logProb"), quantile)
        let studentT = session.expectError("student_t(3).icdf(2)")?.message ?? ""
        XCTAssertFalse(studentT.contains("inverseStudentTCDF"), studentT)
        XCTAssertEqual(EngineMessages.translate("inverseRegularizedBeta: p must be in [0, 1], got 1.5"), "p must be in [0, 1], got 1.5")
        XCTAssertEqual(EngineMessages.translate("Mixture: weights must be positive"), "Mixture: weights must be positive")
    }

    func testCaretPointsAtTheMisspeltMember() {
        let session = Session()
        _ = session.expectOutput("let d = normal(0, 1)")
        let method = session.expectError("d.sampel(3)")
        XCTAssertEqual(method?.message, "normal has no method 'sampel'; did you mean 'sample'?")
        XCTAssertEqual(method?.column, 3)
        let property = session.expectError("1 + d.meen")
        XCTAssertEqual(property?.message.hasPrefix("normal has no property 'meen'"), true, property?.message ?? "")
        XCTAssertEqual(property?.column, 7)
        XCTAssertEqual(session.expectError("[1, 2].summ()")?.column, 8)
    }

    func testNegativeOptionValuesAreQuotedWhole() {
        let session = Session()
        _ = session.expectOutput("let d = normal(0, 1)")
        let rate = session.expectError("fit d to normal(1, 1) lr -1")
        XCTAssertEqual(rate?.message, "lr needs a positive number, e.g. lr 0.05; got '-1'")
        XCTAssertEqual(rate?.column, 26)
        XCTAssertEqual(session.expectError("seed -1")?.message, "seed needs a whole number of at least 0, e.g. seed 42; got '-1'")
        XCTAssertEqual(session.expectError("hist d bins -3")?.message, "bins needs a whole number of at least 1, e.g. bins 100; got '-3'")
    }
}
