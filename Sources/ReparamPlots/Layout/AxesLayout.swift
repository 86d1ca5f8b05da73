import Foundation

/// The frame of a plot with a y axis on the left and an x axis below, and where its data area is:
///
///              title
///       0.10 ┤ ▁▃█▆▂
///       0.05 ┤▂█████▃▁
///          0 └┬───┬───┬
///             0   5   10
///       legend, summary
///
/// Build it in three steps: `init` decides which optional lines fit the height, `setYAxis` fixes
/// the label width and so the area's width, `setXAxis` chooses x ticks whose labels do not overlap.
struct AxesLayout {
    let style: PlotStyle
    private(set) var titleLines: [StyledLine] = []
    private(set) var footerLines: [StyledLine] = []
    /// Rows of the data area (the x axis line is below them).
    private(set) var plotRows = 0
    private(set) var yAxis = Axis(lower: 0, upper: 1, isLogarithmic: false, ticks: [], labels: [])
    private(set) var yLabelWidth = 1
    /// Columns of the data area; `setXAxis` may narrow it.
    private(set) var plotColumns = 0
    private(set) var xAxis = Axis(lower: 0, upper: 1, isLogarithmic: false, ticks: [], labels: [])

    static let minPlotRows = 3
    static let minPlotColumns = 8

    /// Lays out the rows: x axis and its labels always, then the title and the footer blocks in
    /// order of `priority` (lower first) as long as `minPlotRows` rows of data area remain.
    /// Nil when not even the bare axes fit.
    init?(style: PlotStyle, title: String?, titlePriority: Int = 0, footer: [(block: TextBlock, priority: Int)]) {
        self.style = style
        let axisRows = 2
        guard style.height - axisRows >= Self.minPlotRows else { return nil }
        var candidates: [(lines: [StyledLine], priority: Int, index: Int)] = []
        if let title, !title.isEmpty {
            candidates.append(([TextBlock.cut([TextRun(title)], to: style.width, ellipsis: style.ellipsis)], titlePriority, -1))
        }
        for (index, item) in footer.enumerated() {
            candidates.append((item.block.lines(width: style.width, ellipsis: style.ellipsis), item.priority, index))
        }
        var budget = style.height - axisRows - Self.minPlotRows
        var kept = Set<Int>()
        for candidate in candidates.sorted(by: { $0.priority < $1.priority }) where !candidate.lines.isEmpty {
            if candidate.lines.count <= budget {
                budget -= candidate.lines.count
                kept.insert(candidate.index)
            }
        }
        for candidate in candidates where kept.contains(candidate.index) {
            if candidate.index < 0 { titleLines = candidate.lines } else { footerLines += candidate.lines }
        }
        plotRows = style.height - axisRows - titleLines.count - footerLines.count
    }

    var areaRow: Int { titleLines.count }
    var areaColumn: Int { yLabelWidth + 2 }
    var axisRow: Int { areaRow + plotRows }
    var totalHeight: Int { axisRow + 2 + footerLines.count }

    /// Sets the y axis (pick it with at most `maxYIntervals` intervals); false when the labels leave too few columns.
    /// `labelWidth` reserves at least that many columns for the labels (they are right-aligned).
    mutating func setYAxis(_ axis: Axis, labelWidth: Int = 1) -> Bool {
        yAxis = axis
        yLabelWidth = max(labelWidth, axis.labels.map(\.count).max() ?? 1)
        plotColumns = style.width - yLabelWidth - 2
        return plotColumns >= Self.minPlotColumns
    }

    /// The most y intervals that keep a blank row between tick labels.
    var maxYIntervals: Int { max(1, plotRows / 2) }

    /// A tight x axis over [`lower`, `upper`] on the first `columns` area columns, with as many
    /// ticks as fit with two blanks between labels.
    mutating func setXAxis(lower: Double, upper: Double, columns: Int? = nil) {
        plotColumns = min(plotColumns, columns ?? plotColumns)
        let width = style.width
        xAxis = NiceTicks.tight(lower: lower, upper: upper, maxCount: max(1, plotColumns / 3)) { ticks, labels in
            var end = -2
            for (tick, label) in zip(ticks, labels) {
                let start = labelStart(center: self.xColumn(tick, lower: lower, upper: upper), length: label.count, width: width)
                if start < end + 2 { return false }
                end = start + label.count
            }
            return true
        }
    }

    /// A ready-made x axis (log decades, multiples of π/2), keeping every k-th tick for the
    /// smallest k whose labels do not overlap.
    mutating func setXAxis(_ axis: Axis) {
        let width = style.width
        for stride in 1...max(1, axis.ticks.count) {
            let kept = Array(Swift.stride(from: 0, to: axis.ticks.count, by: stride))
            var end = -2, fits = true
            for index in kept {
                let start = labelStart(center: xColumn(axis.ticks[index], lower: axis.lower, upper: axis.upper),
                                       length: axis.labels[index].count, width: width)
                if start < end + 2 { fits = false; break }
                end = start + axis.labels[index].count
            }
            if fits || kept.count <= 1 {
                xAxis = Axis(lower: axis.lower, upper: axis.upper, isLogarithmic: axis.isLogarithmic,
                             ticks: kept.map { axis.ticks[$0] }, labels: kept.map { axis.labels[$0] })
                return
            }
        }
    }

    private func labelStart(center: Int, length: Int, width: Int) -> Int {
        min(max(0, center - length / 2), max(0, width - length))
    }

    private func xColumn(_ value: Double, lower: Double, upper: Double) -> Int {
        let fraction = upper > lower ? (value - lower) / (upper - lower) : 0
        return areaColumn + clampIndex(fraction * Double(plotColumns), count: plotColumns)
    }

    // MARK: mapping data to cells

    /// Canvas column of the cell holding x = `value`, nil if it cannot be drawn.
    func column(x value: Double) -> Int? {
        guard let fraction = xAxis.fraction(of: value), fraction >= -1e-9, fraction <= 1 + 1e-9 else { return nil }
        return areaColumn + clampIndex(fraction * Double(plotColumns), count: plotColumns)
    }

    /// How many cells tall a bar from the bottom of the axis to `value` is (may be fractional).
    func cellHeight(y value: Double) -> Double {
        guard let fraction = yAxis.fraction(of: value) else { return 0 }
        return min(max(fraction, 0), 1) * Double(plotRows)
    }

    /// Canvas row of the cell a curve at y = `value` passes through, nil if it cannot be drawn.
    /// Cell k above the axis stands for the values within half a cell of k·(cell height), the same
    /// rounding that places tick labels and ASCII bar tops, so a curve at a tick's value sits on
    /// the tick's row; values outside the axis are pinned to its first or last row.
    func row(y value: Double) -> Int? {
        guard let fraction = yAxis.fraction(of: value) else { return nil }
        return axisRow - Self.level(fraction, levels: plotRows)
    }

    /// Dot coordinates in a `BrailleLayer` covering the data area (same rounding as `row(y:)`, in
    /// quarter cells).
    func dot(x: Double, y: Double) -> (x: Int, y: Int)? {
        guard let fx = xAxis.fraction(of: x), let fy = yAxis.fraction(of: y), fx >= -1e-9, fx <= 1 + 1e-9 else { return nil }
        let dotRows = plotRows * 4
        return (clampIndex(fx * Double(plotColumns * 2), count: plotColumns * 2), dotRows - Self.level(fy, levels: dotRows))
    }

    /// round(fraction · levels) clamped to 1…levels.
    static func level(_ fraction: Double, levels: Int) -> Int {
        guard fraction.isFinite else { return fraction == .infinity ? levels : 1 }
        return min(max(Int((min(max(fraction, 0), 2) * Double(levels)).rounded()), 1), levels)
    }

    /// Canvas (column, row) of a point for cell-resolution drawing.
    func cell(x: Double, y: Double) -> (x: Int, y: Int)? {
        guard let column = column(x: x), let row = row(y: y) else { return nil }
        return (column, row)
    }

    // MARK: drawing the frame

    /// A canvas with the title, the axes with ticks and labels, and the footer drawn; the data
    /// area is left blank for the plot.
    func frame() -> TextCanvas {
        var canvas = TextCanvas(width: style.width, height: totalHeight)
        let unicode = style.isUnicode
        for (index, line) in titleLines.enumerated() {
            canvas.write(line, column: max(0, (style.width - line.length) / 2), row: index)
        }
        let axisColumn = yLabelWidth + 1
        for row in areaRow..<axisRow { canvas.put(unicode ? "│" : "|", column: axisColumn, row: row) }
        for column in areaColumn..<(areaColumn + plotColumns) {
            canvas.put(unicode ? "─" : "-", column: column, row: axisRow)
        }
        canvas.put(unicode ? "└" : "+", column: axisColumn, row: axisRow)
        for index in yAxis.ticks.indices {
            let fromAxis = Int((yAxis.tickFraction(index) * Double(plotRows)).rounded())
            guard fromAxis >= 0, fromAxis <= plotRows else { continue }
            let row = axisRow - fromAxis
            let label = yAxis.labels[index]
            canvas.write(label, column: yLabelWidth - label.count, row: row)
            if fromAxis > 0 { canvas.put(unicode ? "┤" : "+", column: axisColumn, row: row) }
        }
        for (tick, label) in zip(xAxis.ticks, xAxis.labels) {
            let column = xColumn(tick, lower: xAxis.lower, upper: xAxis.upper)
            canvas.put(unicode ? "┬" : "+", column: column, row: axisRow)
            canvas.write(label, column: labelStart(center: column, length: label.count, width: style.width), row: axisRow + 1)
        }
        for (index, line) in footerLines.enumerated() {
            canvas.write(line, column: 0, row: axisRow + 2 + index)
        }
        return canvas
    }
}

/// `Int(floor(position))` clamped to 0..<count; safe for any Double, NaN included (→ 0).
func clampIndex(_ position: Double, count: Int) -> Int {
    guard count > 0, position.isFinite, position > 0 else { return 0 }
    return position >= Double(count) ? count - 1 : Int(position)
}

/// `index` clamped to 0..<count.
func clampIndex(_ index: Int, count: Int) -> Int {
    min(max(index, 0), max(0, count - 1))
}
