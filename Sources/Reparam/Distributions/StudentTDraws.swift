import Foundation

/// Standard Student-t draws t = ε / √(2G/ν) = ε · √(a/G), ε ~ N(0, 1), G ~ Gamma(a, 1), a = ν/2, in one
/// pass over the normal and Gamma draws (the Gamma buffer becomes the result).
///
/// Two forms, the same draw up to rounding:
///
/// * every a ≥ `directLowestHalfDf`: G itself, t = ε · √(a/G) (a division and a square root per
///   element, no logarithm). G falls below 2⁻¹⁰⁰⁰ only when the boost exponent E/a of Marsaglia–Tsang
///   exceeds ~690, i.e. E > 86 for an Exp(1) number E (probability e⁻⁸⁶ ≈ 5e-38 per draw); such an
///   element takes √(a/G) through logarithms of the rounded G;
/// * some a below: log G (finite where G underflows, as it does for a ≈ 1e-3), and
///   t = ε · exp(−½(log G + log 2 − log ν)) (2/ν overflows for subnormal ν).
///
///     var stream = RandomStream(seed: 1)
///     let t = StudentTDraws.standard(count: 4, df: [3], using: &stream)   // four Student-t(3) draws
enum StudentTDraws {
    /// The smallest a = ν/2 of a batch drawn through G itself (see the type's documentation).
    static let directLowestHalfDf = 0.125

    /// `count` standard Student-t draws, element i with ν = `df[i % df.count]`.
    static func standard(count: Int, df nus: [Double], using stream: inout RandomStream) -> [Double] {
        let halves = nus.map { 0.5 * $0 }
        let direct = (halves.min() ?? 0) >= directLowestHalfDf
        let normal = Kernels.make(count) { stream.fillNormal($0) }
        var draws = halves.withUnsafeBufferPointer { a in
            Kernels.make(count) { direct ? stream.fillStandardGamma($0, concentration: a) : stream.fillLogStandardGamma($0, concentration: a) }
        }
        normal.withUnsafeBufferPointer { normal in
            nus.withUnsafeBufferPointer { nus in
                halves.withUnsafeBufferPointer { halves in
                    draws.withUnsafeMutableBufferPointer { draws in
                        let normal = SharedBuffer(normal), nus = SharedBuffer(nus), halves = SharedBuffer(halves)
                        let draws = SharedBuffer(draws), batch = nus.count
                        Parallel.forEachChunk(count: count) { range in
                            // k = i mod batch, stepped rather than divided for.
                            var k = range.lowerBound % batch
                            for i in range {
                                let g = draws[i]
                                if direct && g >= 0x1p-1000 {
                                    draws[i] = normal[i] * (halves[k] / g).squareRoot()
                                } else {
                                    let logG = direct ? Foundation.log(g) : g
                                    draws[i] = normal[i] * Foundation.exp(-0.5 * (logG + Foundation.log(2) - Foundation.log(nus[k])))
                                }
                                k += 1
                                if k == batch { k = 0 }
                            }
                        }
                    }
                }
            }
        }
        return draws
    }
}
