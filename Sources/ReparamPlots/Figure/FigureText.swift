import Foundation

/// Draws a `Figure` as lines of text at a `PlotStyle`: axes with ticks, the marks, a legend and
/// the notes, every line at most `style.width` columns and at most `style.height` lines.
///
///     FigureText.render(figure, style: PlotStyle(width: 80, height: 24, charset: .braille))
///
/// Marks are drawn in the figure's order, braille dots last (on top). A figure with nothing finite
/// to show, or a style below 20×6, gives one line saying so.
public enum FigureText {
    public static let minimumSize = (width: 20, height: 6)

    public static func render(_ figure: Figure, style: PlotStyle) -> [String] {
        guard style.width >= minimumSize.width, style.height >= minimumSize.height else {
            return doesNotFit(needs: minimumSize, style: style)
        }
        guard let extent = FigureScales.extent(figure) else { return ["(\(figure.notes.first ?? "nothing finite to plot"))"] }
        guard var layout = AxesLayout(style: style, title: figure.title, titlePriority: 0, footer: [
            (legend(figure, style: style), 1),
            (TextBlock(figure.notes.map { [TextRun($0)] }, separator: "; "), 2),
        ]) else { return doesNotFit(needs: minimumSize, style: style) }
        let yAxis = FigureScales.yAxis(figure.y, extent.y, maxIntervals: layout.maxYIntervals)
        guard layout.setYAxis(yAxis) else {
            return doesNotFit(needs: (layout.yLabelWidth + 2 + AxesLayout.minPlotColumns, style.height), style: style)
        }
        if figure.x.scale == .linear {
            layout.setXAxis(lower: extent.x.lowerBound, upper: extent.x.upperBound)
        } else {
            layout.setXAxis(FigureScales.xAxis(figure.x, extent.x, maxCount: layout.plotColumns, unicode: style.isUnicode))
        }
        var canvas = layout.frame()
        var dots = layout.makeDots()
        for mark in figure.marks {
            draw(mark, layout: layout, canvas: &canvas, dots: &dots)
        }
        layout.stamp(dots, on: &canvas)
        return canvas.lines(color: style.color)
    }

    // MARK: marks

    static func draw(_ mark: FigureMark, layout: AxesLayout, canvas: inout TextCanvas, dots: inout BrailleLayer) {
        let style = layout.style
        let color = SeriesLook.color(mark.series)
        switch mark.kind {
        case let .bars(edges, heights):
            if mark.series == 0 {
                for column in 0..<layout.plotColumns {
                    guard let height = binHeight(edges, heights, at: xValue(column: column, layout)) else { continue }
                    layout.drawBar(column: column, height: layout.cellHeight(y: height), visible: height > 0, color: color, canvas: &canvas)
                }
            } else {
                drawSteps(edges, heights, series: mark.series, layout: layout, canvas: &canvas, dots: &dots)
            }
        case let .wrappedBars(edges, heights):
            let light: Character = style.isUnicode ? "░" : ":"
            for column in 0..<layout.plotColumns {
                guard let height = binHeight(edges, heights, at: xValue(column: column, layout)) else { continue }
                let cells = max(height > 0 ? 1 : 0, Int(layout.cellHeight(y: height).rounded()))
                for level in 0..<cells { canvas.put(light, column: layout.areaColumn + column, row: layout.axisRow - 1 - level, color: .gray) }
            }
        case let .curve(x, y):
            drawPolyline(zip(x, y).map { (x: $0, y: $1) }, series: mark.series, layout: layout, canvas: &canvas, dots: &dots)
        case let .points(x, y):
            let marker = SeriesLook.marker(mark.series, charset: style.charset)
            for (u, v) in zip(x, y) {
                if style.charset == .braille && mark.series == 0 {
                    if let dot = layout.dot(x: u, y: v) { dots.set(x: dot.x, y: dot.y, color: color) }
                } else if let cell = layout.cell(x: u, y: v) {
                    canvas.put(marker, column: cell.x, row: cell.y, color: color)
                }
            }
        case let .heat(x, y):
            drawHeat(x, y, layout: layout, canvas: &canvas)
        case let .contour(_, segments):
            for segment in segments {
                drawPolyline([segment.from, segment.to], series: mark.series, contour: true, layout: layout, canvas: &canvas, dots: &dots)
            }
        case let .arrows(x, y, dx, dy, scale):
            drawArrows(x, y, dx, dy, scale: scale, color: color, layout: layout, canvas: &canvas)
        case let .horizontal(y):
            guard let row = layout.row(y: y) else { return }
            for offset in 0..<layout.plotColumns where style.isUnicode || offset % 2 == 0 {
                canvas.put(style.isUnicode ? "┄" : "-", column: layout.areaColumn + offset, row: row, color: .gray)
            }
        case let .vertical(x):
            guard let column = layout.column(x: x) else { return }
            for row in layout.areaRow..<layout.axisRow where canvas[column, row] == " " {
                canvas.put(style.isUnicode ? "┆" : ":", column: column, row: row, color: .gray)
            }
        }
    }

    /// The data x at the middle of area column `column`.
    static func xValue(column: Int, _ layout: AxesLayout) -> Double {
        let axis = layout.xAxis
        let coordinate = axis.lower + (Double(column) + 0.5) / Double(max(layout.plotColumns, 1)) * (axis.upper - axis.lower)
        return axis.isLogarithmic ? pow(10, coordinate) : coordinate
    }

    /// The height of the bin holding `x`, nil outside the bins.
    static func binHeight(_ edges: [Double], _ heights: [Double], at x: Double) -> Double? {
        guard edges.count >= 2, heights.count >= edges.count - 1, x >= edges[0], x < edges[edges.count - 1] else { return nil }
        var low = 0, high = edges.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if edges[middle] <= x { low = middle } else { high = middle }
        }
        return heights[low].isFinite ? heights[low] : nil
    }

    /// A histogram of series ≥ 1 as the outline of its bars: braille dots in the series' dash
    /// pattern, or its marker glyph along each bin's top and down each step.
    static func drawSteps(_ edges: [Double], _ heights: [Double], series: Int, layout: AxesLayout,
                          canvas: inout TextCanvas, dots: inout BrailleLayer) {
        var outline: [(x: Double, y: Double)] = []
        for column in 0..<layout.plotColumns {
            let x = xValue(column: column, layout)
            guard let height = binHeight(edges, heights, at: x) else {
                outline.append((.nan, .nan))
                continue
            }
            let half = (layout.xAxis.upper - layout.xAxis.lower) / Double(max(layout.plotColumns, 1)) * 0.45
            let (left, right) = layout.xAxis.isLogarithmic
                ? (x / pow(10, half), x * pow(10, half)) : (x - half, x + half)
            outline.append((left, height))
            outline.append((right, height))
        }
        drawPolyline(outline, series: series, layout: layout, canvas: &canvas, dots: &dots)
    }

    /// Consecutive points joined by straight segments: braille dots walked in the series' dash
    /// pattern (braille charset), else the series' marker in every cell the segments cross.
    static func drawPolyline(_ points: [(x: Double, y: Double)], series: Int, contour: Bool = false, layout: AxesLayout,
                             canvas: inout TextCanvas, dots: inout BrailleLayer) {
        let style = layout.style
        let color = SeriesLook.color(series)
        let braille = style.charset == .braille || (contour && style.isUnicode)
        var dash = SeriesLook.dash(contour ? 0 : series)
        let marker: Character = contour ? (style.isUnicode ? "∙" : "o") : SeriesLook.marker(series, charset: style.charset)
        var previous: (x: Int, y: Int)? = nil
        for point in points {
            if braille {
                guard let current = layout.dot(x: point.x, y: point.y) else { previous = nil; continue }
                rasterizeSegment(from: previous ?? current, to: current) { x, y in
                    if dash.next() { dots.set(x: x, y: y, color: color) }
                }
                previous = current
            } else {
                guard let current = layout.cell(x: point.x, y: point.y) else { previous = nil; continue }
                rasterizeSegment(from: previous ?? current, to: current) { canvas.put(marker, column: $0, row: $1, color: color) }
                previous = current
            }
        }
    }

    static let asciiShades: [Character] = [".", ":", "-", "=", "+", "*", "#", "%", "@"]
    static let unicodeShades: [Character] = ["·", "░", "▒", "▓", "█"]

    /// Points counted per cell of the data area, smoothed, and each cell shaded by its share of
    /// the fullest cell (`HeatGrid.levels`).
    static func drawHeat(_ x: [Double], _ y: [Double], layout: AxesLayout, canvas: inout TextCanvas) {
        let columns = layout.plotColumns, rows = layout.plotRows
        let counts = HeatGrid.count(x: x, y: y, xAxis: layout.xAxis, yAxis: layout.yAxis, columns: columns, rows: rows)
        let shades = layout.style.isUnicode ? unicodeShades : asciiShades
        let levels = HeatGrid.levels(HeatGrid.smoothed(counts, columns: columns, rows: rows), shades: shades.count)
        for row in 0..<rows {
            for column in 0..<columns {
                let level = levels[row * columns + column]
                guard level > 0 else { continue }
                canvas.put(shades[level - 1], column: layout.areaColumn + column, row: layout.axisRow - 1 - row, color: .blue)
            }
        }
    }

    static let unicodeArrows: [Character] = ["→", "↗", "↑", "↖", "←", "↙", "↓", "↘"]
    static let asciiArrows: [Character] = [">", "/", "^", "\\", "<", "/", "v", "\\"]

    /// One arrow glyph per arrow, in the direction it points on screen (a cell is about twice as
    /// tall as wide); arrows under 1/8 of the longest show as a dot.
    static func drawArrows(_ x: [Double], _ y: [Double], _ dx: [Double], _ dy: [Double], scale: Double, color: PlotColor,
                           layout: AxesLayout, canvas: inout TextCanvas) {
        let xSpan = layout.xAxis.upper - layout.xAxis.lower, ySpan = layout.yAxis.upper - layout.yAxis.lower
        let screen = zip(dx, dy).map { (u, v) in
            (u / xSpan * Double(layout.plotColumns), 2 * v / ySpan * Double(layout.plotRows))
        }
        let longest = screen.map { ($0.0 * $0.0 + $0.1 * $0.1).squareRoot() }.filter(\.isFinite).max() ?? 0
        let glyphs = layout.style.isUnicode ? unicodeArrows : asciiArrows
        for index in x.indices where index < y.count && index < screen.count {
            guard let cell = layout.cell(x: x[index], y: y[index]) else { continue }
            let (u, v) = screen[index]
            let length = (u * u + v * v).squareRoot()
            guard length.isFinite, longest > 0 else { continue }
            if length < longest / 8 {
                canvas.put(layout.style.isUnicode ? "·" : ".", column: cell.x, row: cell.y, color: color)
                continue
            }
            let sector = Int(((atan2(v, u) / (2 * .pi) * 8).rounded() + 8).truncatingRemainder(dividingBy: 8))
            canvas.put(glyphs[sector], column: cell.x, row: cell.y, color: color)
        }
    }

    // MARK: legend

    static func legend(_ figure: Figure, style: PlotStyle) -> TextBlock {
        TextBlock(figure.marks.compactMap { mark in
            mark.name.map { [TextRun(sample(mark, style: style), color: sampleColor(mark)), TextRun(" " + $0)] }
        })
    }

    static func sampleColor(_ mark: FigureMark) -> PlotColor {
        switch mark.kind {
        case .wrappedBars, .horizontal, .vertical: return .gray
        case .heat: return .blue
        default: return SeriesLook.color(mark.series)
        }
    }

    /// What a mark looks like in the legend, drawn with the same glyphs as in the plot.
    static func sample(_ mark: FigureMark, style: PlotStyle) -> String {
        let unicode = style.isUnicode
        let marker = String(SeriesLook.marker(mark.series, charset: style.charset))
        switch mark.kind {
        case .bars:
            if mark.series == 0 { return unicode ? "█" : "#" }
            return style.charset == .braille ? SeriesLook.brailleSample(mark.series) : marker + marker
        case .wrappedBars: return unicode ? "░" : ":"
        case .curve: return style.charset == .braille ? SeriesLook.brailleSample(mark.series) : marker
        case .points: return style.charset == .braille && mark.series == 0 ? "⠂⠁⠄" : marker
        case .heat: return String(unicode ? unicodeShades : asciiShades)
        case .contour: return unicode ? SeriesLook.brailleSample(0) : "o"
        case .arrows: return unicode ? "→" : ">"
        case .horizontal: return unicode ? "┄┄" : "- -"
        case .vertical: return unicode ? "┆" : ":"
        }
    }
}

/// Points counted on a grid over two axes (the heat map's one pass over the data), smoothed
/// as much as the counts need, and cut into shade levels.
///
/// A cell's count is Poisson: with a few points per cell its relative noise 1/√m makes a
/// speckled picture. The counts are smoothed by p passes of the binomial kernel [1 2 1]/4 down
/// the rows and 4p across the columns (a cell is about twice as tall as wide, so the blur is
/// round on screen: a discrete Gaussian of standard deviation √(p/2) rows and 2√(p/2) columns).
/// It averages about π·√(4p·p)·m = 2πp·m points per cell; p is the least that brings that to
/// `pointsPerSmoothedCell` (40: noise ≈ 16%), and 0 when the occupied cells already hold that
/// many each (a million points at 100×40 are drawn from their raw counts).
enum HeatGrid {
    static let pointsPerSmoothedCell = 40.0
    static let maximumPasses = 32

    /// Passes of [1 2 1]/4 down the rows for a grid whose occupied cells hold `meanCount` points
    /// each on average (four times as many go across).
    static func smoothingPasses(meanCount: Double) -> Int {
        guard meanCount > 0, meanCount < pointsPerSmoothedCell else { return 0 }
        return min(maximumPasses, Int((pointsPerSmoothedCell / (2 * .pi * meanCount)).rounded(.up)))
    }

    /// The counts smoothed by `passes` passes down the rows and 4·`passes` across (by default
    /// `smoothingPasses`, chosen from the counts); at the edges the kernel is renormalised over
    /// the cells inside, so no mass is imagined beyond the axes.
    static func smoothed(_ counts: [Int], columns: Int, rows: Int, passes chosen: Int? = nil) -> [Double] {
        var values = counts.map(Double.init)
        let occupied = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        guard occupied > 0 else { return values }
        let passes = chosen ?? smoothingPasses(meanCount: Double(counts.reduce(0, +)) / Double(occupied))
        guard passes > 0, columns > 0, rows > 0 else { return values }
        var scratch = values
        // One [1 2 1] pass over `values` into `scratch`, between neighbours `stride` apart.
        func pass(along stride: Int, count: Int, position: (Int) -> Int) {
            for index in values.indices {
                let at = position(index)
                var sum = 2 * values[index], weight = 2.0
                if at > 0 { sum += values[index - stride]; weight += 1 }
                if at < count - 1 { sum += values[index + stride]; weight += 1 }
                scratch[index] = sum / weight
            }
            swap(&values, &scratch)
        }
        for _ in 0..<(4 * passes) { pass(along: 1, count: columns) { $0 % columns } }
        for _ in 0..<passes { pass(along: columns, count: rows) { $0 / columns } }
        return values
    }

    /// Shade levels 0…`shades` of `values` relative to the largest: level k for a share in
    /// [t + (k − 1)·w, t + k·w) with t = 1/(2·shades) and w = (1 − t)/shades, so every level is an
    /// equal band of the density and cells under half the lightest band stay blank (a few stray
    /// points paint no halo).
    ///
    ///     HeatGrid.levels([0, 0.05, 0.5, 1], shades: 5)   // [0, 0, 3, 5]
    static func levels(_ values: [Double], shades: Int) -> [Int] {
        guard let most = values.max(), most > 0, shades > 0 else { return values.map { _ in 0 } }
        let threshold = 1 / (2 * Double(shades)), band = (1 - threshold) / Double(shades)
        return values.map { value in
            let share = value / most
            guard share >= threshold else { return 0 }
            return min(shades, 1 + Int((share - threshold) / band))
        }
    }

    /// `counts[row · columns + column]`, row 0 at the bottom; points outside the axes or not
    /// finite are not counted.
    static func count(x: [Double], y: [Double], xAxis: Axis, yAxis: Axis, columns: Int, rows: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: max(0, columns * rows))
        guard columns > 0, rows > 0 else { return counts }
        let n = min(x.count, y.count)
        let linear = !xAxis.isLogarithmic && !yAxis.isLogarithmic
        let xScale = Double(columns) / (xAxis.upper - xAxis.lower), yScale = Double(rows) / (yAxis.upper - yAxis.lower)
        counts.withUnsafeMutableBufferPointer { counts in
            x.withUnsafeBufferPointer { x in
                y.withUnsafeBufferPointer { y in
                    for index in 0..<n {
                        var u = x[index], v = y[index]
                        if !linear {
                            guard let fu = xAxis.fraction(of: u), let fv = yAxis.fraction(of: v) else { continue }
                            u = xAxis.lower + fu * (xAxis.upper - xAxis.lower)
                            v = yAxis.lower + fv * (yAxis.upper - yAxis.lower)
                        }
                        let cx = (u - xAxis.lower) * xScale, cy = (v - yAxis.lower) * yScale
                        // The comparisons are false for NaN, so non-finite points are skipped too.
                        guard cx >= 0, cx <= Double(columns), cy >= 0, cy <= Double(rows) else { continue }
                        let column = min(Int(cx), columns - 1), row = min(Int(cy), rows - 1)
                        counts[row * columns + column] += 1
                    }
                }
            }
        }
        return counts
    }
}
