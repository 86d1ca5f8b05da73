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
        var count = 0, sum = 0.0
        var minimum = Double.infinity, maximum = -Double.infinity
        for value in samples where value.isFinite {
            count += 1
            sum += value
            if value < minimum { minimum = value }
            if value > maximum { maximum = value }
        }
        let mean = count > 0 ? sum / Double(count) : .nan
        var squares = 0.0
        if count > 1 {
            for value in samples where value.isFinite {
                let deviation = value - mean
                squares += deviation * deviation
            }
        }
        self.count = count
        self.nonFinite = samples.count - count
        self.mean = mean
        self.standardDeviation = count > 1 ? (squares / Double(count - 1)).squareRoot() : 0
        self.minimum = count > 0 ? minimum : .nan
        self.maximum = count > 0 ? maximum : .nan
    }
}
