import Foundation

/// The ranges and ticks of a figure's axes, shared by the text and the vector renderer so both
/// show the same interval and the same labelled values.
enum FigureScales {
    /// The x and y intervals a figure shows: a fixed range when given, else the marks' extent
    /// (bars reach down to 0); nil when there is nothing finite to show.
    static func extent(_ figure: Figure) -> (x: ClosedRange<Double>, y: ClosedRange<Double>)? {
        if let x = figure.x.range, let y = figure.y.range { return (x, y) }
        let bounds = figure.dataBounds()
        guard let x = figure.x.range ?? bounds.x, let y = figure.y.range ?? bounds.y else { return nil }
        return (x, y)
    }

    /// A y axis over `range` with at most `maxIntervals` intervals: decades on a log axis, nice
    /// loose steps otherwise.
    static func yAxis(_ axis: FigureAxis, _ range: ClosedRange<Double>, maxIntervals: Int) -> Axis {
        switch axis.scale {
        case .log: return NiceTicks.logarithmic(lower: range.lowerBound, upper: range.upperBound, maxIntervals: maxIntervals)
        case .linear, .angle: return NiceTicks.loose(lower: range.lowerBound, upper: range.upperBound, maxIntervals: maxIntervals)
        }
    }

    /// An x axis over exactly `range` (decades around it on a log axis) with at most `maxCount` ticks.
    static func xAxis(_ axis: FigureAxis, _ range: ClosedRange<Double>, maxCount: Int, unicode: Bool) -> Axis {
        switch axis.scale {
        case .log:
            return NiceTicks.logarithmic(lower: range.lowerBound, upper: range.upperBound, maxIntervals: max(1, maxCount - 1))
        case .angle:
            return angleAxis(range, unicode: unicode)
        case .linear:
            return NiceTicks.tight(lower: range.lowerBound, upper: range.upperBound, maxCount: maxCount) { _, _ in true }
        }
    }

    /// Ticks at the multiples of π/2 inside `range`, labelled `-π -π/2 0 π/2 π` (`pi` in ASCII).
    ///
    ///     FigureScales.angleAxis(-.pi ... .pi, unicode: true).labels   // ["-π", "-π/2", "0", "π/2", "π"]
    static func angleAxis(_ range: ClosedRange<Double>, unicode: Bool) -> Axis {
        let pi = unicode ? "π" : "pi"
        let first = Int(ceil(range.lowerBound / (.pi / 2) - 1e-9)), last = Int(floor(range.upperBound / (.pi / 2) + 1e-9))
        let halves = first <= last ? Array(first...last) : []
        let labels = halves.map { k -> String in
            let sign = k < 0 ? "-" : ""
            switch abs(k) {
            case 0: return "0"
            case 1: return "\(sign)\(pi)/2"
            case 2: return "\(sign)\(pi)"
            case let m where m % 2 == 0: return "\(sign)\(m / 2)\(pi)"
            case let m: return "\(sign)\(m)\(pi)/2"
            }
        }
        return Axis(lower: range.lowerBound, upper: range.upperBound, isLogarithmic: false,
                    ticks: halves.map { Double($0) * .pi / 2 }, labels: labels)
    }
}
