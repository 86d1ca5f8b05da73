import XCTest
@testable import Reparam

final class BesselITests: XCTestCase {
    /// I₀, I₁ and their scaled forms against mpmath on κ ∈ [0, 1e4].
    func testAgainstMpmath() throws {
        var i0 = WorstError("I0"), i1 = WorstError("I1"), s0 = WorstError("e^-k I0"), s1 = WorstError("e^-k I1")
        var ratio = WorstError("I1/I0"), complement = WorstError("1 - I1/I0")
        for row in try fixture("bessel_i.tsv") {
            let k = row[0]
            XCTAssertLessThanOrEqual(s0.record(scaledBesselI0(k), row[3], at: "k=\(k)"), 5e-15, "e^-k I0(\(k))")
            XCTAssertLessThanOrEqual(s1.record(scaledBesselI1(k), row[4], at: "k=\(k)"), 5e-15, "e^-k I1(\(k))")
            if k > 0 {
                XCTAssertLessThanOrEqual(ratio.record(besselRatioI1I0(k), row[4] / row[3], at: "k=\(k)"), 5e-15)
                // Below κ = 25 it is (I₀ − I₁)/I₀ from the series, which cancels by up to 2κ.
                XCTAssertLessThanOrEqual(complement.record(besselRatioComplement(k), row[5], at: "k=\(k)"), 5e-14)
            }
            if row[1].isFinite {
                XCTAssertLessThanOrEqual(i0.record(besselI0(k), row[1], at: "k=\(k)"), 5e-15, "I0(\(k))")
                XCTAssertLessThanOrEqual(i1.record(besselI1(k), row[2], at: "k=\(k)"), 5e-15, "I1(\(k))")
            } else {
                XCTAssertEqual(besselI0(k), .infinity)
            }
        }
        for w in [i0, i1, s0, s1, ratio, complement] { print(w.summary) }
    }

    /// Duals carry the known derivatives: I₀' = I₁, I₁' = I₀ − I₁/κ, and their scaled forms.
    func testDerivatives() throws {
        for row in try fixture("bessel_i.tsv") where row[0] > 0 && row[0] < 700 {
            let k = row[0]
            assertRelative(besselI0(Dual(k, derivative: 1)).derivative, row[2], 5e-15, "I0'(\(k))")
            assertRelative(besselI1(Dual(k, derivative: 1)).derivative, row[1] - row[2] / k, 1e-13, "I1'(\(k))")
        }
        // Around zero: I₁'(0) = 1/2, and the scaled ratio derivative A'(0) = 1/2.
        XCTAssertEqual(besselI1(Dual(0, derivative: 1)).derivative, 0.5)
        XCTAssertEqual(besselRatioI1I0(Dual(0, derivative: 1)).derivative, 0.5)
        // Symmetry: I₀ even, I₁ odd.
        XCTAssertEqual(besselI0(-3.5), besselI0(3.5))
        XCTAssertEqual(besselI1(-3.5), -besselI1(3.5))
        XCTAssertTrue(besselI0(Double.nan).isNaN)
    }
}
