import Foundation
import struct Reparam.GradientSpread
import struct Reparam.SampleSummary

/// Gradient estimators side by side, one block per parameter on its own shared axis, so the
/// variance gap between, say, pathwise and score-function estimates is seen at a glance:
///
///     alpha  (exact 0.25)
///       pathwise        |-[=o=]-|                   0.251 ± 0.0121
///       score     |-------[=====o=====]---------|   0.262 ± 0.312   std ×25.8
///                 +---------+---------+---------+
///                -1         0         1         2
///     |-[=o=]-| min [mean − std, mean, mean + std] max over 200 repetitions
///
/// Each row: whiskers from the smallest to the largest estimate, a box over mean ± one standard
/// deviation (n − 1), the mean, and the numbers; `std ×k` gives k = std / (smallest std in the
/// block) for the others.
public enum EstimatorComparisonPlot {
    public static let minimumWidth = 30

    public static func render(_ spreads: [GradientSpread], options: EstimatorComparisonOptions = EstimatorComparisonOptions(),
                              style: PlotStyle = PlotStyle()) -> [String] {
        guard !spreads.isEmpty else { return ["(no estimates to compare)"] }
        var parameters: [String] = []
        for spread in spreads where !parameters.contains(spread.parameter) { parameters.append(spread.parameter) }
        let groups = parameters.map { name in spreads.filter { $0.parameter == name }.map { Row($0) } }

        // Layouts from the fullest to the most compact; the first whose rows fit is drawn.
        let layout = Layout.allCases.first { $0.rows(groups) <= style.height } ?? .dense
        let shownGroups = layout.blocksThatFit(groups, height: style.height)
        let hidden = groups.count - shownGroups
        let blockRows = layout.rows(Array(groups.prefix(shownGroups))) + (hidden > 0 ? 1 : 0)
        let estimatorWidth = spreads.map(\.estimator.count).max() ?? 0
        let parameterWidth = layout == .dense ? (parameters.map(\.count).max() ?? 0) + 2 : 0
        let nameWidth = 2 + parameterWidth + estimatorWidth + 2
        let unicode = style.isUnicode
        // The numbers beside the strips: with the std ratio while the strip keeps 24 columns,
        // without it while it keeps 16, none below that.
        let forms = [true, false].map { ratio in groups.map { numbersText($0, unicode: unicode, ratio: ratio) } }
        let formWidths = forms.map { 2 + ($0.joined().map(\.count).max() ?? 0) }
        let minimumStrip = [24, 16]
        let chosen = forms.indices.first { style.width - nameWidth - formWidths[$0] >= minimumStrip[$0] }
        let numbers = chosen.map { forms[$0] } ?? []
        let showNumbers = chosen != nil
        let stripWidth = style.width - nameWidth - (chosen.map { formWidths[$0] } ?? 0)
        guard style.width >= minimumWidth, stripWidth >= 10, shownGroups > 0 else {
            return doesNotFit(needs: (max(minimumWidth, nameWidth + 10), Layout.dense.rows(Array(groups.prefix(1))) + 1), style: style)
        }

        var spare = style.height - blockRows
        let showTitle = options.title.map { !$0.isEmpty } == true && spare >= 1
        if showTitle { spare -= 1 }
        let showLegend = spare >= 1
        if showLegend { spare -= 1 }
        let dropped = spreads.filter { $0.values.contains { !$0.isFinite } }
        let showNote = !dropped.isEmpty && spare >= 1

        var canvas = TextCanvas(width: style.width, height: style.height - spare + (showNote ? 1 : 0))
        var row = 0
        if showTitle, let title = options.title {
            let line = TextBlock.cut([TextRun(title)], to: style.width, ellipsis: style.ellipsis)
            canvas.write(line, column: max(0, (style.width - line.length) / 2), row: row)
            row += 1
        }
        for (index, group) in groups.prefix(shownGroups).enumerated() {
            let exact = options.exact[parameters[index]]
            let strip = Strip(group: group, exact: exact, start: nameWidth, width: stripWidth, canvasWidth: style.width)
            if layout != .dense {
                var header = parameters[index]
                // Without an axis under the strips, the header gives their range.
                if layout == .compact {
                    header += "  " + PlotNumberFormat.significant(strip.lower, digits: 3) + (unicode ? " … " : " .. ")
                        + PlotNumberFormat.significant(strip.upper, digits: 3)
                }
                if let exact { header += "  (exact \(PlotNumberFormat.significant(exact)))" }
                canvas.write(TextBlock.cut([TextRun(header)], to: style.width, ellipsis: style.ellipsis), column: 0, row: row)
                row += 1
            }
            for (rowIndex, spread) in group.enumerated() {
                let color = PlotColor.forSeries(rowIndex)
                if layout == .dense, rowIndex == 0 { canvas.write(parameters[index], column: 0, row: row) }
                canvas.write(spread.estimator, column: 2 + parameterWidth, row: row, color: color)
                strip.draw(spread, exact: exact, row: row, color: color, unicode: unicode, canvas: &canvas)
                if showNumbers { canvas.write(numbers[index][rowIndex], column: nameWidth + stripWidth + 2, row: row) }
                row += 1
            }
            if layout == .full {
                strip.drawAxis(row: row, unicode: unicode, canvas: &canvas)
                row += 2
            }
        }
        if hidden > 0 {
            canvas.write(TextBlock.cut([TextRun("(\(hidden) more parameter\(hidden == 1 ? "" : "s") below; a taller pane shows them)")], to: style.width),
                         column: 0, row: row)
            row += 1
        }
        if showLegend {
            let counts = Set(spreads.map { $0.values.filter(\.isFinite).count })
            let repetitions = counts.count == 1 ? "\(counts.first!)" : "\(counts.min()!)–\(counts.max()!)"
            let sample = unicode ? "├─[━●━]─┤" : "|-[=o=]-|"
            let legend = "\(sample) min [mean − std, mean, mean + std] max over \(repetitions) repetitions"
            canvas.write(TextBlock.cut([TextRun(unicode ? legend : legend.replacingOccurrences(of: "−", with: "-"))], to: style.width), column: 0, row: row)
            row += 1
        }
        if showNote {
            let names = dropped.map { "\($0.estimator) (\($0.parameter)): \($0.values.filter { !$0.isFinite }.count)" }
            canvas.write(TextBlock.cut([TextRun("non-finite estimates dropped: " + names.joined(separator: ", "))], to: style.width), column: 0, row: row)
        }
        return canvas.lines(color: style.color)
    }

    /// How much each parameter's block shows, from the fullest to the most compact:
    ///
    ///     full     header, one row per estimator, an axis with labels     (n + 3 rows)
    ///     compact  header with the axis's range, one row per estimator    (n + 1 rows)
    ///     dense    one row per estimator, the parameter named on the first (n rows)
    ///
    /// In 80×13 (a pane in an 80×24 terminal) two parameters under four estimators take 14 rows
    /// in full and 10 compact.
    enum Layout: CaseIterable {
        case full, compact, dense

        private func rows(_ estimators: Int) -> Int {
            switch self {
            case .full: return estimators + 3
            case .compact: return estimators + 1
            case .dense: return estimators
            }
        }

        func rows(_ groups: [[Row]]) -> Int { groups.map { rows($0.count) }.reduce(0, +) }

        /// How many blocks fit in `height` (all of them when every block fits; otherwise as many as
        /// leave one row for the line that says how many more there are).
        func blocksThatFit(_ groups: [[Row]], height: Int) -> Int {
            if rows(groups) <= height { return groups.count }
            var used = 1, count = 0
            for group in groups {
                used += rows(group.count)
                if used > height { break }
                count += 1
            }
            return count
        }
    }

    /// One estimator's statistics over its finite estimates.
    struct Row {
        let estimator: String
        let summary: SampleSummary

        init(_ spread: GradientSpread) {
            estimator = spread.estimator
            summary = spread.summary
        }
    }

    /// "mean ± std" per row, and "std ×k" for rows whose spread exceeds the block's smallest.
    static func numbersText(_ group: [Row], unicode: Bool, ratio showRatio: Bool) -> [String] {
        // Spreads below a millionth of the block's widest are rounding (a control variate equal to f),
        // not a base for ratios.
        let widest = group.map(\.summary.standardDeviation).filter(\.isFinite).max() ?? 0
        let smallest = group.filter { $0.summary.count > 1 && $0.summary.standardDeviation > 1e-6 * widest }
            .map(\.summary.standardDeviation).min() ?? 0
        return group.map { row in
            guard row.summary.count > 0 else { return "no finite estimates" }
            let plusMinus = unicode ? " ± " : " +- "
            var text = PlotNumberFormat.significant(row.summary.mean, digits: 3) + plusMinus
                + PlotNumberFormat.significant(row.summary.standardDeviation, digits: 3)
            let ratio = row.summary.standardDeviation / smallest
            if showRatio, smallest > 0, ratio >= 1.05 {
                text += "  std " + (unicode ? "×" : "x") + PlotNumberFormat.significant(ratio, digits: 3)
            }
            return text
        }
    }
}

extension EstimatorComparisonPlot {
    /// The shared axis of one parameter's block: maps estimates to columns and draws the rows'
    /// intervals and the axis under them.
    struct Strip {
        let lower: Double
        let upper: Double
        let axis: Axis
        let start: Int
        let width: Int

        /// The range of all estimates and the exact value, widened by 5% each side so whiskers
        /// never sit on the ends, with as many ticks as fit with two blanks between labels.
        init(group: [Row], exact: Double?, start: Int, width: Int, canvasWidth: Int) {
            let finite = group.filter { $0.summary.count > 0 }
            var low = finite.map(\.summary.minimum).min() ?? 0
            var high = finite.map(\.summary.maximum).max() ?? 1
            if let exact, exact.isFinite { low = min(low, exact); high = max(high, exact) }
            (low, high) = NiceTicks.widenIfDegenerate(low, high)
            let margin = (high - low) * 0.05
            (lower, upper) = (low - margin, high + margin)
            self.start = start
            self.width = width
            let (lower, upper) = (self.lower, self.upper)
            axis = NiceTicks.tight(lower: lower, upper: upper, maxCount: max(1, width / 4)) { ticks, labels in
                var end = -2
                for (tick, label) in zip(ticks, labels) {
                    let center = start + clampIndex((tick - lower) / (upper - lower) * Double(width), count: width)
                    let begin = min(max(0, center - label.count / 2), canvasWidth - label.count)
                    if begin < end + 2 { return false }
                    end = begin + label.count
                }
                return true
            }
        }

        func column(_ value: Double) -> Int {
            start + clampIndex((value - lower) / (upper - lower) * Double(width), count: width)
        }

        func draw(_ row: Row, exact: Double?, row canvasRow: Int, color: PlotColor, unicode: Bool, canvas: inout TextCanvas) {
            if let exact, exact.isFinite { canvas.put(unicode ? "┊" : ":", column: column(exact), row: canvasRow, color: .gray) }
            let summary = row.summary
            guard summary.count > 0 else { return }
            let (low, high) = (column(summary.minimum), column(summary.maximum))
            let boxLow = column(max(summary.mean - summary.standardDeviation, summary.minimum))
            let boxHigh = column(min(summary.mean + summary.standardDeviation, summary.maximum))
            for position in low...high { canvas.put(unicode ? "─" : "-", column: position, row: canvasRow, color: color) }
            // End marks and brackets only where there is room, so a narrow spread reads "=o=".
            if low < boxLow { canvas.put(unicode ? "├" : "|", column: low, row: canvasRow, color: color) }
            if high > boxHigh { canvas.put(unicode ? "┤" : "|", column: high, row: canvasRow, color: color) }
            for position in boxLow...boxHigh { canvas.put(unicode ? "━" : "=", column: position, row: canvasRow, color: color) }
            if boxHigh - boxLow >= 2 {
                canvas.put("[", column: boxLow, row: canvasRow, color: color)
                canvas.put("]", column: boxHigh, row: canvasRow, color: color)
            }
            canvas.put(unicode ? "●" : "o", column: column(summary.mean), row: canvasRow, color: color)
        }

        func drawAxis(row: Int, unicode: Bool, canvas: inout TextCanvas) {
            for position in start..<(start + width) { canvas.put(unicode ? "─" : "-", column: position, row: row) }
            for (tick, label) in zip(axis.ticks, axis.labels) {
                let center = column(tick)
                canvas.put(unicode ? "┬" : "+", column: center, row: row)
                canvas.write(label, column: min(max(0, center - label.count / 2), canvas.width - label.count), row: row + 1)
            }
        }
    }
}
