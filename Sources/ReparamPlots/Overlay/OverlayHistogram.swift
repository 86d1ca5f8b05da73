import Foundation
import struct Reparam.SampleSummary

/// One set of samples in an overlaid histogram, with the exact density it came from when known.
public struct SampleSeries {
    public var name: String
    public var samples: [Double]
    public var density: ((Double) -> Double)?

    public init(name: String, samples: [Double], density: ((Double) -> Double)? = nil) {
        self.name = name
        self.samples = samples
        self.density = density
    }
}

/// Several sample sets in one histogram on shared bins: the first filled, the others as outlines
/// in their own glyph or dash pattern, each exact density as a curve, one legend.
///
///     OverlayHistogram.figure([SampleSeries(name: "p", samples: p), SampleSeries(name: "q", samples: q)],
///                             title: "p, q", columns: 70)
///
/// Bins are shared so heights compare: equal widths over the central 99.8% of all samples
/// together, as many as Freedman–Diaconis gives the first series (IQR·n^(−1/3)), never more than
/// `columns`. Heights are densities, count / (n · width), so sets of different sizes compare.
public enum OverlayHistogram {
    public static func figure(_ series: [SampleSeries], title: String? = nil, columns: Int, bins: Int? = nil,
                              range: ClosedRange<Double>? = nil) -> Figure {
        var figure = Figure(title: title)
        let finite = series.map { $0.samples.filter(\.isFinite) }
        guard let first = finite.first(where: { !$0.isEmpty }) else {
            figure.notes = ["no finite samples to plot"]
            return figure
        }
        let (lower, upper) = range.map { ($0.lowerBound, $0.upperBound) } ?? centralRange(finite)
        let edges = binEdges(first, lower: lower, upper: upper, columns: columns, bins: bins)
        var notes: [String] = [], outlines: [FigureMark] = []
        for (index, (item, values)) in zip(series, finite).enumerated() {
            let heights = values.withUnsafeBufferPointer { buffer -> [Double] in
                let binned = HistogramBinning.count(buffer, lower: edges[0], upper: edges[edges.count - 1], bins: edges.count - 1)
                return (0..<binned.counts.count).map(binned.density)
            }
            // The first set is filled; the others' outlines go on top of everything, curves included.
            let mark = FigureMark(name: item.name, series: index, .bars(edges: edges, heights: heights))
            if index == 0 { figure.marks.append(mark) } else { outlines.append(mark) }
            let summary = SampleSummary(values)
            notes.append("\(item.name): n = \(summary.count) mean \(PlotNumberFormat.significant(summary.mean)) "
                         + "std \(PlotNumberFormat.significant(summary.standardDeviation))")
        }
        for (index, item) in series.enumerated() {
            guard let density = item.density else { continue }
            let xs = (0...200).map { lower + (upper - lower) * Double($0) / 200 }
            figure.marks.append(FigureMark(name: "\(item.name) density", series: series.count + index,
                                           .curve(x: xs, y: xs.map(density))))
        }
        figure.marks += outlines
        figure.notes = notes
        return figure
    }

    /// The 0.1% and 99.9% quantiles over all sets together (each set weighted equally by
    /// taking the extremes of the per-set quantiles).
    static func centralRange(_ sets: [[Double]]) -> (Double, Double) {
        var lower = Double.infinity, upper = -Double.infinity
        for values in sets where !values.isEmpty {
            let ends = values.withUnsafeBufferPointer { HistogramBinning.approximateQuantiles($0, probabilities: [0.001, 0.999]) }
            lower = min(lower, ends[0])
            upper = max(upper, ends[1])
        }
        return NiceTicks.widenIfDegenerate(lower, upper)
    }

    /// `bins` (or Freedman–Diaconis on `values`) equal bins over [`lower`, `upper`], at most `columns`.
    static func binEdges(_ values: [Double], lower: Double, upper: Double, columns: Int, bins: Int?) -> [Double] {
        let quartiles = values.withUnsafeBufferPointer { HistogramBinning.approximateQuantiles($0, probabilities: [0.25, 0.75]) }
        let count = bins ?? HistogramBinning.ruleBinCount(count: values.count, interquartileRange: quartiles[1] - quartiles[0],
                                                           span: upper - lower, maximum: .max)
        let k = max(1, min(count, max(1, columns)))
        return (0...k).map { lower + (upper - lower) * Double($0) / Double(k) }
    }
}
