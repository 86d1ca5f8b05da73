/// One panel of a picture as data: axes, marks in data coordinates, a legend and notes. The text
/// renderer (`FigureText`) and the vector renderer (`FigureSVG`) both draw from it, so a picture
/// exported for a slide shows exactly the numbers the terminal showed.
///
///     var figure = Figure(title: "Normal(0, 1)")
///     figure.marks = [FigureMark(name: "samples", series: 0, .bars(edges: [-1, 0, 1], heights: [0.3, 0.4]))]
///     FigureText.render(figure, style: PlotStyle(width: 60, height: 16, charset: .unicode))
///     FigureSVG.render([figure], width: 640, height: 400)
public struct Figure: Sendable {
    public var title: String?
    public var x: FigureAxis
    public var y: FigureAxis
    /// Drawn in order: later marks on top.
    public var marks: [FigureMark]
    /// Summary and notes under the legend (`n = 1000  mean 2.01`), dropped first when short of rows.
    public var notes: [String]

    public init(title: String? = nil, x: FigureAxis = FigureAxis(), y: FigureAxis = FigureAxis(),
                marks: [FigureMark] = [], notes: [String] = []) {
        self.title = title
        self.x = x
        self.y = y
        self.marks = marks
        self.notes = notes
    }

    /// The data extent of the marks along x and y (finite values only; positive only on a log
    /// axis), nil for an axis no mark spans.
    func dataBounds() -> (x: ClosedRange<Double>?, y: ClosedRange<Double>?) {
        var xs = Bounds(positiveOnly: x.scale == .log), ys = Bounds(positiveOnly: y.scale == .log)
        for mark in marks { mark.kind.extend(x: &xs, y: &ys) }
        return (xs.range, ys.range)
    }
}

/// How positions along an axis map to the page.
public enum AxisScale: Sendable, Equatable {
    case linear
    /// log₁₀, ticks at decades; values ≤ 0 are left out and counted in a note.
    case log
    /// An angle in radians on [−π, π), ticks at multiples of π/2 labelled `-π … π` (`-pi … pi` in ASCII).
    case angle
}

/// One axis of a figure: its scale, an optional fixed range and label.
public struct FigureAxis: Sendable, Equatable {
    public var scale: AxisScale
    /// A fixed range; nil fits the marks (and starts at 0 for bars).
    public var range: ClosedRange<Double>?
    public var label: String?

    public init(scale: AxisScale = .linear, range: ClosedRange<Double>? = nil, label: String? = nil) {
        self.scale = scale
        self.range = range
        self.label = label
    }
}

/// One layer of a figure, with its legend name and series number (which picks its color, glyph
/// and dash pattern, so series stay told apart in monochrome).
public struct FigureMark: Sendable {
    /// In the legend when set.
    public var name: String?
    public var series: Int
    public var kind: Kind

    public init(name: String? = nil, series: Int = 0, _ kind: Kind) {
        self.name = name
        self.series = series
        self.kind = kind
    }

    public enum Kind: Sendable {
        /// A histogram: bin `i` spans [`edges[i]`, `edges[i+1]`) at `heights[i]`. Series 0 is filled;
        /// others are drawn as step outlines so the filled one stays visible beneath.
        case bars(edges: [Double], heights: [Double])
        /// Bars repeating what lies across a wrap (a circular histogram past ±π): drawn light.
        case wrappedBars(edges: [Double], heights: [Double])
        /// A polyline through (x[i], y[i]); a non-finite point breaks it.
        case curve(x: [Double], y: [Double])
        /// A scatter of points.
        case points(x: [Double], y: [Double])
        /// The density of the points (x[i], y[i]) shaded over the plane, binned at the renderer's resolution.
        case heat(x: [Double], y: [Double])
        /// Segments of a level set of a density (pairs of points).
        case contour(level: Double, segments: [FigureSegment])
        /// Arrows from (x, y) along (dx, dy); `scale` converts (dx, dy) to data units.
        case arrows(x: [Double], y: [Double], dx: [Double], dy: [Double], scale: Double)
        /// A horizontal line across the plot at `y` (a target, zero).
        case horizontal(y: Double)
        /// A vertical line across the plot at `x` (the seam of a wrapped axis).
        case vertical(x: Double)

        func extend(x xs: inout Bounds, y ys: inout Bounds) {
            switch self {
            case let .bars(edges, heights), let .wrappedBars(edges, heights):
                edges.forEach { xs.add($0) }
                heights.forEach { ys.add($0) }
                ys.add(0)
            case let .curve(x, y), let .points(x, y), let .heat(x, y):
                for (u, v) in zip(x, y) where u.isFinite && v.isFinite && xs.accepts(u) && ys.accepts(v) {
                    xs.add(u)
                    ys.add(v)
                }
            case let .contour(_, segments):
                for segment in segments { xs.add(segment.from.x); xs.add(segment.to.x); ys.add(segment.from.y); ys.add(segment.to.y) }
            case let .arrows(x, y, _, _, _):
                x.forEach { xs.add($0) }
                y.forEach { ys.add($0) }
            case let .horizontal(y): ys.add(y)
            case let .vertical(x): xs.add(x)
            }
        }
    }
}

/// A straight piece of a contour, in data coordinates.
public struct FigureSegment: Sendable, Equatable {
    public var from: (x: Double, y: Double)
    public var to: (x: Double, y: Double)

    public init(from: (x: Double, y: Double), to: (x: Double, y: Double)) {
        self.from = from
        self.to = to
    }

    public static func == (a: FigureSegment, b: FigureSegment) -> Bool {
        a.from == b.from && a.to == b.to
    }
}

/// A running minimum and maximum of finite values (positive ones only on a log axis).
struct Bounds {
    let positiveOnly: Bool
    var lower = Double.infinity
    var upper = -Double.infinity

    init(positiveOnly: Bool) { self.positiveOnly = positiveOnly }

    func accepts(_ value: Double) -> Bool { value.isFinite && (!positiveOnly || value > 0) }

    mutating func add(_ value: Double) {
        guard accepts(value) else { return }
        lower = Swift.min(lower, value)
        upper = Swift.max(upper, value)
    }

    var range: ClosedRange<Double>? { lower <= upper ? lower...upper : nil }
}
