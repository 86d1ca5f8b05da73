import Foundation

/// One axis of a plot: the interval it shows, on a linear or a log₁₀ scale, and its labelled ticks.
///
/// Positions are *fractions*: 0 at `lower`, 1 at `upper`; on a log axis `lower`, `upper` and the
/// ticks are log₁₀ of the data values.
public struct Axis: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var isLogarithmic: Bool
    /// Tick positions, in the axis's own coordinates (log₁₀ values on a log axis).
    public var ticks: [Double]
    public var labels: [String]

    /// Where `value` (a data value) sits along the axis: (v − lower) / (upper − lower), or nil
    /// when it cannot be drawn (not finite, or ≤ 0 on a log axis).
    public func fraction(of value: Double) -> Double? {
        let coordinate = isLogarithmic ? (value > 0 ? log10(value) : .nan) : value
        guard coordinate.isFinite, upper > lower else { return nil }
        return (coordinate - lower) / (upper - lower)
    }

    func tickFraction(_ index: Int) -> Double { (ticks[index] - lower) / (upper - lower) }
}

/// Tick choices with nice numbers (1, 2, 2.5, 5 × 10^k).
public enum NiceTicks {
    /// A loose axis: the range grows to whole multiples of the step, with at most `maxIntervals`
    /// intervals (so ticks land exactly on the ends). At least 2 intervals are allowed, since a
    /// range around 0 needs −step, 0 and step.
    ///
    ///     NiceTicks.loose(lower: 0, upper: 0.083, maxIntervals: 6)   // 0, 0.02, …, 0.1
    public static func loose(lower: Double, upper: Double, maxIntervals: Int) -> Axis {
        let (low, high) = widenIfDegenerate(lower, upper)
        let intervals = max(2, maxIntervals)
        var step = NiceStep.atLeast((high - low) / Double(intervals))
        while step.value.isFinite {
            var first = Int(floor(low / step.value + 1e-9))
            if step.scaled(first) > low { first -= 1 }
            var last = Int(ceil(high / step.value - 1e-9))
            if step.scaled(last) < high { last += 1 }
            if last - first <= intervals {
                let ticks = (first...last).map { step.scaled($0) }
                return Axis(lower: ticks.first!, upper: ticks.last!, isLogarithmic: false,
                            ticks: ticks, labels: PlotNumberFormat.tickLabels(ticks, step: step))
            }
            step = step.next
        }
        // Unreachable for finite input (a step of twice the magnitude always fits); kept so that
        // no input can loop forever.
        return Axis(lower: low, upper: high, isLogarithmic: false, ticks: [], labels: [])
    }

    /// A tight axis over exactly [`lower`, `upper`] with as many ticks inside as `fits` accepts
    /// (at most `maxCount`); `fits` sees the tick values and labels and says whether they can be
    /// placed (for an x axis: the labels do not overlap).
    public static func tight(lower: Double, upper: Double, maxCount: Int,
                             fits: ([Double], [String]) -> Bool) -> Axis {
        let (low, high) = widenIfDegenerate(lower, upper)
        var target = max(1, maxCount)
        while target >= 1 {
            let step = NiceStep.atLeast((high - low) / Double(target))
            let span = (high - low) * 1e-9
            let first = Int(ceil((low - span) / step.value))
            let last = Int(floor((high + span) / step.value))
            if last >= first {
                let ticks = (first...last).map { step.scaled($0) }
                let labels = PlotNumberFormat.tickLabels(ticks, step: step)
                if fits(ticks, labels) {
                    return Axis(lower: low, upper: high, isLogarithmic: false, ticks: ticks, labels: labels)
                }
            }
            target -= 1
        }
        return Axis(lower: low, upper: high, isLogarithmic: false, ticks: [], labels: [])
    }

    /// A log₁₀ axis from the decade at or below `lower` to the decade at or above `upper`
    /// (both positive), ticks every 1, 2, 3, 5 or 10… decades, at most `maxIntervals` intervals.
    public static func logarithmic(lower: Double, upper: Double, maxIntervals: Int) -> Axis {
        let low = floor(log10(lower) + 1e-12)
        var high = ceil(log10(upper) - 1e-12)
        if high <= low { high = low + 1 }
        var decades = 1
        while (Int(high) - Int(low) + decades - 1) / decades > max(1, maxIntervals) {
            decades = [1, 2, 3, 5].first { $0 > decades } ?? decades * 2
        }
        let top = Double(Int(low) + ((Int(high) - Int(low) + decades - 1) / decades) * decades)
        let ticks = stride(from: low, through: top, by: Double(decades)).map { $0 }
        let labels = ticks.map { exponent -> String in
            (-3...4).contains(Int(exponent))
                ? PlotNumberFormat.fixed(pow(10, exponent), decimals: max(0, -Int(exponent)))
                : "1e\(Int(exponent))"
        }
        return Axis(lower: low, upper: top, isLogarithmic: true, ticks: ticks, labels: labels)
    }

    /// An interval of zero width (all values equal) becomes one around the value.
    /// Also keeps the span finite and at least 1e-9 of the magnitude, so that tick indices
    /// (value / step) stay small integers.
    static func widenIfDegenerate(_ lower: Double, _ upper: Double) -> (Double, Double) {
        let low = max(lower, -1e300), high = min(upper, 1e300)
        let magnitude = max(abs(low), abs(high))
        guard high - low > magnitude * 1e-9 else {
            let middle = (low + high) / 2
            let half = middle == 0 ? 0.5 : abs(middle) * 0.1
            return (middle - half, middle + half)
        }
        return (low, high)
    }
}
