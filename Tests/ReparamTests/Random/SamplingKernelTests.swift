import XCTest
@testable import Reparam

/// The uniform, normal and exponential kernels against their exact distributions.
///
/// KS tests at a fixed seed use the 0.1% critical value 1.949/√n.
final class SamplingKernelTests: XCTestCase {
    let n = 400_000

    func testUniformIsOpenAndUniform() {
        var stream = RandomStream(seed: 20_240_601)
        let u = stream.uniform(count: n)
        XCTAssertTrue(u.allSatisfy { $0 > 0 && $0 < 1 })
        XCTAssertLessThan(kolmogorovSmirnov(u, cdf: { $0 }), ksCritical(n))
        let m = moments(u)
        XCTAssertEqual(m.mean, 0.5, accuracy: 5 * (1.0 / 12 / Double(n)).squareRoot())
        // Var(s²) ≈ (μ₄ − σ⁴)/n with μ₄ = 1/80 for U(0, 1).
        XCTAssertEqual(m.variance, 1.0 / 12, accuracy: 5 * ((1.0 / 80 - 1.0 / 144) / Double(n)).squareRoot())
    }

    /// All 53 mantissa bits vary: the low bit of u·2⁵³ is set about half the time.
    func testUniformUsesFiftyThreeBits() {
        var stream = RandomStream(seed: 8)
        let u = stream.uniform(count: 100_000)
        let lowBitSet = u.filter { $0 < 0.5 && UInt64($0 * 0x1p53) & 1 == 1 }.count
        let belowHalf = u.filter { $0 < 0.5 }.count
        XCTAssertEqual(Double(lowBitSet) / Double(belowHalf), 0.5, accuracy: 0.015)
    }

    func testNormalMatchesPhi() {
        var stream = RandomStream(seed: 12345)
        let z = stream.normal(count: n)
        XCTAssertTrue(z.allSatisfy { $0.isFinite })
        XCTAssertLessThan(kolmogorovSmirnov(z, cdf: normalCDF), ksCritical(n))
        let m = moments(z)
        let se = 1 / Double(n).squareRoot()
        XCTAssertEqual(m.mean, 0, accuracy: 5 * se)
        XCTAssertEqual(m.variance, 1, accuracy: 5 * 2.0.squareRoot() * se)
        XCTAssertEqual(m.skewness, 0, accuracy: 5 * 6.0.squareRoot() * se)
        XCTAssertEqual(m.excessKurtosis, 0, accuracy: 5 * 24.0.squareRoot() * se)
    }

    /// Tail frequencies, including beyond the ziggurat's tail start R = 3.654…,
    /// within 5 binomial standard deviations of n·2Φ(−t).
    func testNormalTailFrequencies() {
        var stream = RandomStream(seed: 777)
        let count = 2_000_000
        let z = stream.normal(count: count)
        for t in [3.0, ZigguratTable.normal.tailStart, 4.0, 4.5] {
            let p = 2 * normalCDF(-t)
            let expected = Double(count) * p
            let observed = Double(z.filter { abs($0) > t }.count)
            XCTAssertEqual(observed, expected, accuracy: 5 * (expected * (1 - p)).squareRoot(), "|z| > \(t)")
        }
        let positive = Double(z.filter { $0 > ZigguratTable.normal.tailStart }.count)
        let negative = Double(z.filter { $0 < -ZigguratTable.normal.tailStart }.count)
        XCTAssertEqual(positive, negative, accuracy: 5 * (positive + negative).squareRoot())
    }

    /// The conditional tail beyond R against its exact law: P(Z > x | Z > R) = Φ(−x)/Φ(−R).
    func testNormalTailShape() {
        var stream = RandomStream(seed: 31)
        let r = ZigguratTable.normal.tailStart
        let tail = stream.normal(count: 4_000_000).filter { $0 > r }
        XCTAssertGreaterThan(tail.count, 400)
        let tailMass = normalCDF(-r)
        XCTAssertLessThan(kolmogorovSmirnov(tail, cdf: { 1 - normalCDF(-$0) / tailMass }), ksCritical(tail.count))
    }

    func testExponentialMatchesCDF() {
        var stream = RandomStream(seed: 4242)
        let e = stream.exponential(count: n)
        XCTAssertTrue(e.allSatisfy { $0 >= 0 && $0.isFinite })
        XCTAssertLessThan(kolmogorovSmirnov(e, cdf: { -expm1(-$0) }), ksCritical(n))
        let m = moments(e)
        let se = 1 / Double(n).squareRoot()
        XCTAssertEqual(m.mean, 1, accuracy: 5 * se)
        XCTAssertEqual(m.variance, 1, accuracy: 5 * 8.0.squareRoot() * se)
        let r = ZigguratTable.exponential.tailStart
        let expected = Double(n) * exp(-r)
        XCTAssertEqual(Double(e.filter { $0 > r }.count), expected, accuracy: 5 * expected.squareRoot())
    }
}
