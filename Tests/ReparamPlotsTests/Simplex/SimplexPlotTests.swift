import XCTest
@testable import ReparamPlots

final class SimplexPlotTests: XCTestCase {
    /// Points from sorted uniform pairs (a uniform Dirichlet(1, 1, 1)), averaged `pool` at a time
    /// to concentrate them toward the centre; integer arithmetic only.
    func points(count: Int, pool: Int, seed: UInt64 = 11) -> [Double] {
        var generator = TestData.LCG(state: seed)
        var flat: [Double] = []
        for _ in 0..<count {
            var sum = [0.0, 0, 0]
            for _ in 0..<pool {
                let (a, b) = (generator.uniform(), generator.uniform())
                let (low, high) = (min(a, b), max(a, b))
                sum[0] += low; sum[1] += high - low; sum[2] += 1 - high
            }
            flat += sum.map { $0 / Double(pool) }
        }
        return flat
    }

    func testGoldens() {
        let uniform = points(count: 1500, pool: 1)
        let concentrated = points(count: 1500, pool: 4)
        for charset in PlotCharset.allCases {
            for (width, height) in [(60, 22), (30, 12), (16, 8)] {
                let style = PlotStyle(width: width, height: height, charset: charset)
                let lines = SimplexPlot.render(concentrated, options: SimplexOptions(title: "pooled uniforms", exactMean: [1.0 / 3, 1.0 / 3, 1.0 / 3]), style: style)
                assertFits(lines, width: width, height: height)
                assertGolden(lines, "simplex-\(charset)-\(width)x\(height)")
            }
            let named = SimplexPlot.render(uniform, options: SimplexOptions(title: "uniform on the simplex", cornerLabels: ["a", "b", "c"], mode: .points),
                                           style: PlotStyle(width: 50, height: 18, charset: charset))
            assertFits(named, width: 50, height: 18)
            assertGolden(named, "simplex-points-\(charset)-50x18")
        }
        assertGolden(SimplexPlot.render(uniform, style: PlotStyle(width: 15, height: 20)), "simplex-too-small")
    }

    /// The unit vectors land in the corner cells: e₁ bottom left, e₂ bottom right, e₃ at the apex,
    /// each just inside the outline.
    func testCornersMapToTheCorners() {
        let lines = SimplexPlot.render([1, 0, 0, 0, 1, 0, 0, 0, 1], options: SimplexOptions(mode: .points),
                                       style: PlotStyle(width: 31, height: 20))
        let marks = lines.enumerated().flatMap { row, line in line.enumerated().filter { $0.element == "*" && !line.contains("cells") }.map { (row, $0.offset) } }
        XCTAssertEqual(marks.count, 3, lines.joined(separator: "\n"))
        let apex = marks.min { $0.0 < $1.0 }!
        XCTAssertEqual(lines[apex.0 - 1].trimmingCharacters(in: .whitespaces), "x3")   // label right above
        // The apex row has 3 data cells, the point in the middle one, the outline one further out.
        XCTAssertEqual(Array(lines[apex.0])[apex.1 - 2], "/")
        XCTAssertEqual(Array(lines[apex.0])[apex.1 + 2], "\\")
        let bottom = marks.filter { $0.0 != apex.0 }
        XCTAssertEqual(bottom.count, 2)
        XCTAssertEqual(bottom[0].0, bottom[1].0)
        let bottomLine = Array(lines[bottom[0].0])
        XCTAssertEqual(bottomLine[bottom.map(\.1).min()! - 1], "/")
        XCTAssertEqual(bottomLine[bottom.map(\.1).max()! + 1], "\\")
        // The apex is centred between the bottom corners.
        XCTAssertEqual(Double(apex.1), Double(bottom[0].1 + bottom[1].1) / 2, accuracy: 0.5)
    }

    func testDensityShadesByCountAndSummarizes() {
        // 30 identical points and 1 elsewhere: the busy cell is '@', the other the lightest '.'.
        let flat = Array([[0.2, 0.3, 0.5]].flatMap { $0 }) .repeated(30) + [0.8, 0.1, 0.1]
        let lines = SimplexPlot.render(flat, options: SimplexOptions(mode: .density), style: PlotStyle(width: 40, height: 20))
        let text = lines.joined(separator: "\n")
        XCTAssertEqual(text.filter { $0 == "@" }.count, 2, text)   // the cell and the legend's ramp
        XCTAssertTrue(text.contains("1 to 30 points per cell"))
        XCTAssertTrue(text.contains("n = 31  mean (0.219, 0.294, 0.487)"), text)
    }

    func testOffSimplexPointsAreDroppedAndBadInputsSaySo() {
        let lines = SimplexPlot.render([0.2, 0.3, 0.5, 0.5, 0.5, 0.5, -0.1, 0.6, 0.5, .nan, 0.5, 0.5], style: PlotStyle(width: 40, height: 20))
        XCTAssertTrue(lines.contains("dropped 3 points not on the simplex"), lines.joined(separator: "\n"))
        XCTAssertEqual(SimplexPlot.render([1, 2]), ["(simplex points need 3 components each; got 2 numbers)"])
        XCTAssertEqual(SimplexPlot.render([], style: PlotStyle()), ["(no points to plot)"])
        XCTAssertEqual(SimplexPlot.render([0.5, 0.6, 0.7]).count, 1)
        XCTAssertEqual(SimplexPlot.render([0.2, 0.3, 0.5], options: SimplexOptions(cornerLabels: ["a"])).count, 1)
        XCTAssertEqual(SimplexPlot.render([0.2, 0.3, 0.5], style: PlotStyle(width: 10, height: 5)), ["(plot needs at least 16x8, have 10x5)"])
    }

    func testEveryLineFitsAtManySizes() {
        let flat = points(count: 300, pool: 2)
        for charset in PlotCharset.allCases {
            for width in stride(from: 16, through: 90, by: 9) {
                for height in stride(from: 8, through: 30, by: 4) {
                    assertFits(SimplexPlot.render(flat, options: SimplexOptions(title: "t", exactMean: [0.3, 0.3, 0.4]),
                                                  style: PlotStyle(width: width, height: height, charset: charset)),
                               width: width, height: height, "\(charset) \(width)x\(height)")
                }
            }
        }
    }
}

private extension Array {
    func repeated(_ times: Int) -> [Element] { (0..<times).flatMap { _ in self } }
}
