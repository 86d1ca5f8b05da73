import XCTest
@testable import Reparam

/// The explicit families against 50-digit mpmath references
/// (scripts/fixtures/explicit_families.py), KS tests of their samplers, and
/// their explicit gradients against the closed forms.
final class ExplicitFamilyTests: XCTestCase {
    static func family(_ id: Int, _ p1: Double, _ p2: Double) throws -> any UnivariateCDFFamily {
        let a = Tensor.parameter(p1), b = Tensor.parameter(p2)
        switch id {
        case 0: return try Normal(loc: a, scale: b)
        case 1: return try LogNormal(loc: a, scale: b)
        case 2: return try Uniform(low: a, high: b)
        case 3: return try Exponential(rate: a)
        case 4: return try Laplace(loc: a, scale: b)
        case 5: return try Logistic(loc: a, scale: b)
        case 6: return try Cauchy(loc: a, scale: b)
        default: return try Gumbel(loc: a, scale: b)
        }
    }

    func testValuesAgainstMpmath() throws {
        let rows = try fixture("explicit_families.tsv")
        XCTAssertGreaterThan(rows.count, 100)
        for r in rows {
            let d = try Self.family(Int(r[0]), r[1], r[2])
            let label = "\(d.name)(\(r[1]), \(r[2])) at \(r[3])"
            assertRelative(try d.logProb(Tensor(r[3])).scalars[0], r[4], 1e-13, "\(label) logProb")
            assertRelative(try d.cdf(Tensor(r[3])).scalars[0], r[5], 1e-13, "\(label) cdf")
            assertRelative(try d.icdf(Tensor(r[6])).scalars[0], r[7], 1e-13, "\(label) icdf(\(r[6]))")
            if r[8].isNaN { XCTAssert(d.mean.scalars[0].isNaN, "\(label) mean") } else { assertRelative(d.mean.scalars[0], r[8], 1e-14, "\(label) mean") }
            assertRelative(d.variance.scalars[0], r[9], 1e-14, "\(label) variance")
            assertRelative(try d.entropy().scalars[0], r[10], 1e-14, "\(label) entropy")
        }
    }

    func testSamplesPassKolmogorovSmirnov() throws {
        var stream = RandomStream(seed: 2024)
        let n = 20_000
        for (id, p1, p2) in [(0, 2.0, 5.0), (1, 0.5, 0.3), (2, -2.0, 3.5), (3, 0.25, 0.0), (4, 1.5, 0.4), (5, -2.0, 3.0), (6, 4.0, 0.5), (7, 1.0, 2.5)] {
            let d = try Self.family(id, p1, p2)
            let z = try d.rsample([n], using: &stream)
            XCTAssertEqual(z.shape, [n])
            let θ = d.parameters.map { $0.value.scalars[0] }
            let statistic = kolmogorovSmirnov(z.scalars, cdf: { d.cdf(at: $0, parameters: θ) })
            XCTAssertLessThan(statistic, ksCritical(n), "\(d.name): KS statistic \(statistic)")
        }
    }

    /// dz/dθ of the explicit samplers against the closed forms, per sample.
    func testExplicitGradientsPerSample() throws {
        var stream = RandomStream(seed: 5)
        let loc = Tensor.parameter(Array(repeating: 2.0, count: 50)), scale = Tensor.parameter(Array(repeating: 5.0, count: 50))
        let normal = try Normal(loc: loc, scale: scale)
        let z = try normal.rsample([1], using: &stream)
        let g = try gradients(of: z.sum(), withRespectTo: [loc, scale])
        for i in 0..<50 {
            XCTAssertEqual(g[0].scalars[i], 1)
            XCTAssertEqual(g[1].scalars[i], (z.scalars[i] - 2) / 5, accuracy: 1e-15)   // ε
        }
        let rate = Tensor.parameter(Array(repeating: 0.5, count: 50))
        let e = try Exponential(rate: rate).rsample([1], using: &stream)
        let ge = try gradients(of: e.sum(), withRespectTo: [rate])[0]
        for i in 0..<50 { assertRelative(ge.scalars[i], -e.scalars[i] / 0.5, 1e-15) }   // dz/dλ = −z/λ
    }

    /// The implicit route through Φ gives the explicit gradients of the same samples (1e-12).
    func testNormalExplicitAndImplicitAgree() throws {
        let loc = Tensor.parameter([-3, 0.5, 2, 10]), scale = Tensor.parameter([0.1, 1, 5, 100])
        let d = try Normal(loc: loc, scale: scale)
        var a = RandomStream(seed: 99), b = RandomStream(seed: 99)
        let explicit = try d.rsample([2000], using: &a, via: .explicit)
        let implicit = try d.rsample([2000], using: &b, via: .implicit)
        XCTAssertEqual(explicit.scalars, implicit.scalars)
        let seed = Tensor((0..<8000).map { 1 + sin(Double($0)) })
        let ge = try gradients(of: explicit, seed: try seed.reshaped([2000, 4]), withRespectTo: [loc, scale])
        let gi = try gradients(of: implicit, seed: try seed.reshaped([2000, 4]), withRespectTo: [loc, scale])
        for k in 0..<2 { for j in 0..<4 { assertRelative(gi[k].scalars[j], ge[k].scalars[j], 1e-12, "parameter \(k)[\(j)]") } }
        // Per sample too: one parameter value per sample.
        let n = 400
        let locs = Tensor.parameter(Array(repeating: 0.3, count: n)), scales = Tensor.parameter(Array(repeating: 2.0, count: n))
        let per = try Normal(loc: locs, scale: scales)
        var c = RandomStream(seed: 3), e = RandomStream(seed: 3)
        let gx = try gradients(of: per.rsample([1], using: &c, via: .explicit).sum(), withRespectTo: [locs, scales])
        let gy = try gradients(of: per.rsample([1], using: &e, via: .implicit).sum(), withRespectTo: [locs, scales])
        for i in 0..<n {
            assertRelative(gy[0].scalars[i], gx[0].scalars[i], 1e-12, "dz/dloc sample \(i)")
            assertRelative(gy[1].scalars[i], gx[1].scalars[i], 1e-12, "dz/dscale sample \(i)")
        }
    }

    /// Every explicit family's implicit route agrees with its explicit one.
    func testAllExplicitFamiliesAgreeWithImplicit() throws {
        for (id, p1, p2) in [(1, 0.5, 0.3), (2, -2.0, 3.5), (3, 0.25, 0.0), (4, 1.5, 0.4), (5, -2.0, 3.0), (6, 4.0, 0.5), (7, 1.0, 2.5)] {
            let d = try Self.family(id, p1, p2)
            let leaves = d.parameters.map(\.value)
            var a = RandomStream(seed: 11), b = RandomStream(seed: 11)
            let ge = try gradients(of: d.rsample([3000], using: &a, via: .explicit).mean(), withRespectTo: leaves)
            let gi = try gradients(of: d.rsample([3000], using: &b, via: .implicit).mean(), withRespectTo: leaves)
            for k in leaves.indices { assertRelative(gi[k].scalars[0], ge[k].scalars[0], 1e-11, "\(d.name) \(d.parameters[k].name)") }
        }
    }

    func testBatchShapes() throws {
        var stream = RandomStream(seed: 1)
        let d = try Normal(loc: Tensor([0, 1, 2]), scale: Tensor(1))
        XCTAssertEqual(d.batchShape, [3])
        XCTAssertEqual(try d.rsample([10, 4], using: &stream).shape, [10, 4, 3])
        XCTAssertEqual(try d.logProb(Tensor(repeating: 0, shape: [7, 3])).shape, [7, 3])
        XCTAssertEqual(d.mean.shape, [3])
        XCTAssertEqual(d.variance.scalars, [1, 1, 1])
    }

    func testValidationMessages() throws {
        XCTAssertThrowsError(try Normal(loc: Tensor(0), scale: Tensor(-1))) { XCTAssertEqual("\($0)", "Normal: scale must be positive, got -1") }
        XCTAssertThrowsError(try Normal(loc: Tensor(.nan), scale: Tensor(1))) { XCTAssertEqual("\($0)", "Normal: loc must be a finite real number, got nan") }
        XCTAssertThrowsError(try Exponential(rate: Tensor([1, 2, 0]))) { XCTAssertEqual("\($0)", "Exponential: rate must be positive, got 0 at index 2") }
        XCTAssertThrowsError(try Uniform(low: Tensor(2), high: Tensor(1))) { XCTAssertEqual("\($0)", "Uniform: high must be greater than low (2), got 1") }
        XCTAssertThrowsError(try Laplace(loc: Tensor([0, 1]), scale: Tensor([1, 2, 3]))) {
            XCTAssertEqual("\($0)", "Laplace: scale has shape [3], which does not broadcast with the other parameters' [2]")
        }
        var stream = RandomStream(seed: 0)
        // The limit is half of physical memory at 80 bytes a value: 1e12 values (80 TB) exceed it on any machine.
        XCTAssertThrowsError(try Normal(loc: Tensor(0), scale: Tensor(1)).rsample([1_000_000, 1_000_000], using: &stream)) {
            XCTAssertEqual("\($0)", "Normal: a draw of shape [1000000, 1000000] would hold 1000000000000 values, about 80000 GB at 80 bytes a value "
                           + "with its gradients; one draw may use 50% of this machine's \(Validation.gigabytes(Validation.physicalMemory)) of memory, "
                           + "which is \(Validation.maximumDraw.formatted()) values")
        }
        XCTAssertEqual(Double(Validation.maximumDraw), Validation.physicalMemory / 2 / 80, accuracy: 1)
        XCTAssertThrowsError(try Normal(loc: Tensor(0), scale: Tensor(1)).rsample([-3], using: &stream))
    }
}

/// The generic CDF and quantile routes (duals and the implicit rule) against
/// the explicit families' closed forms.
final class GenericCDFRouteTests: XCTestCase {
    func testCDFAndQuantileThroughDualsMatchClosedForms() throws {
        for (id, p1, p2) in [(0, 2.0, 5.0), (4, 1.5, 0.4), (5, -2.0, 3.0), (7, 1.0, 2.5), (3, 0.25, 0.0)] {
            let d = try ExplicitFamilyTests.family(id, p1, p2)
            let leaves = d.parameters.map(\.value)
            let x = Tensor.parameter([-1.5, 0.2, 3.7])
            let direct = try d.cdf(x), dual = try d.cdfThroughDuals(x)
            for i in 0..<3 { assertRelative(dual.scalars[i], direct.scalars[i], 1e-13, "\(d.name) cdf") }
            let g1 = try gradients(of: direct.sum(), withRespectTo: leaves + [x])
            let g2 = try gradients(of: dual.sum(), withRespectTo: leaves + [x])
            for k in g1.indices { for j in g1[k].scalars.indices { assertRelative(g2[k].scalars[j], g1[k].scalars[j], 1e-12, "\(d.name) ∂cdf \(k)") } }

            let u = Tensor.parameter([0.01, 0.4, 0.93])
            let closed = try d.icdf(u)
            let implicit = try d.quantileThroughImplicitRule(u) { p, θ in
                try d.icdf(Tensor(p)).scalars[0] + 0 * θ[0]
            }
            for i in 0..<3 { assertRelative(implicit.scalars[i], closed.scalars[i], 1e-15, "\(d.name) icdf") }
            let h1 = try gradients(of: closed.sum(), withRespectTo: leaves + [u])
            let h2 = try gradients(of: implicit.sum(), withRespectTo: leaves + [u])
            for k in h1.indices { for j in h1[k].scalars.indices { assertRelative(h2[k].scalars[j], h1[k].scalars[j], 1e-12, "\(d.name) ∂icdf \(k)") } }
        }
    }
}
