/// How series tell themselves apart, in color and without it: series k gets the k-th color, the
/// k-th marker glyph and the k-th braille dash pattern, so two curves or two histograms stay
/// distinct on a monochrome terminal, in a file and on paper.
///
///     SeriesLook.marker(1, charset: .unicode)   // "○"
///     SeriesLook.dash(1).pattern                // [4, 2]: 4 dots on, 2 off
enum SeriesLook {
    static let asciiMarkers: [Character] = ["*", "o", "x", "+", "@", "%", "="]
    static let unicodeMarkers: [Character] = ["•", "○", "×", "+", "◆", "▲", "■"]

    static func color(_ series: Int) -> PlotColor { PlotColor.forSeries(series) }

    static func marker(_ series: Int, charset: PlotCharset) -> Character {
        let markers = charset == .ascii ? asciiMarkers : unicodeMarkers
        return markers[((series % markers.count) + markers.count) % markers.count]
    }

    static let dashes: [[Int]] = [[1, 0], [4, 2], [1, 2], [5, 2, 1, 2], [2, 2]]

    static func dash(_ series: Int) -> DashPattern {
        DashPattern(pattern: dashes[((series % dashes.count) + dashes.count) % dashes.count])
    }

    /// Three cells of a horizontal braille line in series `series`'s dash pattern, for legends.
    static func brailleSample(_ series: Int) -> String {
        var dots = BrailleLayer(columns: 3, rows: 1)
        var dash = dash(series)
        for x in 0..<6 where dash.next() { dots.set(x: x, y: 1) }
        return String((0..<3).map { dots.glyph(column: $0, row: 0)?.character ?? "\u{2800}" })
    }
}

/// An on/off pattern walked dot by dot along a line: `[4, 2]` draws 4 dots, skips 2, and so on.
/// A pattern whose off lengths are all 0 is a solid line.
struct DashPattern {
    let pattern: [Int]
    private var index = 0
    private var remaining: Int

    init(pattern: [Int]) {
        self.pattern = pattern.reduce(0, +) > 0 && pattern.allSatisfy({ $0 >= 0 }) ? pattern : [1, 0]
        remaining = self.pattern[0]
    }

    /// Whether the next dot along the line is drawn.
    mutating func next() -> Bool {
        while remaining == 0 {
            index = (index + 1) % pattern.count
            remaining = pattern[index]
        }
        remaining -= 1
        return index % 2 == 0
    }

    /// The pattern as an SVG `stroke-dasharray`, one dot taken as `unit` pixels; nil when solid.
    func svgDashArray(unit: Double) -> String? {
        guard pattern.enumerated().contains(where: { $0.offset % 2 == 1 && $0.element > 0 }) else { return nil }
        return pattern.map { PlotNumberFormat.significant(Double($0) * unit) }.joined(separator: " ")
    }
}
