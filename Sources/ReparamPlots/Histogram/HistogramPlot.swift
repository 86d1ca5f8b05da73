import Foundation
import struct Reparam.SampleSummary

/// A histogram of samples with an optional density curve over the bars, a summary line
/// (`n = 1000  mean 2.013 (exact 2)  std 4.97 (exact 5)`) and notes on anything not shown.
///
/// The cost is two passes over the samples (count, sum and range; then bin counts and squared
/// deviations) and a sort of at most 16,384 of them for the bin rule, clipping and the y labels'
/// width, never of all of them.
///
///     let lines = HistogramPlot.render(samples, options: HistogramOptions(title: "Gamma(2, 1)"),
///                                      style: PlotStyle(width: 60, height: 16))
public enum HistogramPlot {
    /// The smallest size a histogram is drawn at; below it `render` returns a one-line notice.
    public static let minimumSize = (width: 20, height: 6)

    public static func render(_ samples: [Double], options: HistogramOptions = HistogramOptions(),
                              style: PlotStyle = PlotStyle(), drawn: ((HistogramBins) -> Void)? = nil) -> [String] {
        samples.withUnsafeBufferPointer { render($0, options: options, style: style, drawn: drawn) }
    }

    /// `drawn` is called with the bins of the picture returned (not when it is a one-line notice),
    /// for callers that report the counts beside the text (`hist` in JSON, export).
    public static func render(_ samples: UnsafeBufferPointer<Double>, options: HistogramOptions = HistogramOptions(),
                              style: PlotStyle = PlotStyle(), drawn: ((HistogramBins) -> Void)? = nil) -> [String] {
        guard style.width >= minimumSize.width, style.height >= minimumSize.height else {
            return doesNotFit(needs: minimumSize, style: style)
        }
        if let bins = options.bins, bins < 1 { return ["(histogram needs at least 1 bin, got \(bins))"] }
        if let tail = options.clipTail, !(tail > 0 && tail < 0.5) {
            return ["(histogram clip tail must be between 0 and 0.5, got \(PlotNumberFormat.significant(tail)))"]
        }
        if let range = options.range, !(range.lowerBound.isFinite && range.upperBound.isFinite && range.lowerBound < range.upperBound) {
            return ["(histogram range must be finite with lower < upper)"]
        }
        let first = SampleSummary.firstPass(samples)
        guard first.count > 0 else {
            return [samples.isEmpty ? "(no samples to plot)" : "(no finite samples to plot: \(samples.count) non-finite)"]
        }
        let subsample = HistogramBinning.sortedSubsample(samples)
        var (lower, upper) = (first.minimum, first.maximum)
        if let range = options.range {
            (lower, upper) = (range.lowerBound, range.upperBound)
        } else if let tail = options.clipTail {
            (lower, upper) = (HistogramBinning.quantile(sorted: subsample, tail), HistogramBinning.quantile(sorted: subsample, 1 - tail))
        }
        (lower, upper) = NiceTicks.widenIfDegenerate(lower, upper)
        let interquartileRange = HistogramBinning.quantile(sorted: subsample, 0.75) - HistogramBinning.quantile(sorted: subsample, 0.25)
        let ruleBins = options.bins ?? HistogramBinning.ruleBinCount(
            count: first.count, interquartileRange: interquartileRange, span: upper - lower, maximum: .max)
        let plan = Plan(options: options, style: style, lower: lower, upper: upper, ruleBins: ruleBins)

        // The y labels' width decides the columns, which decide the bins, which decide the y
        // labels. Settle the width on the subsample first (cheap), then count all samples once
        // and confirm it, counting again only if the labels came out wider.
        var labelWidth = 1
        let estimate = SampleSummary(first, squaredDeviations: 0)
        for _ in 0..<4 {
            let bins = plan.bins(labelWidth: labelWidth)
            let binned = subsample.withUnsafeBufferPointer { HistogramBinning.count($0, lower: lower, upper: upper, bins: bins) }
            guard let needed = plan.attempt(labelWidth: labelWidth, binned: binned, countScale: Double(first.count) / Double(subsample.count), summary: estimate)?.neededLabelWidth,
                  needed > labelWidth else { break }
            labelWidth = needed
        }
        for _ in 0..<4 {
            let bins = plan.bins(labelWidth: labelWidth)
            let (binned, squares) = HistogramBinning.count(samples, lower: lower, upper: upper, bins: bins, deviationsFrom: first.mean)
            let summary = SampleSummary(first, squaredDeviations: squares)
            guard let attempt = plan.attempt(labelWidth: labelWidth, binned: binned, countScale: 1, summary: summary) else { break }
            if attempt.neededLabelWidth > labelWidth { labelWidth = attempt.neededLabelWidth; continue }
            drawn?(binned)
            return attempt.draw()
        }
        return doesNotFit(needs: (labelWidth + 2 + AxesLayout.minPlotColumns, style.height), style: style)
    }

    /// The choices that stay fixed while the label width is being settled.
    struct Plan {
        let options: HistogramOptions
        let style: PlotStyle
        let lower: Double
        let upper: Double
        let ruleBins: Int

        func columns(labelWidth: Int) -> Int { style.width - labelWidth - 2 }

        /// Never more bins than columns; each bin gets the same whole number of columns.
        func bins(labelWidth: Int) -> Int { max(1, min(ruleBins, columns(labelWidth: labelWidth))) }

        /// The layout for `binned` with labels `labelWidth` wide, and the width its y labels
        /// really need; nil when the columns or rows are too few. `countScale` scales subsample
        /// counts up to the full sample.
        func attempt(labelWidth: Int, binned: HistogramBins, countScale: Double, summary: SampleSummary) -> Attempt? {
            let columns = columns(labelWidth: labelWidth)
            guard columns >= AxesLayout.minPlotColumns else { return nil }
            let bins = binned.counts.count
            let columnsPerBin = columns / bins
            guard var layout = AxesLayout(style: style, title: options.title, titlePriority: 1, footer: [
                (summaryBlock(summary, options), 0),
                (notesBlock(summary, binned, options, requestedBins: ruleBins), 2),
                (legendBlock(binned, options, style), 3),
            ]) else { return nil }
            let heights = (0..<bins).map { options.scale == .density ? binned.density($0) : Double(binned.counts[$0]) * countScale }
            let overlay = overlayPoints(options, binned, columns: bins * columnsPerBin, countScale: countScale, style: style)
            let top = yTop(bars: heights.max() ?? 0, overlay: overlay.compactMap { $0.y.isFinite ? $0.y : nil }.max())
            let axis = NiceTicks.loose(lower: 0, upper: top, maxIntervals: layout.maxYIntervals)
            let needed = axis.labels.map(\.count).max() ?? 1
            guard layout.setYAxis(axis, labelWidth: labelWidth) else { return nil }
            layout.setXAxis(lower: lower, upper: upper, columns: bins * columnsPerBin)
            return Attempt(layout: layout, heights: heights, counts: binned.counts, columnsPerBin: columnsPerBin,
                           overlay: overlay, neededLabelWidth: needed)
        }
    }

    struct Attempt {
        let layout: AxesLayout
        let heights: [Double]
        let counts: [Int]
        let columnsPerBin: Int
        let overlay: [(x: Double, y: Double)]
        let neededLabelWidth: Int

        func draw() -> [String] {
            var canvas = layout.frame()
            for (bin, height) in heights.enumerated() {
                for offset in 0..<columnsPerBin {
                    layout.drawBar(column: bin * columnsPerBin + offset, height: layout.cellHeight(y: height),
                                   visible: counts[bin] > 0, color: .blue, canvas: &canvas)
                }
            }
            var dots = layout.makeDots()
            layout.drawCurve(overlay, glyph: curveGlyph(layout.style), color: .red, canvas: &canvas, dots: &dots)
            layout.stamp(dots, on: &canvas)
            return canvas.lines(color: layout.style.color)
        }
    }

    /// The y axis top: the tallest bar, or the curve's peak if higher, but the curve may not
    /// squash the bars below half the height (an unbounded density, like Gamma(0.5) at 0, is
    /// drawn clipped at the top instead).
    static func yTop(bars: Double, overlay: Double?) -> Double {
        guard let overlay, overlay > bars else { return bars > 0 ? bars : 1 }
        return bars > 0 ? min(overlay, 2 * bars) : overlay
    }

    /// The density curve at the centre of every column (two per column in braille), scaled like
    /// the bars.
    static func overlayPoints(_ options: HistogramOptions, _ bins: HistogramBins, columns: Int, countScale: Double,
                              style: PlotStyle) -> [(x: Double, y: Double)] {
        guard let density = options.density else { return [] }
        let perColumn = style.charset == .braille ? 2 : 1
        let steps = columns * perColumn
        let factor = options.scale == .density ? 1 : Double(bins.total) * countScale * bins.binWidth
        return (0..<steps).map { index in
            let x = bins.lower + (Double(index) + 0.5) * (bins.upper - bins.lower) / Double(steps)
            return (x, density(x) * factor)
        }
    }

    static func curveGlyph(_ style: PlotStyle) -> CurveGlyph {
        switch style.charset {
        case .ascii: return .marker("*")
        case .unicode: return .marker("•")
        case .braille: return .braille
        }
    }

    static func summaryBlock(_ summary: SampleSummary, _ options: HistogramOptions) -> TextBlock {
        func withExact(_ value: Double, _ exact: Double?) -> String {
            PlotNumberFormat.significant(value) + (exact.map { " (exact \(PlotNumberFormat.significant($0)))" } ?? "")
        }
        return TextBlock([
            [TextRun("n = \(summary.count)")],
            [TextRun("mean " + withExact(summary.mean, options.exactMean))],
            [TextRun("std " + withExact(summary.standardDeviation, options.exactStandardDeviation))],
        ], separator: "  ")
    }

    static func notesBlock(_ summary: SampleSummary, _ bins: HistogramBins, _ options: HistogramOptions, requestedBins: Int) -> TextBlock {
        var notes: [String] = []
        if summary.nonFinite > 0 {
            notes.append("dropped \(summary.nonFinite) non-finite value\(summary.nonFinite == 1 ? "" : "s")")
        }
        let outside = bins.below + bins.above
        let values = "\(outside) value\(outside == 1 ? "" : "s")"
        if let range = options.range, outside > 0 {
            notes.append("\(values) outside [\(PlotNumberFormat.significant(range.lowerBound)), \(PlotNumberFormat.significant(range.upperBound))] not shown")
        } else if options.range == nil, let tail = options.clipTail {
            let low = PlotNumberFormat.significant(100 * tail, digits: 3), high = PlotNumberFormat.significant(100 * (1 - tail), digits: 3)
            notes.append("\(values) outside the \(low)%–\(high)% quantiles not shown")
        }
        if options.bins != nil && requestedBins > bins.counts.count {
            notes.append("\(requestedBins) bins reduced to \(bins.counts.count) to fit the width")
        }
        return TextBlock(notes.map { [TextRun($0)] }, separator: "; ")
    }

    static func legendBlock(_ bins: HistogramBins, _ options: HistogramOptions, _ style: PlotStyle) -> TextBlock {
        let bar: String = style.isUnicode ? "█" : "#"
        var entries: [StyledLine] = [[
            TextRun(bar, color: .blue),
            TextRun(" \(options.samplesLabel): \(bins.counts.count) bin\(bins.counts.count == 1 ? "" : "s") of \(PlotNumberFormat.significant(bins.binWidth, digits: 3))"),
        ]]
        if options.density != nil {
            let curve: String = style.charset == .braille ? "⠤⠤" : (style.isUnicode ? "•" : "*")
            entries.append([TextRun(curve, color: .red), TextRun(" " + options.densityLabel)])
        }
        return TextBlock(entries)
    }
}
