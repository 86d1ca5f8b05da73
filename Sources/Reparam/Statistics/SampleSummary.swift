import Foundation

/// Count, mean, standard deviation, standard error and range of the finite values of a sample;
/// non-finite values (NaN, ±∞) are counted apart and otherwise ignored. The one summary of a list
/// of numbers in the package: gradient spreads (`GradientSpread`), the language's tensor display
/// and the plots' histograms and estimator comparisons all use it.
///
/// Two passes: Σx for the mean, then Σ(x − mean)² for the variance (no cancellation of
/// Σx² − n·mean²). The variance divides by n − 1 (0 when n < 2); the standard error of the mean
/// is s/√n.
///
///     SampleSummary([1, 2, 3, .nan])   // count 3, nonFinite 1, mean 2, standardDeviation 1, standardError 1/√3
public struct SampleSummary: Sendable, Equatable {
    public var count: Int
    public var nonFinite: Int
    public var mean: Double
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double

    /// s², the unbiased sample variance.
    public var variance: Double { standardDeviation * standardDeviation }
    /// s/√n, the standard error of the mean (NaN without finite values).
    public var standardError: Double { count > 0 ? standardDeviation / Double(count).squareRoot() : .nan }

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

    /// The statistics from the first pass and Σ(x − mean)² from a second (which a histogram can
    /// fold into its counting pass).
    public init(_ first: FirstPass, squaredDeviations: Double) {
        count = first.count
        nonFinite = first.nonFinite
        mean = first.mean
        standardDeviation = first.count > 1 ? (squaredDeviations / Double(first.count - 1)).squareRoot() : 0
        minimum = first.minimum
        maximum = first.maximum
    }

    /// Count, mean and range of the finite values: one pass.
    public struct FirstPass: Sendable {
        public var count = 0
        public var nonFinite = 0
        public var mean = Double.nan
        public var minimum = Double.nan
        public var maximum = Double.nan
    }

    public static func firstPass(_ samples: UnsafeBufferPointer<Double>) -> FirstPass {
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
