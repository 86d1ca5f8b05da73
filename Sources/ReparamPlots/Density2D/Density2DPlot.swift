import Foundation

/// Everything about a 2-D picture except its size and characters.
public struct Density2DOptions {
    public var title: String?
    public var xLabel: String
    public var yLabel: String
    /// The exact density p(x, y), evaluated for many points at once (`xs[i]`, `ys[i]`); its level
    /// sets are drawn as contours.
    public var density: ((_ xs: [Double], _ ys: [Double]) -> [Double])?
    /// Up to this many points are drawn one by one (a braille scatter); more are shaded as a heat map.
    public var scatterLimit: Int
    /// Fixed ranges; nil shows the central 99% of each coordinate.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?

    public init(title: String? = nil, xLabel: String = "x₁", yLabel: String = "x₂",
                density: (([Double], [Double]) -> [Double])? = nil, scatterLimit: Int = 2_000,
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.density = density
        self.scatterLimit = scatterLimit
        self.xRange = xRange
        self.yRange = yRange
    }
}

/// A bivariate sample as a picture: shaded by how many points fall in each cell (a heat map), or
/// point by point for small samples, with contour lines of the exact density laid over it.
///
///     Density2DPlot.figure(x: xs, y: ys, options: Density2DOptions(title: "MVN", density: pdf))
///
/// The contours are the levels p = c·p_max for c = 0.1, 0.5, 0.9 on a 61×61 grid; for a Normal
/// they are ellipses enclosing 90%, 50% and 10% of the mass (mass inside p ≥ c·p_max is 1 − c).
/// The notes give n, the sample means and the sample correlation.
public enum Density2DPlot {
    public static let contourFractions = [0.1, 0.5, 0.9]
    static let contourGrid = 61

    public static func figure(x: [Double], y: [Double], options: Density2DOptions = Density2DOptions()) -> Figure {
        let n = min(x.count, y.count)
        var figure = Figure(title: options.title, x: FigureAxis(label: options.xLabel), y: FigureAxis(label: options.yLabel))
        let xs = n == x.count ? x : Array(x.prefix(n)), ys = n == y.count ? y : Array(y.prefix(n))
        guard let xRange = options.xRange ?? central(xs), let yRange = options.yRange ?? central(ys) else {
            figure.notes = ["no finite points to plot"]
            return figure
        }
        let moments = Moments2D(xs, ys, inside: (xRange, yRange))
        guard moments.count > 0 else {
            figure.notes = ["no finite points to plot"]
            return figure
        }
        figure.x.range = xRange
        figure.y.range = yRange
        if moments.count <= options.scatterLimit {
            figure.marks.append(FigureMark(name: "\(moments.count) samples", series: 0, .points(x: xs, y: ys)))
        } else {
            figure.marks.append(FigureMark(name: "\(moments.count) samples, shaded by count per cell", series: 0, .heat(x: xs, y: ys)))
        }
        if let density = options.density {
            figure.marks += contours(density, xRange: xRange, yRange: yRange)
        }
        figure.notes = [moments.summary]
        let outside = moments.count - moments.inside
        if outside > 0 { figure.notes.append("\(outside) outside the central ranges not shown") }
        return figure
    }

    /// The contour marks of `density` at `contourFractions` of its largest value on the grid.
    static func contours(_ density: ([Double], [Double]) -> [Double], xRange: ClosedRange<Double>,
                         yRange: ClosedRange<Double>) -> [FigureMark] {
        let k = contourGrid
        let gx = (0..<k).map { xRange.lowerBound + (xRange.upperBound - xRange.lowerBound) * Double($0) / Double(k - 1) }
        let gy = (0..<k).map { yRange.lowerBound + (yRange.upperBound - yRange.lowerBound) * Double($0) / Double(k - 1) }
        var px: [Double] = [], py: [Double] = []
        px.reserveCapacity(k * k)
        py.reserveCapacity(k * k)
        for j in 0..<k { for i in 0..<k { px.append(gx[i]); py.append(gy[j]) } }
        let values = density(px, py)
        guard values.count == k * k, let peak = values.filter(\.isFinite).max(), peak > 0 else { return [] }
        let marks = contourFractions.map { fraction in
            FigureMark(series: 1, .contour(level: fraction * peak, segments: Contours.segments(values, xs: gx, ys: gy, level: fraction * peak)))
        }
        guard !marks.isEmpty else { return [] }
        var named = marks
        named[0].name = "exact density at " + contourFractions.map { "\(Int($0 * 100))%" }.joined(separator: ", ") + " of its peak"
        return named
    }

    /// The 0.5% to 99.5% quantiles of the finite values (the central 99%), widened when degenerate;
    /// nil when no value is finite.
    static func central(_ values: [Double]) -> ClosedRange<Double>? {
        let ends = values.withUnsafeBufferPointer { HistogramBinning.approximateQuantiles($0, probabilities: [0.005, 0.995]) }
        let (lower, upper) = NiceTicks.widenIfDegenerate(ends[0], ends[1])
        return lower <= upper ? lower...upper : nil
    }
}

/// Count, means and correlation of the finite pairs (xᵢ, yᵢ), and how many lie inside given
/// ranges, in one pass over the buffers.
///
/// Sums are taken of u = x − c_x and v = y − c_y about a center near the data (the middle of
/// the ranges, or the first finite pair), so Σu², Σuv − n·ū·v̄ do not cancel catastrophically:
/// r = S_uv / √(S_uu S_vv) with S_uv = Σuv − n ū v̄.
struct Moments2D {
    var count = 0
    var meanX = Double.nan, meanY = Double.nan
    /// Pearson's r; NaN when either coordinate is constant.
    var correlation = Double.nan
    /// Finite pairs inside the ranges given (all of them when none are).
    var inside = 0

    init(_ x: [Double], _ y: [Double], inside ranges: (x: ClosedRange<Double>, y: ClosedRange<Double>)? = nil) {
        let n = min(x.count, y.count)
        let (xLow, xHigh) = ranges.map { ($0.x.lowerBound, $0.x.upperBound) } ?? (-Double.infinity, Double.infinity)
        let (yLow, yHigh) = ranges.map { ($0.y.lowerBound, $0.y.upperBound) } ?? (-Double.infinity, Double.infinity)
        var center: (x: Double, y: Double)? = ranges.map { (($0.x.lowerBound + $0.x.upperBound) / 2, ($0.y.lowerBound + $0.y.upperBound) / 2) }
        var count = 0, inside = 0
        var su = 0.0, sv = 0.0, suu = 0.0, svv = 0.0, suv = 0.0
        x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                for i in 0..<n where x[i].isFinite && y[i].isFinite {
                    if center == nil { center = (x[i], y[i]) }
                    let u = x[i] - center!.x, v = y[i] - center!.y
                    count += 1
                    su += u
                    sv += v
                    suu += u * u
                    svv += v * v
                    suv += u * v
                    if x[i] >= xLow && x[i] <= xHigh && y[i] >= yLow && y[i] <= yHigh { inside += 1 }
                }
            }
        }
        self.count = count
        self.inside = inside
        guard count > 0, let center else { return }
        let meanU = su / Double(count), meanV = sv / Double(count)
        meanX = center.x + meanU
        meanY = center.y + meanV
        let sxx = suu - Double(count) * meanU * meanU, syy = svv - Double(count) * meanV * meanV
        let sxy = suv - Double(count) * meanU * meanV
        if sxx > 0 && syy > 0 { correlation = sxy / (sxx * syy).squareRoot() }
    }

    /// `n = 1000  mean (0.01, -0.02)  corr 0.79`
    var summary: String {
        "n = \(count)  mean (\(PlotNumberFormat.significant(meanX)), \(PlotNumberFormat.significant(meanY)))  "
            + "corr \(PlotNumberFormat.significant(correlation, digits: 3))"
    }
}
