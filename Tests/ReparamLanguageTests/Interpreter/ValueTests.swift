import XCTest
@testable import ReparamLanguage

/// Expressions evaluate to the values arithmetic says they should.
final class ValueTests: XCTestCase {
    func testArithmeticAndPrecedence() {
        let session = Session()
        XCTAssertEqual(session.number("1 + 2 * 3"), 7)
        XCTAssertEqual(session.number("-2^2"), -4)
        XCTAssertEqual(session.number("2^3^2"), 512)
        XCTAssertEqual(session.number("2^-1"), 0.5)
        XCTAssertEqual(session.number("(1 + 2) * 3 / 4"), 2.25)
        XCTAssertEqual(session.number("8 - 4 - 2"), 2)
        XCTAssertEqual(session.number("1e-3 * 1000"), 1)
        XCTAssertEqual(session.number(".5 + .25"), 0.75)
        XCTAssertRelative(session.number("exp(1)"), 2.718281828459045, 1e-15)
        XCTAssertRelative(session.number("pi"), Double.pi, 0)
    }

    func testVectorsReductionsAndAxes() {
        let session = Session()
        XCTAssertEqual(session.expectOutput("[1, 2, 3] * 2").field("value")?.numbers, [2, 4, 6])
        XCTAssertEqual(session.number("mean([1, 2, 3, 4])"), 2.5)
        XCTAssertEqual(session.number("sum([[1, 2], [3, 4]])"), 10)
        XCTAssertEqual(session.expectOutput("sum([[1, 2], [3, 4]], axis: 0)").field("value")?.numbers, [4, 6])
        XCTAssertEqual(session.expectOutput("mean([[1, 2], [3, 4]], axis: 1)").field("value")?.numbers, [1.5, 3.5])
        XCTAssertEqual(session.number("var([1, 2, 3, 4])"), 5.0 / 3.0)
        XCTAssertEqual(session.number("max([3, 9, 2])"), 9)
        XCTAssertEqual(session.number("[3, 9, 2].min()"), 2)
        XCTAssertEqual(session.number("[1, 2, 3].mean"), 2)
        XCTAssertRelative(session.number("logsumexp([0, 0])"), log(2), 1e-15)
        XCTAssertEqual(session.expectOutput("softmax([0, 0, 0, 0])").field("value")?.numbers, [0.25, 0.25, 0.25, 0.25])
        XCTAssertRelative(session.number("log_softmax([0, 0])[1]"), -log(2), 1e-15)
        XCTAssertRelative(session.number("ndtr(0)"), 0.5, 1e-15)
        XCTAssertEqual(session.expectOutput("concat([1, 2], [3], 4)").field("value")?.numbers, [1, 2, 3, 4])
        XCTAssertEqual(session.expectOutput("concat([[1, 2], [3, 4]])").field("value")?.numbers, [1, 2, 3, 4])
        XCTAssertRelative(session.number("ndtri(0.975)"), 1.959963984540054, 1e-13)
    }

    func testIndexingAndSlicing() {
        let session = Session()
        _ = session.expectOutput("let x = [10, 20, 30, 40, 50]")
        _ = session.expectOutput("let m = [[1, 2, 3], [4, 5, 6]]")
        XCTAssertEqual(session.number("x[0]"), 10)
        XCTAssertEqual(session.number("x[-1]"), 50)
        XCTAssertEqual(session.expectOutput("x[1:3]").field("value")?.numbers, [20, 30])
        XCTAssertEqual(session.expectOutput("x[::2]").field("value")?.numbers, [10, 30, 50])
        XCTAssertEqual(session.expectOutput("x[-2:]").field("value")?.numbers, [40, 50])
        XCTAssertEqual(session.expectOutput("m[:, 1]").field("value")?.numbers, [2, 5])
        XCTAssertEqual(session.number("m[1, 2]"), 6)
        XCTAssertEqual(session.expectOutput("m.shape").field("value")?.numbers, [2, 3])
        XCTAssertEqual(session.expectError("x[5]")?.message, "index 5 is out of range for axis 0 of length 5")
    }

    func testLambdasAndComparisons() {
        let session = Session()
        _ = session.expectOutput("let f = x => 1 - exp(-(x/2)^1.5)")
        XCTAssertRelative(session.number("f(2)"), 1 - exp(-1), 1e-15)
        _ = session.expectOutput("let g = (z, k) => z * k + 1")
        XCTAssertEqual(session.number("g(3, 4)"), 13)
        XCTAssertEqual(session.number("g(z: 3, k: 5)"), 16)
        XCTAssertEqual(session.expectOutput("1 < 2").field("value"), .bool(true))
        XCTAssertEqual(session.expectOutput("[1, 5] > 2").field("value")?.numbers, [0, 1])
    }

    func testDistributionValuesAgainstClosedForms() {
        let session = Session()
        _ = session.expectOutput("let d = normal(1, 2)")
        XCTAssertEqual(session.number("d.mean"), 1)
        XCTAssertEqual(session.number("d.variance"), 4)
        XCTAssertEqual(session.number("d.loc"), 1)
        XCTAssertRelative(session.number("d.entropy()"), 0.5 * log(2 * Double.pi * M_E * 4), 1e-14)
        XCTAssertRelative(session.number("d.cdf(1)"), 0.5, 1e-15)
        XCTAssertRelative(session.number("d.log_prob(3)"), -0.5 - log(2 * sqrt(2 * Double.pi)), 1e-14)
        XCTAssertRelative(session.number("exponential(2).mean"), 0.5, 1e-15)
        XCTAssertEqual(session.expectOutput("d.rsample(7)").field("shape")?.numbers, [7])
        XCTAssertEqual(session.expectOutput("normal([0, 1], 1).rsample(5)").field("shape")?.numbers, [5, 2])
    }
}
