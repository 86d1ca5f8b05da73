import Synchronization
import XCTest
@testable import Reparam

/// Per-element samplers through `fillEach` / `sampleEach`.
final class ElementRandomTests: XCTestCase {
    /// A rejection sampler: the standard normal truncated to (−½, ½), by drawing until it lands there.
    static func truncatedNormal(_ random: inout ElementRandom, _: Int) -> Double {
        while !random.isExhausted {
            let z = random.normal()
            if abs(z) < 0.5 { return z }
        }
        return .nan
    }

    func testRejectionSamplerIsThreadCountIndependent() {
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        Parallel.threadCount = 1
        var stream = RandomStream(seed: 6, drawCount: 4)
        let single = stream.sampleEach(count: 120_001, Self.truncatedNormal)
        XCTAssertEqual(stream.drawCount, 5)
        for threads in [2, 3] {
            Parallel.threadCount = threads
            var again = RandomStream(seed: 6, drawCount: 4)
            XCTAssertEqual(again.sampleEach(count: 120_001, Self.truncatedNormal).map(\.bitPattern), single.map(\.bitPattern))
        }
    }

    /// KS of the truncated normal against (Φ(x) − Φ(−½)) / (Φ(½) − Φ(−½)).
    func testRejectionSamplerDistribution() {
        var stream = RandomStream(seed: 60)
        let n = 100_000
        let x = stream.sampleEach(count: n, Self.truncatedNormal)
        let mass = normalCDF(0.5) - normalCDF(-0.5)
        XCTAssertLessThan(kolmogorovSmirnov(x, cdf: { (normalCDF($0) - normalCDF(-0.5)) / mass }), ksCritical(n))
    }

    /// Element i's Gamma number is the one `fillStandardGamma` gives element i of the same draw.
    func testGammaMatchesTheMarsagliaTsang() {
        for alpha in [0.3, 2.5] {
            var a = RandomStream(seed: 2, drawCount: 9), b = RandomStream(seed: 2, drawCount: 9)
            let perElement = a.sampleEach(count: 1001) { random, _ in random.standardGamma(concentration: alpha) }
            XCTAssertEqual(perElement, b.standardGamma(count: 1001, concentration: [alpha]))
            var c = RandomStream(seed: 2, drawCount: 9), d = RandomStream(seed: 2, drawCount: 9)
            let logs = c.sampleEach(count: 1001) { random, _ in random.logStandardGamma(concentration: alpha) }
            XCTAssertEqual(logs, d.logStandardGamma(count: 1001, concentration: [alpha]))
        }
        var stream = RandomStream(seed: 2)
        XCTAssertTrue(stream.sampleEach(count: 3) { random, _ in random.standardGamma(concentration: -1) }.allSatisfy(\.isNaN))
    }

    /// Uniform, normal and exponential numbers within an element: KS of each, and consecutive ones differ.
    func testElementNumbersFollowTheirLaws() {
        var stream = RandomStream(seed: 61)
        let n = 60_000
        let numbers = Mutex((u: [Double](), z: [Double](), e: [Double]()))
        let bits = stream.sampleEach(count: n) { random, _ in
            let drawn = (random.uniform(), random.normal(), random.exponential())
            numbers.withLock { $0.u.append(drawn.0); $0.z.append(drawn.1); $0.e.append(drawn.2) }
            return Double(random.bits() >> 63)
        }
        let (u, z, e) = numbers.withLock { $0 }
        XCTAssertLessThan(kolmogorovSmirnov(u, cdf: { $0 }), ksCritical(n))
        XCTAssertLessThan(kolmogorovSmirnov(z, cdf: normalCDF), ksCritical(n))
        XCTAssertLessThan(kolmogorovSmirnov(e, cdf: { -expm1(-$0) }), ksCritical(n))
        XCTAssertEqual(bits.reduce(0, +) / Double(n), 0.5, accuracy: 5 * 0.5 / Double(n).squareRoot())
    }
}
