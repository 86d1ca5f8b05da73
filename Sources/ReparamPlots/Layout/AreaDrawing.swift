/// How a curve is drawn: braille dots (2×4 per cell), braille dots in series k's dash pattern
/// (`SeriesLook.dash`), or one glyph per cell.
enum CurveGlyph: Equatable {
    case braille
    case dashedBraille(series: Int)
    case marker(Character)
}

extension AxesLayout {
    /// Draws the polyline through `points` (data coordinates), consecutive points joined by
    /// straight segments so steep parts stay connected; a point that cannot be drawn (NaN, ≤ 0 on a
    /// log axis, outside the x range) breaks the line. Braille curves go into `dots`, which the
    /// caller stamps on top when everything else is drawn.
    func drawCurve(_ points: [(x: Double, y: Double)], glyph: CurveGlyph, color: PlotColor?,
                   canvas: inout TextCanvas, dots: inout BrailleLayer) {
        var previous: (x: Int, y: Int)? = nil
        var dash = SeriesLook.dash(0)
        if case let .dashedBraille(series) = glyph { dash = SeriesLook.dash(series) }
        for point in points {
            switch glyph {
            case .braille, .dashedBraille:
                let current = dot(x: point.x, y: point.y)
                if let current {
                    rasterizeSegment(from: previous ?? current, to: current) { x, y in
                        if dash.next() { dots.set(x: x, y: y, color: color) }
                    }
                }
                previous = current
            case .marker(let character):
                let current = cell(x: point.x, y: point.y)
                if let current {
                    rasterizeSegment(from: previous ?? current, to: current) {
                        canvas.put(character, column: $0, row: $1, color: color)
                    }
                }
                previous = current
            }
        }
    }

    /// Draws a bar in area column `column` (0-based) rising `height` cells from the x axis:
    /// `#` cells rounded to whole cells in ASCII, eighth blocks `▁…█` otherwise. A bar with
    /// `visible` set but too short to show gets the smallest mark (`.` or `▁`) so non-empty bins
    /// never look empty.
    func drawBar(column: Int, height: Double, visible: Bool, color: PlotColor?, canvas: inout TextCanvas) {
        let canvasColumn = areaColumn + column
        if style.isUnicode {
            let eighths = Int((min(max(height, 0), Double(plotRows)) * 8).rounded())
            for level in 0..<(eighths / 8) { canvas.put("█", column: canvasColumn, row: axisRow - 1 - level, color: color) }
            let remainder = eighths % 8
            if remainder > 0 {
                canvas.put(Self.eighthBlocks[remainder - 1], column: canvasColumn, row: axisRow - 1 - eighths / 8, color: color)
            } else if eighths == 0 && visible {
                canvas.put("▁", column: canvasColumn, row: axisRow - 1, color: color)
            }
        } else {
            let cells = Int(min(max(height, 0), Double(plotRows)).rounded())
            for level in 0..<cells { canvas.put("#", column: canvasColumn, row: axisRow - 1 - level, color: color) }
            if cells == 0 && visible { canvas.put(".", column: canvasColumn, row: axisRow - 1, color: color) }
        }
    }

    static let eighthBlocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇"]

    /// An empty braille layer over the data area.
    func makeDots() -> BrailleLayer { BrailleLayer(columns: plotColumns, rows: plotRows) }

    /// Stamps `dots` over the data area.
    func stamp(_ dots: BrailleLayer, on canvas: inout TextCanvas) {
        canvas.stamp(dots, column: areaColumn, row: areaRow)
    }
}
