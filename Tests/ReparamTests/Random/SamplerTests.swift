import XCTest
@testable import Reparam

/// The uniform, normal and exponential kernels against their exact distributions.
///
/// KS tests at a fixed seed use the 0.1% critical value 1.949/√n.
final class SamplerTests: XCTestCase {
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
        let count = 1_000_000
        let z = stream.normal(count: count)
        for t in [3.0, ZigguratTable.normal.tailStart, 4.0] {
            let p = 2 * normalCDF(-t)
            let expected = Double(count) * p
            let observed = Double(z.filter { abs($0) > t }.count)
            XCTAssertEqual(observed, expected, accuracy: 5 * (expected * (1 - p)).squareRoot(), "|z| > \(t)")
        }
        let positive = Double(z.filter { $0 > ZigguratTable.normal.tailStart }.count)
        let negative = Double(z.filter { $0 < -ZigguratTable.normal.tailStart }.count)
        XCTAssertEqual(positive, negative, accuracy: 5 * (positive + negative).squareRoot())
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

    /// Pearson χ² of counts in the 256 ziggurat bins [x_{j+1}, x_j) (j = 1…255) and [R, ∞)
    /// against their exact probabilities `probability(lower, upper)`.
    func zigguratBinChiSquare(_ samples: [Double], table: ZigguratTable,
                              probability: (Double, Double) -> Double) -> Double {
        var edges = (1...256).map { table.edge[$0] }.reversed() as [Double]   // 0 = x_256 < … < x_1 = R
        edges.append(.infinity)
        var counts = [Int](repeating: 0, count: 256)
        for x in samples {
            var lo = 0, hi = 256   // edges[lo] <= x < edges[hi]
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if edges[mid] <= x { lo = mid } else { hi = mid }
            }
            counts[lo] += 1
        }
        var chiSquare = 0.0
        for j in 0..<256 {
            let expected = Double(samples.count) * probability(edges[j], edges[j + 1])
            chiSquare += (Double(counts[j]) - expected) * (Double(counts[j]) - expected) / expected
        }
        return chiSquare
    }

    /// The layer frequencies of |z| (rectangles and wedges) against 2(Φ(b) − Φ(a)); 0.1% critical value of χ²₂₅₅ is 330.5.
    func testNormalLayerFrequencies() {
        var stream = RandomStream(seed: 2718)
        let z = stream.normal(count: n).map(abs)
        let chiSquare = zigguratBinChiSquare(z, table: .normal) { a, b in
            erfc(a / 2.0.squareRoot()) - (b.isFinite ? erfc(b / 2.0.squareRoot()) : 0)
        }
        XCTAssertLessThan(chiSquare, 330.5)
    }

    /// The layer frequencies of the exponential against e^{−a} − e^{−b}.
    func testExponentialLayerFrequencies() {
        var stream = RandomStream(seed: 1618)
        let e = stream.exponential(count: n)
        let chiSquare = zigguratBinChiSquare(e, table: .exponential) { a, b in exp(-a) - exp(-b) }
        XCTAssertLessThan(chiSquare, 330.5)
    }

    /// The normal tail method alone: a first word in the base layer beyond its rectangle
    /// yields R + X with P(X > x) = Φ(−R − x)/Φ(−R), the sign from bit 8.
    func testNormalTailMethod() {
        let r = ZigguratTable.normal.tailStart
        let key = PhiloxKey(seed: 88)
        let outside: UInt64 = UInt64.max << 11   // layer 0, sign bit clear, largest position
        let count = 100_000
        var tail = [Double](), negative = 0
        for element in 0..<count {
            var words = PairedWords(element: element, firstAttempt: 1, draw: 0, key: key)
            let sign: UInt64 = element % 2 == 0 ? 0 : 0x100
            let x = NormalZiggurat.sampleAfterRejection(outside | sign, &words)
            if x < 0 { negative += 1 }
            tail.append(abs(x))
        }
        XCTAssertEqual(negative, count / 2)
        XCTAssertTrue(tail.allSatisfy { $0 > r })
        let tailMass = normalCDF(-r)
        XCTAssertLessThan(kolmogorovSmirnov(tail, cdf: { 1 - normalCDF(-$0) / tailMass }), ksCritical(count))
    }

    /// The exponential tail alone: R + Exp(1).
    func testExponentialTailMethod() {
        let r = ZigguratTable.exponential.tailStart
        let key = PhiloxKey(seed: 89)
        let count = 100_000
        let tail = (0..<count).map { element -> Double in
            var words = PairedWords(element: element, firstAttempt: 1, draw: 0, key: key)
            return ExponentialZiggurat.sampleAfterRejection(UInt64.max << 11, &words)
        }
        XCTAssertLessThan(kolmogorovSmirnov(tail, cdf: { -expm1(r - $0) }), ksCritical(count))
    }

    /// The normal wedge test alone. A first word in layer j whose position lies beyond the
    /// rectangle gives x uniform on [x_{j+1}, x_j); it is accepted with probability
    /// p = ∫(f − f(x_j)) / ((x_j − x_{j+1})(f(x_{j+1}) − f(x_j))) with density ∝ f − f(x_j),
    /// otherwise the element starts over and yields a full N(0, 1) number. KS against that mixture.
    func testNormalWedgeMethod() {
        let table = ZigguratTable.normal
        let integralOfF = { (a: Double, b: Double) in (Double.pi / 2).squareRoot() * (erf(b / 2.0.squareRoot()) - erf(a / 2.0.squareRoot())) }
        var positions = RandomStream(seed: 4)
        let count = 50_000
        for layer in [1, 60, 200, 255] {
            let (outer, inner) = (table.edge[layer], table.edge[layer + 1])
            let floorHeight = exp(-0.5 * outer * outer), topHeight = exp(-0.5 * inner * inner)
            let wedgeArea = { (x: Double) in integralOfF(inner, x) - floorHeight * (x - inner) }
            let accept = wedgeArea(outer) / ((outer - inner) * (topHeight - floorHeight))
            let limit = Double(table.rectangleLimit[layer])
            let u = positions.uniform(count: count)
            let key = PhiloxKey(seed: UInt64(layer))
            let x = (0..<count).map { element -> Double in
                let position = UInt64(limit + (0x1p53 - limit) * u[element])
                var words = PairedWords(element: element, firstAttempt: 1, draw: 0, key: key)
                return NormalZiggurat.sampleAfterRejection(UInt64(layer) | position << 11, &words)
            }
            let d = kolmogorovSmirnov(x) { t in
                let wedge = t <= inner ? 0 : t >= outer ? 1 : wedgeArea(t) / wedgeArea(outer)
                return accept * wedge + (1 - accept) * normalCDF(t)
            }
            XCTAssertLessThan(d, ksCritical(count), "layer \(layer), acceptance \(accept)")
        }
    }
}
