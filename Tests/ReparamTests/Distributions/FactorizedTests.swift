import XCTest
@testable import Reparam

/// Products of independent univariate distributions of different families,
/// each reparameterized its own way.
final class FactorizedTests: XCTestCase {
    func testFactorsSampleAndDifferentiateTheirOwnWay() throws {
        let loc = Tensor.parameter(1.5), scale = Tensor.parameter(0.5), rate = Tensor.parameter(2)
        let λ = Tensor.parameter(1.5), k = Tensor.parameter(2.2)
        let weibull = try CustomDistribution(name: "Weibull", cdf: WeibullCDF(), parameters: [("scale", λ), ("shape", k)], support: .positive)
        let d = try Factorized([Normal(loc: loc, scale: scale), Exponential(rate: rate), weibull])
        XCTAssertEqual(d.eventShape, [3])
        XCTAssertEqual(d.parameters.map(\.name), ["0.loc", "0.scale", "1.rate", "2.scale", "2.shape"])
        var stream = RandomStream(seed: 6)
        let n = 10_000
        let z = try d.rsample([n], using: &stream)
        XCTAssertEqual(z.shape, [n, 3])
        let column = { (j: Int) in (0..<n).map { z.scalars[$0 * 3 + j] } }
        XCTAssertLessThan(kolmogorovSmirnov(column(0)) { normalCDF(($0 - 1.5) / 0.5) }, ksCritical(n))
        XCTAssertLessThan(kolmogorovSmirnov(column(1)) { -expm1(-2 * $0) }, ksCritical(n))
        XCTAssertLessThan(kolmogorovSmirnov(column(2)) { -expm1(-pow($0 / 1.5, 2.2)) }, ksCritical(n))
        // Gradients of the column sums: Normal dz/dloc = 1, dz/dscale = ε; Exponential dz/drate = −z/rate; Weibull dz/dλ = z/λ.
        let g = try gradients(of: z.sum(), withRespectTo: [loc, scale, rate, λ])
        let c0 = column(0), c1 = column(1), c2 = column(2)
        XCTAssertEqual(g[0].scalars[0], Double(n), accuracy: 1e-9)
        XCTAssertEqual(g[1].scalars[0], c0.reduce(0) { $0 + ($1 - 1.5) / 0.5 }, accuracy: 1e-8)
        XCTAssertEqual(g[2].scalars[0], c1.reduce(0) { $0 - $1 / 2 }, accuracy: 1e-8)
        XCTAssertEqual(g[3].scalars[0], c2.reduce(0) { $0 + $1 / 1.5 }, accuracy: 1e-7)
        // log p sums the factors.
        let point = Tensor([1.0, 0.3, 2.0])
        let expected = (-0.5 * 1.0 - log(0.5) - 0.5 * log(2 * Double.pi)) + (log(2.0) - 0.6) + (log(2.2 / 1.5) + 1.2 * log(2.0 / 1.5) - pow(2.0 / 1.5, 2.2))
        assertRelative(try d.logProb(point).scalars[0], expected, 1e-13, "logProb")
        assertRelative(try d.cdf(point).scalars[0], normalCDF(-1) * -expm1(-0.6) * -expm1(-pow(2.0 / 1.5, 2.2)), 1e-13, "cdf")
        XCTAssertEqual(d.mean.shape, [3])
        XCTAssertEqual(d.reparameterization, .implicit)
        XCTAssertThrowsError(try d.logProb(Tensor([1.0, 2.0]))) { XCTAssertEqual("\($0)", "Factorized.log_prob: value of shape [2] does not broadcast against the batch shape [] + event shape [3]; its last axes must be [3]") }
        XCTAssertThrowsError(try Factorized([Normal(loc: Tensor([0, 1]), scale: Tensor(1))])) { XCTAssert("\($0)".contains("univariate")) }
    }
}
