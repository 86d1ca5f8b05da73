import Foundation
import Reparam
import ReparamPlots

/// A picture a statement drew: the picture as data (text at any size, figures for export) and
/// the numbers behind it for the JSON form (bin edges, counts, densities).
struct Drawing {
    var picture: Picture
    var fields: [(String, JSON)] = []
}

/// The pictures `hist` draws beyond one univariate histogram: overlays of several, a 2-D sample
/// as a heat map or scatter with the exact density's contours, angles on the circle; and the
/// drawings behind `hist` and `plot` of one series.
extension Session {
    /// A univariate histogram as `HistogramPlot` draws it, its bins reported in the JSON form:
    /// `"bins":{"edges":[…],"counts":[…],"density":[…]}` (density = count / (n · width)).
    func histogramDrawing(_ samples: [Double], options: HistogramOptions) -> Drawing {
        var drawn: HistogramBins?
        let drawnStyle = plotStyle
        let lines = HistogramPlot.render(samples, options: options, style: drawnStyle) { drawn = $0 }
        let text = { (style: PlotStyle) -> [String] in
            style == drawnStyle ? lines : HistogramPlot.render(samples, options: options, style: style)
        }
        guard let bins = drawn else { return Drawing(picture: Picture([], text: text)) }
        let summary = SampleSummary(samples)
        let notes = ["n = \(summary.count)  mean \(format.number(summary.mean))  std \(format.number(summary.standardDeviation))"]
        return Drawing(picture: Picture([PlotFigures.histogram(bins, options: options, notes: notes)], text: text),
                       fields: [("bins", Self.binsJSON(edges: bins.edges, counts: bins.counts, densities: bins.densities))])
    }

    /// Curves as `LinePlot` draws them; the JSON form carries each curve's points:
    /// `"series":[{"name":…,"x":[…],"y":[…]}]`.
    func lineDrawing(_ series: [LineSeries], options: LinePlotOptions) -> Drawing {
        let curves = JSON.array(series.map { curve in
            .object([("name", .string(curve.name)), ("x", .array(curve.x.map { .number($0) })), ("y", .array(curve.y.map { .number($0) }))])
        })
        return Drawing(picture: Picture([PlotFigures.lines(series, options: options)]) { style in
            LinePlot.render(series, options: options, style: style)
        }, fields: [("series", curves)])
    }

    static func binsJSON(edges: [Double], counts: [Int], densities: [Double]) -> JSON {
        .object([("edges", .tensor(Tensor(edges))), ("counts", .tensor(Tensor(counts.map(Double.init)))),
                 ("density", .tensor(Tensor(densities)))])
    }

    // MARK: overlays

    /// `hist p, q, …`: each a tensor of samples or a univariate distribution (drawn `samples`
    /// times, its density laid over), on shared bins in one picture.
    func overlaidHistograms(_ expressions: [Expression], bins: Int?, samples: Int) throws -> Drawing {
        var series: [SampleSeries] = []
        for expression in expressions {
            let name = interpreter.text(expression.range)
            switch try interpreter.evaluate(expression) {
            case let .tensor(tensor, _):
                guard tensor.rank <= 1 else {
                    throw Diagnostic("hist overlays samples of one number each; \(name) has shape \(tensor.shape), "
                                     + "pick a column, e.g. \(name)[:, 0]", at: expression.range)
                }
                series.append(SampleSeries(name: name, samples: tensor.scalars))
            case let .distribution(distribution):
                let instance = try interpreter.engine(expression.range) { try distribution.instance() }
                guard instance.eventShape.isEmpty, instance.batchShape.isEmpty else {
                    throw Diagnostic("hist overlays univariate distributions; \(name) has batch shape \(instance.batchShape) "
                                     + "and event shape \(instance.eventShape)", at: expression.range)
                }
                let draws = try interpreter.engine(expression.range) { try instance.sample([samples], using: &interpreter.stream) }
                series.append(SampleSeries(name: name, samples: draws.scalars, density: Self.densityFunction(instance)))
            case let other:
                throw Diagnostic("hist needs samples or a distribution, but \(name) is \(other.kindDescription)", at: expression.range)
            }
        }
        let title = expressions.map { interpreter.text($0.range) }.joined(separator: ", ")
        let figure = OverlayHistogram.figure(series, title: title, columns: plotStyle.width - 8, bins: bins)
        var entries: [JSON] = []
        for (item, mark) in zip(series, figure.marks.filter { if case .bars = $0.kind { true } else { false } }) {
            guard case let .bars(edges, heights) = mark.kind, let lower = edges.first, let upper = edges.last else { continue }
            let counts = item.samples.withUnsafeBufferPointer { HistogramBinning.count($0, lower: lower, upper: upper, bins: heights.count).counts }
            entries.append(.object([("name", .string(mark.name ?? "")), ("bins", Self.binsJSON(edges: edges, counts: counts, densities: heights))]))
        }
        return Drawing(picture: Picture([figure]), fields: [("series", .array(entries))])
    }

    /// exp(log p(x)) of a univariate distribution, NaN where the engine refuses.
    static func densityFunction(_ instance: any Distribution) -> (Double) -> Double {
        { x in (try? exp(instance.logProb(Tensor(x))).scalars[0]) ?? .nan }
    }

    // MARK: 2-D

    /// Points (n, 2), row-major: a heat map (or a braille scatter for a few thousand) with the
    /// contours of `density`'s exact density when given.
    func histogram2D(_ points: Tensor, title: String, density: (any Distribution)? = nil, at range: SourceRange) throws -> Drawing {
        guard points.rank == 2, points.shape[1] == 2 else {
            throw Diagnostic("a 2-D hist needs points with 2 coordinates, shape [n, 2]; this has shape \(points.shape); "
                             + "pick two columns, e.g. x[:, 0:2]", at: range)
        }
        let values = points.scalars
        let xs = stride(from: 0, to: values.count, by: 2).map { values[$0] }
        let ys = stride(from: 1, to: values.count, by: 2).map { values[$0] }
        var options = Density2DOptions(title: title, xLabel: plotStyle.charset == .ascii ? "x1" : "x₁",
                                       yLabel: plotStyle.charset == .ascii ? "x2" : "x₂")
        if let density {
            options.density = { px, py in
                var pairs: [Double] = []
                pairs.reserveCapacity(2 * px.count)
                for (x, y) in zip(px, py) { pairs.append(x); pairs.append(y) }
                guard let grid = try? Tensor(shape: [px.count, 2], scalars: pairs),
                      let logDensity = try? density.logProb(grid) else { return [] }
                return exp(logDensity).scalars
            }
        }
        let figure = Density2DPlot.figure(x: xs, y: ys, options: options)
        return Drawing(picture: Picture([figure]), fields: [("points", .number(Double(xs.count)))])
    }

    // MARK: circular

    /// Angles of a circular family on [−π, π), with the wrap shown and the density over it.
    func circularHistogram(_ angles: [Double], title: String, density instance: any Distribution, bins: Int?) -> Drawing {
        let figure = CircularHistogram.figure(angles, title: title, density: Self.densityFunction(instance),
                                              densityLabel: "density", columns: plotStyle.width - 8, bins: bins)
        var fields: [(String, JSON)] = []
        if let mark = figure.marks.first(where: { if case .bars = $0.kind { true } else { false } }),
           case let .bars(edges, heights) = mark.kind {
            let wrapped = angles.filter(\.isFinite).map(CircularHistogram.wrap)
            let counts = wrapped.withUnsafeBufferPointer { HistogramBinning.count($0, lower: -.pi, upper: .pi, bins: heights.count).counts }
            fields = [("bins", Self.binsJSON(edges: edges, counts: counts, densities: heights))]
        }
        return Drawing(picture: Picture([figure]), fields: fields)
    }
}
