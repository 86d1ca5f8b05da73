import Foundation

/// One or many series as lines over shared axes, with a legend, optional horizontal reference
/// lines (targets) and an optional log y axis.
///
///     LinePlot.render([LineSeries(name: "loss", y: losses)],
///                     options: LinePlotOptions(title: "fit", logY: true),
///                     style: PlotStyle(width: 60, height: 15))
///
/// Series are told apart by color when colors are on; otherwise each gets its own glyph
/// (`*` `+` `o` `x` … in ASCII, `•` `+` `o` … in Unicode; in braille the first solid and the others dashed `⠒⠒⠀`, `⠂⠐⠀` …).
public enum LinePlot {
    public static let minimumSize = (width: 20, height: 6)

    public static func render(_ series: [LineSeries], options: LinePlotOptions = LinePlotOptions(),
                              style: PlotStyle = PlotStyle()) -> [String] {
        guard style.width >= minimumSize.width, style.height >= minimumSize.height else {
            return doesNotFit(needs: minimumSize, style: style)
        }
        guard !series.isEmpty else { return ["(no series to plot)"] }
        for range in [options.xRange, options.yRange].compactMap({ $0 }) {
            guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
                return ["(plot ranges must be finite with lower < upper)"]
            }
        }
        if options.logY, let range = options.yRange, range.lowerBound <= 0 {
            return ["(a log y range must be positive)"]
        }
        if options.logX, let range = options.xRange, range.lowerBound <= 0 {
            return ["(a log x range must be positive)"]
        }

        let points = series.map { Array(zip($0.x, $0.y)).map { (x: $0.0, y: $0.1) } }
        let drawable: (Double, Double) -> Bool = { x, y in
            x.isFinite && y.isFinite && (!options.logY || y > 0) && (!options.logX || x > 0)
        }
        let kept = points.flatMap { $0.filter { drawable($0.x, $0.y) } }
        let references = options.references.filter { $0.y.isFinite && (!options.logY || $0.y > 0) }
        guard !kept.isEmpty || options.xRange != nil else { return ["(no finite values to plot)"] }

        let xLower = options.xRange?.lowerBound ?? kept.map(\.x).min()!
        let xUpper = options.xRange?.upperBound ?? kept.map(\.x).max()!
        let yValues = kept.map(\.y) + references.map(\.y)
        guard let yLower = options.yRange?.lowerBound ?? yValues.min(),
              let yUpper = options.yRange?.upperBound ?? yValues.max() else { return ["(no finite values to plot)"] }

        let glyphs = series.indices.map { glyph(series: $0, of: series.count, style: style) }
        guard var layout = AxesLayout(style: style, title: options.title, titlePriority: 0, footer: [
            (legend(series, glyphs: glyphs, references: references, style: style), 1),
            (notes(series, points: points, drawable: drawable, logX: options.logX, logY: options.logY), 2),
        ]) else { return doesNotFit(needs: minimumSize, style: style) }
        let yAxis = options.logY
            ? NiceTicks.logarithmic(lower: yLower, upper: yUpper, maxIntervals: layout.maxYIntervals)
            : NiceTicks.loose(lower: yLower, upper: yUpper, maxIntervals: layout.maxYIntervals)
        guard layout.setYAxis(yAxis) else {
            return doesNotFit(needs: (layout.yLabelWidth + 2 + AxesLayout.minPlotColumns, style.height), style: style)
        }
        if options.logX {
            layout.setXAxis(NiceTicks.logarithmic(lower: xLower, upper: xUpper, maxIntervals: max(1, layout.plotColumns / 4)))
        } else {
            layout.setXAxis(lower: xLower, upper: xUpper)
        }

        var canvas = layout.frame()
        for reference in references {
            drawReference(reference, color: reference.seriesIndex.map(PlotColor.forSeries) ?? .gray, layout: layout, canvas: &canvas)
        }
        var dots = layout.makeDots()
        for (index, line) in points.enumerated() {
            let clipped = line.map { (x: $0.x, y: clip($0.y, to: layout.yAxis)) }
            layout.drawCurve(clipped, glyph: glyphs[index], color: PlotColor.forSeries(index), canvas: &canvas, dots: &dots)
        }
        layout.stamp(dots, on: &canvas)
        return canvas.lines(color: style.color)
    }

    /// Points beyond a fixed y range are drawn on its edge rather than left out, so a trace that
    /// leaves the window is still seen leaving it.
    static func clip(_ y: Double, to axis: Axis) -> Double {
        guard y.isFinite, !axis.isLogarithmic else { return y }
        return min(max(y, axis.lower), axis.upper)
    }

    static let asciiMarkers: [Character] = ["*", "+", "o", "x", "#", "@", "%", "="]
    static let unicodeMarkers: [Character] = ["•", "+", "o", "×", "◆", "▲", "■", "◇"]

    /// Braille throughout: solid when colors tell the series apart (or for the first), else each
    /// later series in its own dash pattern; distinct marker glyphs in ASCII and Unicode.
    static func glyph(series index: Int, of count: Int, style: PlotStyle) -> CurveGlyph {
        switch style.charset {
        case .ascii: return .marker(asciiMarkers[index % asciiMarkers.count])
        case .unicode: return .marker(unicodeMarkers[index % unicodeMarkers.count])
        case .braille:
            return style.color || index == 0 ? .braille : .dashedBraille(series: index)
        }
    }

    static func drawReference(_ reference: ReferenceLine, color: PlotColor, layout: AxesLayout, canvas: inout TextCanvas) {
        guard let row = layout.row(y: reference.y) else { return }
        for offset in 0..<layout.plotColumns where layout.style.isUnicode || offset % 2 == 0 {
            canvas.put(layout.style.isUnicode ? "┄" : "-", column: layout.areaColumn + offset, row: row, color: color)
        }
    }

    static func legend(_ series: [LineSeries], glyphs: [CurveGlyph], references: [ReferenceLine], style: PlotStyle) -> TextBlock {
        var entries: [StyledLine] = zip(series.indices, glyphs).map { index, glyph in
            let sample: String
            switch glyph {
            case .braille: sample = "⠤⠤"
            case .dashedBraille(let series): sample = SeriesLook.brailleSample(series)
            case .marker(let character): sample = String(character)
            }
            return [TextRun(sample, color: PlotColor.forSeries(index)), TextRun(" " + series[index].name)]
        }
        for reference in references {
            entries.append([
                TextRun(style.isUnicode ? "┄┄" : "- -", color: reference.seriesIndex.map(PlotColor.forSeries) ?? .gray),
                TextRun(" \(reference.name) = \(PlotNumberFormat.significant(reference.legendValue ?? reference.y))"),
            ])
        }
        return TextBlock(entries)
    }

    static func notes(_ series: [LineSeries], points: [[(x: Double, y: Double)]],
                      drawable: (Double, Double) -> Bool, logX: Bool = false, logY: Bool) -> TextBlock {
        var notes: [String] = []
        for (line, points) in zip(series, points) where line.x.count != line.y.count {
            notes.append("\(line.name): \(line.x.count) x but \(line.y.count) y, plotted \(points.count)")
        }
        let nonFinite = points.joined().filter { !($0.x.isFinite && $0.y.isFinite) }.count
        if nonFinite > 0 { notes.append("\(nonFinite) non-finite point\(nonFinite == 1 ? "" : "s") skipped") }
        if logY {
            let nonPositive = points.joined().filter { $0.x.isFinite && $0.y.isFinite && $0.y <= 0 }.count
            if nonPositive > 0 { notes.append("\(nonPositive) value\(nonPositive == 1 ? "" : "s") <= 0 not shown on the log scale") }
        }
        if logX {
            let nonPositive = points.joined().filter { $0.x.isFinite && $0.y.isFinite && $0.x <= 0 }.count
            if nonPositive > 0 { notes.append("\(nonPositive) point\(nonPositive == 1 ? "" : "s") at x <= 0 not shown on the log x axis") }
        }
        return TextBlock(notes.map { [TextRun($0)] }, separator: "; ")
    }
}
