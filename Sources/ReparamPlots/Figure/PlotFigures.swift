/// Figures of the pictures the older text plots draw, from the same data, so `HistogramPlot` and
/// `LinePlot` pictures export to SVG too.
extension HistogramBins {
    /// Equal bins over `range` with counts made elsewhere (e.g. through a CDF at the edges).
    public init(range: ClosedRange<Double>, counts: [Int], below: Int, above: Int) {
        self.init(lower: range.lowerBound, upper: range.upperBound, counts: counts, below: below, above: above)
    }

    /// The `counts.count + 1` bin edges, `lower` … `upper`.
    public var edges: [Double] { (0...counts.count).map { lower + Double($0) * binWidth } }
    /// count / (total · width) for every bin.
    public var densities: [Double] { counts.indices.map(density) }
}

public enum PlotFigures {
    /// The histogram `HistogramPlot` drew with `bins`: the same bars (densities or counts), the
    /// density curve on 201 points across the bins, the summary in the notes.
    ///
    ///     var drawn: HistogramBins?
    ///     let lines = HistogramPlot.render(samples, options: options, style: style) { drawn = $0 }
    ///     let figure = PlotFigures.histogram(drawn!, options: options, notes: [])
    public static func histogram(_ bins: HistogramBins, options: HistogramOptions, notes: [String]) -> Figure {
        let heights = options.scale == .density ? bins.densities : bins.counts.map(Double.init)
        var figure = Figure(title: options.title, notes: notes)
        figure.marks = [FigureMark(name: "\(options.samplesLabel): \(bins.counts.count) bins of \(PlotNumberFormat.significant(bins.binWidth, digits: 3))",
                                   series: 0, .bars(edges: bins.edges, heights: heights))]
        if let density = options.density {
            let factor = options.scale == .density ? 1 : Double(bins.total) * bins.binWidth
            let xs = (0...200).map { bins.lower + (bins.upper - bins.lower) * Double($0) / 200 }
            figure.marks.append(FigureMark(name: options.densityLabel, series: 1, .curve(x: xs, y: xs.map { density($0) * factor })))
        }
        return figure
    }

    /// The series and reference lines of a `LinePlot`, on its axes (log where it has them).
    public static func lines(_ series: [LineSeries], options: LinePlotOptions) -> Figure {
        var figure = Figure(title: options.title, x: FigureAxis(scale: options.logX ? .log : .linear, range: options.xRange),
                            y: FigureAxis(scale: options.logY ? .log : .linear, range: options.yRange))
        figure.marks = options.references.map { FigureMark(name: "\($0.name) = \(PlotNumberFormat.significant($0.y))", series: $0.seriesIndex ?? 0, .horizontal(y: $0.y)) }
        figure.marks += series.enumerated().map { FigureMark(name: $1.name, series: $0, .curve(x: $1.x, y: $1.y)) }
        return figure
    }
}
