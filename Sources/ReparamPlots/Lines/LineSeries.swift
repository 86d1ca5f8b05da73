/// One named curve of a line plot: points (x, y) joined in order.
///
///     LineSeries(name: "loss", y: losses)                           // x = 0, 1, 2, …
///     LineSeries(name: "pdf", function: { exp(-$0) }, over: 0...10)  // 400 points
public struct LineSeries {
    public var name: String
    public var x: [Double]
    public var y: [Double]

    /// Points (`x[i]`, `y[i]`); when the counts differ, only the first min(x.count, y.count) are
    /// used and the plot says so.
    public init(name: String, x: [Double], y: [Double]) {
        self.name = name
        self.x = x
        self.y = y
    }

    /// A trace: `y[i]` at x = `start` + i·`step` (steps of an optimizer, repetitions).
    public init(name: String, y: [Double], start: Double = 0, step: Double = 1) {
        self.init(name: name, x: y.indices.map { start + Double($0) * step }, y: y)
    }

    /// `function` sampled at `points` evenly spaced x over `range`, both ends included.
    public init(name: String, function: (Double) -> Double, over range: ClosedRange<Double>, points: Int = 400) {
        let count = max(2, points)
        let x = (0..<count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(count - 1) }
        self.init(name: name, x: x, y: x.map(function))
    }
}

/// A horizontal line across a line plot, e.g. the target value of a parameter being fitted.
/// With `seriesIndex` it takes that series' color.
public struct ReferenceLine {
    public var name: String
    public var y: Double
    public var seriesIndex: Int?
    /// The value the legend gives (`name = value`) when `y` is drawn on a rescaled axis; `y` when nil.
    public var legendValue: Double?

    public init(name: String, y: Double, seriesIndex: Int? = nil, legendValue: Double? = nil) {
        self.name = name
        self.y = y
        self.seriesIndex = seriesIndex
        self.legendValue = legendValue
    }
}

/// Everything about a line plot except its size and characters.
public struct LinePlotOptions {
    public var title: String?
    /// Horizontal reference lines, drawn under the series and listed in the legend with their value.
    public var references: [ReferenceLine]
    /// A log₁₀ y axis with ticks at decades; values ≤ 0 are left out and counted in a note.
    public var logY: Bool
    /// A log₁₀ x axis, the same way.
    public var logX: Bool
    /// Fixed ranges (e.g. so a live trace's axes do not jump); nil fits the data.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?

    public init(title: String? = nil, references: [ReferenceLine] = [], logY: Bool = false, logX: Bool = false,
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil) {
        self.logX = logX
        self.title = title
        self.references = references
        self.logY = logY
        self.xRange = xRange
        self.yRange = yRange
    }
}
