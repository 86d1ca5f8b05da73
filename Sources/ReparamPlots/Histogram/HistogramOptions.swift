/// What a histogram's y axis measures.
public enum HistogramScale: Sendable {
    /// count / (n · bin width): bars integrate to 1 and line up with a density overlay.
    case density
    /// Samples per bin.
    case count
}

/// Everything about a histogram except its size and characters (those are the `PlotStyle`).
///
///     var options = HistogramOptions(title: "Normal(2, 5)")
///     options.density = { x in exp(-(x - 2) * (x - 2) / 50) / (5 * (2 * .pi).squareRoot()) }
///     options.exactMean = 2
///     options.exactStandardDeviation = 5
public struct HistogramOptions {
    public var title: String?
    /// A fixed number of bins; nil picks it by Freedman–Diaconis (Sturges when the IQR is 0).
    /// Never more than the plot has columns.
    public var bins: Int?
    public var scale: HistogramScale
    /// A density laid over the bars as a curve (scaled to counts when `scale` is `.count`).
    public var density: ((Double) -> Double)?
    /// The legend's name for the curve.
    public var densityLabel: String
    /// The legend's name for the bars.
    public var samplesLabel: String
    /// Shown beside the sample mean and standard deviation in the summary line.
    public var exactMean: Double?
    public var exactStandardDeviation: Double?
    /// Show only the central range between the `clipTail` and 1 − `clipTail` quantiles (e.g.
    /// 0.001 for heavy tails); the plot says how many samples fell outside. In (0, 0.5).
    public var clipTail: Double?
    /// A fixed x range (finite, lower < upper); overrides `clipTail`.
    public var range: ClosedRange<Double>?

    public init(title: String? = nil, bins: Int? = nil, scale: HistogramScale = .density,
                density: ((Double) -> Double)? = nil, densityLabel: String = "density",
                samplesLabel: String = "samples", exactMean: Double? = nil,
                exactStandardDeviation: Double? = nil, clipTail: Double? = nil,
                range: ClosedRange<Double>? = nil) {
        self.title = title
        self.bins = bins
        self.scale = scale
        self.density = density
        self.densityLabel = densityLabel
        self.samplesLabel = samplesLabel
        self.exactMean = exactMean
        self.exactStandardDeviation = exactStandardDeviation
        self.clipTail = clipTail
        self.range = range
    }
}
