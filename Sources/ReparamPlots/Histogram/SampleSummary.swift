/// Count, mean, standard deviation and range of the finite values of a sample; non-finite values
/// (NaN, ±∞) are counted apart and otherwise ignored.
///
/// Two passes: Σx for the mean, then Σ(x − mean)² for the variance (no cancellation of Σx² − n·mean²).
/// The standard deviation divides by n − 1 (0 when n < 2).
///
///     SampleSummary([1, 2, 3, .nan])   // count 3, nonFinite 1, mean 2, standardDeviation 1
public struct SampleSummary: Sendable, Equatable {
    public var count: Int
    public var nonFinite: Int
    public var mean: Double
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double

    public init(_ samples: [Double]) {
        self = samples.withUnsafeBufferPointer { SampleSummary($0) }
    }

    public init(_ samples: UnsafeBufferPointer<Double>) {
        let first = Self.firstPass(samples)
        var squares = 0.0
        if first.count > 1 {
            for value in samples where value.isFinite {
                let deviation = value - first.mean
                squares += deviation * deviation
            }
        }
        self.init(first, squaredDeviations: squares)
    }

    /// The statistics from the first pass and Σ(x − mean)² from a second (which the histogram
    /// folds into its counting pass).
    init(_ first: FirstPass, squaredDeviations: Double) {
        count = first.count
        nonFinite = first.nonFinite
        mean = first.mean
        standardDeviation = first.count > 1 ? (squaredDeviations / Double(first.count - 1)).squareRoot() : 0
        minimum = first.minimum
        maximum = first.maximum
    }

    /// Count, mean and range of the finite values: one pass.
    struct FirstPass {
        var count = 0
        var nonFinite = 0
        var mean = Double.nan
        var minimum = Double.nan
        var maximum = Double.nan
    }

    static func firstPass(_ samples: UnsafeBufferPointer<Double>) -> FirstPass {
        var count = 0, sum = 0.0
        var minimum = Double.infinity, maximum = -Double.infinity
        for value in samples where value.isFinite {
            count += 1
            sum += value
            minimum = Swift.min(minimum, value)
            maximum = Swift.max(maximum, value)
        }
        guard count > 0 else { return FirstPass(count: 0, nonFinite: samples.count) }
        return FirstPass(count: count, nonFinite: samples.count - count, mean: sum / Double(count),
                         minimum: minimum, maximum: maximum)
    }
}
