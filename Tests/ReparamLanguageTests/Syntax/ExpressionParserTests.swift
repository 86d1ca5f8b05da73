import XCTest
@testable import ReparamLanguage

/// Every expression construct parses to the expected tree, compared through
/// its canonical fully parenthesized form.
final class ExpressionParserTests: XCTestCase {
    private func assertParses(_ source: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let parsed = try Parser.expression(source)
            XCTAssertEqual(parsed.canonical, expected, source, file: file, line: line)
        } catch {
            XCTFail("\(source): \(error)", file: file, line: line)
        }
    }

    func testLiterals() {
        assertParses("42", "42")
        assertParses("1.5", "1.5")
        assertParses(".5", "0.5")
        assertParses("1e-3", "0.001")
        assertParses("2.5E+2", "250")
        assertParses("\"hi \\\"there\\\"\"", "\"hi \\\"there\\\"\"")
        assertParses("'single'", "\"single\"")
        assertParses("true", "true")
        assertParses("false", "false")
        assertParses("η", "η")
        assertParses("concentration_2", "concentration_2")
    }

    func testVectorsAndMatrices() {
        assertParses("[1,2,3]", "[1 2 3]")
        assertParses("[[1,2],[3,4]]", "[[1 2] [3 4]]")
        assertParses("[]", "[]")
        assertParses("[-1, 2 * a]", "[(- 1) (* 2 a)]")
    }

    func testPrecedence() {
        assertParses("1 + 2 * 3", "(+ 1 (* 2 3))")
        assertParses("(1 + 2) * 3", "(* (+ 1 2) 3)")
        assertParses("1 - 2 - 3", "(- (- 1 2) 3)")
        assertParses("8 / 4 / 2", "(/ (/ 8 4) 2)")
        assertParses("2 ^ 3 ^ 2", "(^ 2 (^ 3 2))")
        assertParses("-2^2", "(- (^ 2 2))")
        assertParses("2^-1", "(^ 2 (- 1))")
        assertParses("2 ** 3", "(^ 2 3)")
        assertParses("--x", "(- (- x))")
        assertParses("+x", "(+ x)")
        assertParses("-x * y", "(* (- x) y)")
        assertParses("a * -b", "(* a (- b))")
        assertParses("x^2 * 3", "(* (^ x 2) 3)")
        assertParses("a.b^2", "(^ (. a b) 2)")
        assertParses("x[0]^2", "(^ (index x 0) 2)")
        assertParses("-(x/2)^1.5", "(- (^ (/ x 2) 1.5))")
    }

    func testComparisons() {
        assertParses("a + 1 < b * 2", "(< (+ a 1) (* b 2))")
        assertParses("a == b", "(== a b)")
        assertParses("a != b", "(!= a b)")
        assertParses("a <= b", "(<= a b)")
        assertParses("a >= b", "(>= a b)")
        assertParses("a > b", "(> a b)")
    }

    func testCallsAndArguments() {
        assertParses("f()", "(call f)")
        assertParses("gamma(2, rate: 3)", "(call gamma 2 rate:3)")
        assertParses("normal(loc: 0, scale: 1)", "(call normal loc:0 scale:1)")
        assertParses("sum(x, axis: 0)", "(call sum x axis:0)")
        assertParses("f(g(x))(y)", "(call (call f (call g x)) y)")
    }

    func testMethodsAndProperties() {
        assertParses("d.rsample(1000)", "(call (. d rsample) 1000)")
        assertParses("d.mean", "(. d mean)")
        assertParses("mean(d.rsample(1000))", "(call mean (call (. d rsample) 1000))")
        assertParses("d.log_prob(x).sum()", "(call (. (call (. d log_prob) x) sum))")
        assertParses("q.base.rate", "(. (. q base) rate)")
    }

    func testIndexingAndSlicing() {
        assertParses("x[0]", "(index x 0)")
        assertParses("x[-1]", "(index x (- 1))")
        assertParses("x[:, 1]", "(index x : 1)")
        assertParses("x[1:3]", "(index x 1:3)")
        assertParses("x[1:]", "(index x 1:)")
        assertParses("x[:3]", "(index x :3)")
        assertParses("x[::2]", "(index x ::2)")
        assertParses("x[1:-1:2, 0]", "(index x 1:(- 1):2 0)")
        assertParses("m[0][1]", "(index (index m 0) 1)")
        assertParses("d.rsample(10)[0]", "(index (call (. d rsample) 10) 0)")
    }

    func testLambdas() {
        assertParses("x => 1 - exp(-(x/2)^1.5)", "(lambda (x) (- 1 (call exp (- (^ (/ x 2) 1.5)))))")
        assertParses("(z, k) => z * k", "(lambda (z k) (* z k))")
        assertParses("() => 1", "(lambda () 1)")
        assertParses("(x) => x", "(lambda (x) x)")
        assertParses("from_cdf(x => x^2, low: 0, high: 1)", "(call from_cdf (lambda (x) (^ x 2)) low:0 high:1)")
        assertParses("x => y => x + y", "(lambda (x) (lambda (y) (+ x y)))")
    }

    func testRanges() {
        assertParses("0..10", "(.. 0 10)")
        assertParses("1..3", "(.. 1 3)")
        assertParses("-pi..2*pi", "(.. (- pi) (* 2 pi))")
    }

    func testRangesCoverSource() throws {
        let expression = try Parser.expression("  mean(d.rsample(1000)) + 1")
        XCTAssertEqual(expression.range, SourceRange(line: 1, column: 3, endColumn: 28))
        guard case let .binary(_, call, one) = expression.kind else { return XCTFail("not binary") }
        XCTAssertEqual(call.range, SourceRange(line: 1, column: 3, endColumn: 24))
        XCTAssertEqual(one.range, SourceRange(line: 1, column: 27, endColumn: 28))
        guard case let .call(_, arguments) = call.kind else { return XCTFail("not a call") }
        XCTAssertEqual(arguments[0].value.range.column, 8)

        let named = try Parser.expression("gamma(2, rate: 3)", line: 4)
        guard case let .call(_, namedArguments) = named.kind else { return XCTFail("not a call") }
        XCTAssertEqual(namedArguments[1].range, SourceRange(line: 4, column: 10, endColumn: 17))
    }

    func testCommentsAreIgnored() {
        assertParses("1 + 2 # three", "(+ 1 2)")
    }
}
