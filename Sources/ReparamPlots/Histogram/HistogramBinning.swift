import Foundation

/// Counts of samples in equal-width bins over [`lower`, `upper`]; the last bin includes `upper`.
public struct HistogramBins: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var counts: [Int]
    /// Finite samples left of `lower` and right of `upper` (not in any bin).
    public var below: Int
    public var above: Int

    public var binWidth: Double { (upper - lower) / Double(counts.count) }
    /// All finite samples, inside and outside the range.
    public var total: Int { counts.reduce(0, +) + below + above }

    /// The density estimate of bin `index`: count / (total · binWidth), so that bars and the true
    /// density agree even when the tails are outside the range.
    public func density(_ index: Int) -> Double {
        Double(counts[index]) / (Double(max(total, 1)) * binWidth)
    }
}

/// The math of histograms: bin-count rules, approximate quantiles without sorting everything,
/// and the one-pass count.
public enum HistogramBinning {
    /// Bins from the Freedman–Diaconis rule, width h = 2·IQR·n^(−1/3), so k = ⌈span / h⌉; when the
    /// IQR is 0 (over half the values equal) Sturges' k = ⌈log₂ n⌉ + 1. FD's count is never fewer
    /// than Rice's k = ⌈2·n^(1/3)⌉: a bimodal sample's IQR spans the gap between its modes, and FD alone then
    /// gives 8 bins for 1,000 draws of a two-component mixture, too coarse to show either mode's
    /// shape. Clamped to 1…`maximum`.
    ///
    ///     HistogramBinning.ruleBinCount(count: 1000, interquartileRange: 1.349, span: 6.5, maximum: 70)   // 25
    ///     HistogramBinning.ruleBinCount(count: 1000, interquartileRange: 4, span: 7, maximum: 70)         // 20 (FD: 9)
    public static func ruleBinCount(count: Int, interquartileRange: Double, span: Double, maximum: Int) -> Int {
        let limit = max(1, maximum)
        guard count > 1 else { return 1 }
        let width = 2 * interquartileRange * pow(Double(count), -1.0 / 3.0)
        let bins: Double
        if width > 0, width.isFinite, span.isFinite, span > 0 {
            bins = max((span / width).rounded(.up), (2 * pow(Double(count), 1.0 / 3.0)).rounded(.up))
        } else {
            bins = log2(Double(count)).rounded(.up) + 1
        }
        return bins >= Double(limit) ? limit : max(1, Int(bins))
    }

    /// Approximate quantiles of the finite values at `probabilities` (each in [0, 1]), linearly
    /// interpolated in a sorted subsample: all values up to 16,384 of them, else 8,192 taken at an
    /// even stride, so the cost does not grow with n (the stride sample of n iid draws has
    /// quantiles within about 1/√8192 ≈ 1% in probability of the full sample's).
    public static func approximateQuantiles(_ samples: UnsafeBufferPointer<Double>, probabilities: [Double]) -> [Double] {
        let sorted = sortedSubsample(samples)
        return probabilities.map { quantile(sorted: sorted, $0) }
    }

    /// The finite values, all of them up to 16,384, else 8,192 at an even stride; sorted.
    static func sortedSubsample(_ samples: UnsafeBufferPointer<Double>) -> [Double] {
        var subsample: [Double] = []
        if samples.count <= 16_384 {
            subsample = samples.filter(\.isFinite)
        } else {
            let target = 8_192
            subsample.reserveCapacity(target)
            let stride = Double(samples.count) / Double(target)
            for index in 0..<target {
                let value = samples[min(samples.count - 1, Int(Double(index) * stride))]
                if value.isFinite { subsample.append(value) }
            }
        }
        subsample.sort()
        return subsample
    }

    /// The `probability` quantile of sorted values, linearly interpolated; NaN when empty.
    static func quantile(sorted: [Double], _ probability: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = min(max(probability, 0), 1) * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
    }

    /// Counts the finite samples in `bins` equal bins over [`lower`, `upper`] in one pass;
    /// `lower < upper` finite, `bins ≥ 1`.
    public static func count(_ samples: UnsafeBufferPointer<Double>, lower: Double, upper: Double, bins: Int) -> HistogramBins {
        count(samples, lower: lower, upper: upper, bins: bins, deviationsFrom: 0).bins
    }

    /// The count, and Σ(x − `mean`)² over all finite samples in the same pass (the histogram's
    /// second pass doubles as the variance's).
    static func count(_ samples: UnsafeBufferPointer<Double>, lower: Double, upper: Double, bins: Int,
                      deviationsFrom mean: Double) -> (bins: HistogramBins, squaredDeviations: Double) {
        var counts = [Int](repeating: 0, count: bins)
        var below = 0, above = 0
        var squares = 0.0
        let scale = Double(bins) / (upper - lower)
        counts.withUnsafeMutableBufferPointer { counts in
            for value in samples where value.isFinite {
                let deviation = value - mean
                squares += deviation * deviation
                if value < lower {
                    below += 1
                } else if value > upper {
                    above += 1
                } else {
                    // value ∈ [lower, upper], so the product is in [0, bins]: safe to convert.
                    let index = Int((value - lower) * scale)
                    counts[index < bins ? index : bins - 1] += 1
                }
            }
        }
        return (HistogramBins(lower: lower, upper: upper, counts: counts, below: below, above: above), squares)
    }
}
