import Foundation
import XCTest
@testable import ReparamPlots

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

extension TestData {
    /// `count` pairs with near-normal margins of mean 0, standard deviation 1 and correlation
    /// `rho`: x = z₁, y = ρ z₁ + √(1 − ρ²) z₂.
    static func correlatedPairs(count: Int, rho: Double, seed: UInt64 = 11) -> (x: [Double], y: [Double]) {
        var generator = LCG(state: seed)
        var x: [Double] = [], y: [Double] = []
        for _ in 0..<count {
            let a = generator.nearNormal(), b = generator.nearNormal()
            x.append(a)
            y.append(rho * a + (1 - rho * rho).squareRoot() * b)
        }
        return (x, y)
    }

    /// The standard bivariate Normal density with correlation ρ, for many points at once.
    static func bivariateNormalDensity(rho: Double) -> ([Double], [Double]) -> [Double] {
        { xs, ys in
            zip(xs, ys).map { x, y in
                let q = (x * x - 2 * rho * x * y + y * y) / (1 - rho * rho)
                return exp(-q / 2) / (2 * Double.pi * (1 - rho * rho).squareRoot())
            }
        }
    }
}

/// Renders at every charset and two sizes and compares with `Golden/<prefix>-<charset>-<W>x<H>.txt`,
/// checking the size contract on each.
func assertGoldenSizes(_ prefix: String, sizes: [(Int, Int)] = [(80, 24), (50, 16)],
                       file: StaticString = #filePath, line: UInt = #line, _ render: (PlotStyle) -> [String]) {
    for charset in PlotCharset.allCases {
        for (width, height) in sizes {
            let lines = render(PlotStyle(width: width, height: height, charset: charset))
            assertFits(lines, width: width, height: height, "\(prefix) \(charset) \(width)x\(height)", file: file, line: line)
            assertGolden(lines, "\(prefix)-\(charset)-\(width)x\(height)", file: file, line: line)
        }
    }
}
