import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import ReparamPlots

/// The SVG is parsed as XML: well-formed, with the title, tick labels, axis labels, legend names
/// and one group per named series present as real text and elements.
final class FigureSVGTests: XCTestCase {
    /// Collects elements (name, attributes, text) while parsing.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String], text: String)] = []
        private var stack: [Int] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append((name, attributes, ""))
            stack.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let open = stack.last { elements[open].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func texts(class name: String) -> [String] {
            elements.filter { $0.name == "text" && $0.attributes["class"] == name }.map(\.text)
        }
    }

    func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> Collector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")", file: file, line: line)
        return collector
    }

    let overlay = OverlayHistogram.figure([
        SampleSeries(name: "p <a & b>", samples: TestData.nearNormal(count: 2000, mean: 0, standardDeviation: 1),
                     density: { TestData.normalDensity(mean: 0, standardDeviation: 1)($0) }),
        SampleSeries(name: "q", samples: TestData.nearNormal(count: 2000, mean: 1, standardDeviation: 1, seed: 5)),
    ], title: "p & q", columns: 60, bins: 24, range: -4...4)

    func testOverlayIsWellFormedWithTextAxesAndSeries() {
        let svg = FigureSVG.render([overlay], width: 640, height: 400)
        let parsed = parse(svg)
        XCTAssertEqual(parsed.elements.first?.name, "svg")
        XCTAssertEqual(parsed.elements.first?.attributes["width"], "640")
        XCTAssertEqual(parsed.texts(class: "title"), ["p & q"])
        XCTAssertEqual(parsed.texts(class: "x-tick"), FigureScales.xAxis(overlay.x, -4...4, maxCount: 8, unicode: true).labels)
        XCTAssertEqual(parsed.texts(class: "x-tick"), ["-4", "-3", "-2", "-1", "0", "1", "2", "3", "4"])
        XCTAssertEqual(parsed.texts(class: "y-tick").first.flatMap(Double.init), 0)
        let series = parsed.elements.filter { $0.name == "g" && $0.attributes["class"] == "series" }.compactMap { $0.attributes["data-name"] }
        XCTAssertEqual(series, ["p <a & b>", "p <a & b> density", "q"])
        // 24 bars of p as rectangles, q as one outline path, the density as a path.
        let bars = parsed.elements.filter { $0.name == "rect" && $0.attributes["class"] == "bar" }
        XCTAssertEqual(bars.count, 24)
        let legend = parsed.texts(class: "legend-name")
        XCTAssertEqual(legend, ["p <a & b>", "p <a & b> density", "q"])
        XCTAssertEqual(parsed.texts(class: "note").count, 1)
    }

    /// Bar heights in pixels are the densities on the y axis: the tallest bar's top sits where
    /// its height maps between the 0 tick and the top tick.
    func testBarsAreDrawnToScale() {
        guard case let .bars(_, heights) = overlay.marks[0].kind else { return XCTFail("no bars") }
        let svg = FigureSVG.render([overlay], width: 640, height: 400)
        let parsed = parse(svg)
        let rects = parsed.elements.filter { $0.name == "rect" && $0.attributes["class"] == "bar" }
        let ticks = parsed.elements.filter { $0.name == "text" && $0.attributes["class"] == "y-tick" }
        let tickY = ticks.map { Double($0.attributes["y"]!)! - 4 }, tickValue = ticks.map { Double($0.text)! }
        let tallest = heights.indices.max { heights[$0] < heights[$1] }!
        let top = Double(rects[tallest].attributes["y"]!)!
        let pixelsPerUnit = (tickY.first! - tickY.last!) / (tickValue.last! - tickValue.first!)
        XCTAssertEqual(tickY.first! - top, heights[tallest] * pixelsPerUnit, accuracy: 0.1)
    }

    func testEveryPictureExportsWellFormed() {
        let (x, y) = TestData.correlatedPairs(count: 5000, rho: 0.5)
        let heat = Density2DPlot.figure(x: x, y: y, options: Density2DOptions(title: "heat", density: TestData.bivariateNormalDensity(rho: 0.5)))
        let quiver = QuiverPlot.figure(x: x, y: y, dx: y, dy: x)
        let circular = CircularHistogram.figure(x, title: "angles", density: { _ in 1 / (2 * .pi) }, columns: 60)
        for picture in [Picture([heat]), Picture([quiver]), Picture([circular]), Picture([overlay, heat])] {
            let parsed = parse(FigureSVG.render(picture.panels))
            XCTAssertFalse(parsed.texts(class: "x-tick").isEmpty)
            XCTAssertFalse(parsed.texts(class: "y-tick").isEmpty)
        }
        let circularText = parse(FigureSVG.render([circular])).texts(class: "x-tick")
        XCTAssertEqual(circularText, ["-π", "-π/2", "0", "π/2", "π"])
        XCTAssertEqual(parse(FigureSVG.render([heat])).texts(class: "axis-label"), ["x₁", "x₂"])
    }

    func testExportFormats() throws {
        let picture = Picture([overlay])
        XCTAssertEqual(try PictureExport.format(of: "a/b.SVG"), .svg)
        XCTAssertEqual(try PictureExport.format(of: "x.ans"), .ans)
        XCTAssertThrowsError(try PictureExport.format(of: "x.png")) { error in
            XCTAssertEqual("\(error)", "cannot tell what to write from the name x.png: it must end in .txt, .ans, .svg, .html")
        }
        XCTAssertThrowsError(try PictureExport.format(of: "dir.svg/file"))
        let style = PlotStyle(width: 60, height: 16, charset: .unicode, color: true)
        let text = PictureExport.document(picture, format: .txt, style: style)
        XCTAssertFalse(text.contains("\u{1B}"))
        XCTAssertEqual(text, FigureText.render(overlay, style: PlotStyle(width: 60, height: 16, charset: .unicode)).joined(separator: "\n") + "\n")
        let ansi = PictureExport.document(picture, format: .ans, style: PlotStyle(width: 60, height: 16, charset: .unicode))
        XCTAssertTrue(ansi.contains("\u{1B}[34m"))
        let html = PictureExport.document(picture, format: .html, style: style)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<svg xmlns="))
        XCTAssertTrue(html.contains("<pre>"))
        XCTAssertTrue(html.contains("p &lt;a &amp; b&gt;"))
    }
}
