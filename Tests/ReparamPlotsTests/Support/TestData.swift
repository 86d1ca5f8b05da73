import Foundation

/// Deterministic inputs for plot tests, built from integer arithmetic so they are identical on
/// every machine (no engine RNG, no libm in the samples themselves).
enum TestData {
    /// A 64-bit linear congruential generator (Knuth's MMIX constants); uniforms in (0, 1).
    struct LCG {
        var state: UInt64
        mutating func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / 9007199254740992.0
        }
        /// Irwin–Hall: the sum of 12 uniforms minus 6 has mean 0, variance 1, a near-normal shape.
        mutating func nearNormal() -> Double {
            var sum = -6.0
            for _ in 0..<12 { sum += uniform() }
            return sum
        }
    }

    /// `count` near-normal samples with the given mean and standard deviation.
    static func nearNormal(count: Int, mean: Double, standardDeviation: Double, seed: UInt64 = 7) -> [Double] {
        var generator = LCG(state: seed)
        return (0..<count).map { _ in mean + standardDeviation * generator.nearNormal() }
    }

    /// The Normal(μ, σ) density.
    static func normalDensity(mean: Double, standardDeviation: Double) -> (Double) -> Double {
        { x in
            let z = (x - mean) / standardDeviation
            return exp(-z * z / 2) / (standardDeviation * (2 * Double.pi).squareRoot())
        }
    }
}
