/// A dot grid at braille resolution, 2 dots wide and 4 dots tall per character cell, dot (0, 0)
/// at the top left; stamped onto a `TextCanvas` as the characters U+2800…U+28FF.
///
/// Braille dot k (1…8) is bit k−1 of the code point offset; the dots of one cell are numbered
///
///     1 4
///     2 5
///     3 6
///     7 8
public struct BrailleLayer: Sendable {
    public let columns: Int
    public let rows: Int
    private var bits: [UInt8]
    private var colors: [PlotColor?]

    /// Dot widths and heights: `dotWidth = 2·columns`, `dotHeight = 4·rows`.
    public var dotWidth: Int { columns * 2 }
    public var dotHeight: Int { rows * 4 }

    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        bits = Array(repeating: 0, count: self.columns * self.rows)
        colors = Array(repeating: nil, count: self.columns * self.rows)
    }

    private static let bitOf: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets the dot at (`x`, `y`), `y` counted down from the top; ignored outside the grid.
    public mutating func set(x: Int, y: Int, color: PlotColor? = nil) {
        guard x >= 0, x < dotWidth, y >= 0, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= Self.bitOf[x % 2][y % 4]
        if color != nil { colors[cell] = color }
    }

    public func isSet(x: Int, y: Int) -> Bool {
        guard x >= 0, x < dotWidth, y >= 0, y < dotHeight else { return false }
        return bits[(y / 4) * columns + x / 2] & Self.bitOf[x % 2][y % 4] != 0
    }

    /// Sets every dot on the straight segment between two dots (Bresenham), both ends included.
    public mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), color: PlotColor? = nil) {
        rasterizeSegment(from: start, to: end) { set(x: $0, y: $1, color: color) }
    }

    /// The braille character of a cell and its color, or nil when no dot of it is set.
    public func glyph(column: Int, row: Int) -> (character: Character, color: PlotColor?)? {
        let value = bits[row * columns + column]
        guard value != 0, let scalar = Unicode.Scalar(0x2800 + UInt32(value)) else { return nil }
        return (Character(scalar), colors[row * columns + column])
    }
}

/// Calls `visit` for every grid point of the segment from `start` to `end` (Bresenham's line).
func rasterizeSegment(from start: (x: Int, y: Int), to end: (x: Int, y: Int), _ visit: (Int, Int) -> Void) {
    var x = start.x, y = start.y
    let dx = abs(end.x - x), dy = -abs(end.y - y)
    let stepX = x < end.x ? 1 : -1, stepY = y < end.y ? 1 : -1
    var error = dx + dy
    while true {
        visit(x, y)
        if x == end.x && y == end.y { return }
        let doubled = 2 * error
        if doubled >= dy { error += dy; x += stepX }
        if doubled <= dx { error += dx; y += stepY }
    }
}
