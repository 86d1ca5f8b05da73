import XCTest
@testable import ReparamPlots

final class CanvasTests: XCTestCase {
    func testBrailleDotsFollowTheUnicodeNumbering() {
        // Dots 1 2 3 7 down the left column, 4 5 6 8 down the right: bit k−1 for dot k.
        let expected: [(x: Int, y: Int, scalar: UInt32)] = [
            (0, 0, 0x2801), (0, 1, 0x2802), (0, 2, 0x2804), (0, 3, 0x2840),
            (1, 0, 0x2808), (1, 1, 0x2810), (1, 2, 0x2820), (1, 3, 0x2880),
        ]
        for dot in expected {
            var layer = BrailleLayer(columns: 1, rows: 1)
            layer.set(x: dot.x, y: dot.y)
            XCTAssertEqual(layer.glyph(column: 0, row: 0)?.character, Character(Unicode.Scalar(dot.scalar)!))
        }
        var full = BrailleLayer(columns: 2, rows: 1)
        for x in 0..<2 { for y in 0..<4 { full.set(x: x, y: y) } }
        full.set(x: 99, y: 0)   // outside: ignored
        XCTAssertEqual(full.glyph(column: 0, row: 0)?.character, "⣿")
        XCTAssertNil(full.glyph(column: 1, row: 0))
    }

    func testLinesAreContinuousAndIncludeBothEnds() {
        var layer = BrailleLayer(columns: 4, rows: 2)
        layer.line(from: (0, 7), to: (7, 0))
        for x in 0..<8 { XCTAssertTrue(layer.isSet(x: x, y: 7 - x), "dot \(x)") }
        var visited: [(Int, Int)] = []
        rasterizeSegment(from: (0, 0), to: (2, 9)) { visited.append(($0, $1)) }
        XCTAssertEqual(visited.count, 10)   // one point per row of the steep direction
        XCTAssertTrue(zip(visited, visited.dropFirst()).allSatisfy { abs($0.0 - $1.0) <= 1 && abs($0.1 - $1.1) <= 1 })
    }

    func testCanvasClipsTrimsAndColors() {
        var canvas = TextCanvas(width: 4, height: 2)
        canvas.write("abcdef", column: 1, row: 0)
        canvas.put("#", column: 0, row: 1, color: .blue)
        canvas.put("x", column: -1, row: 5)
        XCTAssertEqual(canvas.lines(color: false), [" abc", "#"])
        XCTAssertEqual(canvas.lines(color: true), [" abc", "\u{1B}[34m#\u{1B}[0m"])
    }

    func testTextBlocksWrapByEntries() {
        let block = TextBlock([[TextRun("n = 1000")], [TextRun("mean 2.013 (exact 2)")], [TextRun("std 4.97 (exact 5)")]], separator: "  ")
        XCTAssertEqual(block.lines(width: 80).map { $0.map(\.text).joined() }, ["n = 1000  mean 2.013 (exact 2)  std 4.97 (exact 5)"])
        XCTAssertEqual(block.lines(width: 30).map { $0.map(\.text).joined() }, ["n = 1000  mean 2.013 (exact 2)", "std 4.97 (exact 5)"])
        // An entry cut short says so.
        XCTAssertEqual(block.lines(width: 10, ellipsis: "~").map { $0.map(\.text).joined() }, ["n = 1000", "mean 2.01~", "std 4.97 ~"])
    }
}

final class ColorRunsTests: XCTestCase {
    func testSplitsRenderedColorsBackIntoRuns() {
        var canvas = TextCanvas(width: 5, height: 1)
        canvas.write("a", column: 0, row: 0)
        canvas.write("##", column: 1, row: 0, color: .blue)
        canvas.write("*", column: 3, row: 0, color: .red)
        canvas.write("b", column: 4, row: 0)
        let runs = ColorRuns.split(canvas.lines(color: true)[0])
        XCTAssertEqual(runs.map(\.text), ["a", "##", "*", "b"])
        XCTAssertEqual(runs.map(\.color), [nil, .blue, .red, nil])
        XCTAssertEqual(ColorRuns.split("plain").map(\.text), ["plain"])
    }
}
