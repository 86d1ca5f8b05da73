/// A grid of character cells, row 0 at the top, each cell with an optional color.
///
/// Drawing outside the grid is ignored, so callers may clip by simply drawing.
///
///     var canvas = TextCanvas(width: 3, height: 1)
///     canvas.write("ab", column: 1, row: 0)
///     canvas.lines(color: false)   // [" ab"]
public struct TextCanvas: Sendable {
    public let width: Int
    public let height: Int
    private var characters: [Character]
    private var colors: [PlotColor?]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        characters = Array(repeating: " ", count: self.width * self.height)
        colors = Array(repeating: nil, count: self.width * self.height)
    }

    func contains(column: Int, row: Int) -> Bool {
        column >= 0 && column < width && row >= 0 && row < height
    }

    public subscript(column: Int, row: Int) -> Character {
        contains(column: column, row: row) ? characters[row * width + column] : " "
    }

    public func color(column: Int, row: Int) -> PlotColor? {
        contains(column: column, row: row) ? colors[row * width + column] : nil
    }

    /// Sets one cell; ignored outside the grid.
    public mutating func put(_ character: Character, column: Int, row: Int, color: PlotColor? = nil) {
        guard contains(column: column, row: row) else { return }
        characters[row * width + column] = character
        colors[row * width + column] = color
    }

    /// Writes `text` left to right from (`column`, `row`), clipped at the edges.
    public mutating func write(_ text: String, column: Int, row: Int, color: PlotColor? = nil) {
        for (offset, character) in text.enumerated() {
            put(character, column: column + offset, row: row, color: color)
        }
    }

    /// Stamps every cell of `dots` that has a dot set as its braille character, its top-left
    /// cell at (`column`, `row`).
    public mutating func stamp(_ dots: BrailleLayer, column: Int, row: Int) {
        for cellRow in 0..<dots.rows {
            for cellColumn in 0..<dots.columns {
                if let glyph = dots.glyph(column: cellColumn, row: cellRow) {
                    put(glyph.character, column: column + cellColumn, row: row + cellRow, color: glyph.color)
                }
            }
        }
    }

    /// The rows as strings, trailing blanks removed; with `color`, runs of a color are wrapped in
    /// ANSI escapes (`ESC[34m … ESC[0m`), which take no columns on a terminal.
    public func lines(color: Bool) -> [String] {
        (0..<height).map { row in
            var last = width
            while last > 0 && characters[row * width + last - 1] == " " { last -= 1 }
            var line = ""
            var current: PlotColor? = nil
            for column in 0..<last {
                let cellColor = color ? colors[row * width + column] : nil
                if cellColor != current {
                    if current != nil { line += PlotColor.reset }
                    if let cellColor { line += cellColor.escape }
                    current = cellColor
                }
                line.append(characters[row * width + column])
            }
            if current != nil { line += PlotColor.reset }
            return line
        }
    }
}
