import Foundation

/// Angles as a histogram on [−π, π) that shows the wrap: past each end, light bars repeat the
/// bins from the other end and dotted lines mark the seam at ±π, so a mode near ±π reads as one
/// mode and not two halves.
///
///     CircularHistogram.figure(angles, title: "VonMises(3, 2)", density: pdf, columns: 70)
///
/// Angles are wrapped into [−π, π) first (θ − 2π⌊(θ + π)/2π⌋). The notes give the circular mean
/// atan2(Σ sin θ, Σ cos θ) and the mean resultant length R = |Σ e^{iθ}| / n (1 for a point mass,
/// near 0 for a uniform angle).
public enum CircularHistogram {
    /// The share of a turn repeated past each end.
    static let margin = 0.125

    public static func figure(_ angles: [Double], title: String? = nil, density: ((Double) -> Double)? = nil,
                              densityLabel: String = "density", columns: Int, bins: Int? = nil) -> Figure {
        var figure = Figure(title: title, x: FigureAxis(scale: .angle, label: "angle"), y: FigureAxis())
        let wrapped = angles.filter(\.isFinite).map(wrap)
        guard !wrapped.isEmpty else {
            figure.notes = ["no finite angles to plot"]
            return figure
        }
        // Whole bins past each end: `extra` of `k` bins, the axis spanning k + 2·extra bins in `columns`.
        let (sine, cosine) = wrapped.reduce((0.0, 0.0)) { ($0.0 + sin($1), $0.1 + cos($1)) }
        let circularMean = atan2(sine, cosine)
        // Freedman–Diaconis on the angles measured from their circular mean, so a mode at ±π is one
        // narrow bump and not two halves with a wide gap between.
        let centered = wrapped.map { wrap($0 - circularMean) }
        let requested = bins ?? OverlayHistogram.binEdges(centered, lower: -.pi, upper: .pi, columns: columns, bins: nil).count - 1
        let k = max(4, min(requested, Int(Double(columns) / (1 + 2 * margin))))
        let extra = max(1, Int((Double(k) * margin).rounded()))
        let width = 2 * Double.pi / Double(k)
        let heights = wrapped.withUnsafeBufferPointer { buffer -> [Double] in
            let binned = HistogramBinning.count(buffer, lower: -.pi, upper: .pi, bins: k)
            return (0..<k).map(binned.density)
        }
        let edges = (0...k).map { -Double.pi + Double($0) * width }
        let left = (0...extra).map { -Double.pi - Double(extra - $0) * width }
        let right = (0...extra).map { Double.pi + Double($0) * width }
        figure.x.range = left[0]...right[extra]
        figure.marks = [
            FigureMark(name: "repeated across ±π", series: 0, .wrappedBars(edges: left, heights: Array(heights.suffix(extra)))),
            FigureMark(series: 0, .wrappedBars(edges: right, heights: Array(heights.prefix(extra)))),
            FigureMark(name: "\(wrapped.count) angles: \(k) bins of \(PlotNumberFormat.significant(width, digits: 3))",
                       series: 0, .bars(edges: edges, heights: heights)),
            FigureMark(name: "the seam ±π", series: 0, .vertical(x: -.pi)),
            FigureMark(series: 0, .vertical(x: .pi)),
        ]
        if let density {
            let xs = (0...240).map { left[0] + (right[extra] - left[0]) * Double($0) / 240 }
            figure.marks.append(FigureMark(name: densityLabel, series: 1, .curve(x: xs, y: xs.map { density(wrap($0)) })))
        }
        let resultant = (sine * sine + cosine * cosine).squareRoot() / Double(wrapped.count)
        figure.notes = ["n = \(wrapped.count)  circular mean \(PlotNumberFormat.significant(atan2(sine, cosine)))  "
                        + "R = \(PlotNumberFormat.significant(resultant, digits: 3))"]
        return figure
    }

    /// `angle` moved by a whole number of turns into [−π, π).
    ///
    ///     CircularHistogram.wrap(3 * .pi / 2)   // −π/2
    public static func wrap(_ angle: Double) -> Double {
        let turns = ((angle + .pi) / (2 * .pi)).rounded(.down)
        let wrapped = angle - 2 * .pi * turns
        return wrapped >= .pi ? wrapped - 2 * .pi : wrapped
    }
}
