import XCTest
@testable import Reparam

/// The entropies of the Gamma-built families at shapes from 1e-300 to 1e15, where the closed forms'
/// terms (of size 1/shape or shape·log shape) cancel to a result of size 1, against 700-digit mpmath
/// (scripts/fixtures/entropy_extremes.py), with their gradients.
final class EntropyExtremesTests: XCTestCase {
    static let names = ["Beta", "Dirichlet", "StudentT", "InverseGamma", "Chi", "GeneralizedGamma", "FisherSnedecor", "Gamma"]
    static let arity = [2, 3, 1, 1, 1, 2, 2, 1]

    static func family(_ id: Int, _ p: [Tensor]) throws -> any Distribution {
        switch id {
        case 0: return try Beta(a: p[0], b: p[1])
        case 1: return try Dirichlet(concentration: stack(p, axis: 0))
        case 2: return try StudentT(df: p[0], loc: Tensor(0), scale: Tensor(1))
        case 3: return try InverseGamma(concentration: p[0], rate: Tensor(1))
        case 4: return try Chi(df: p[0])
        case 5: return try GeneralizedGamma(concentration: p[0], power: p[1], scale: Tensor(1))
        case 6: return try FisherSnedecor(df1: p[0], df2: p[1])
        default: return try Gamma(concentration: p[0], rate: Tensor(1))
        }
    }

    /// H to 1e-13 (relative, absolute below 1) and dH/dθ to 1e-13 relative, each family's worst printed
    /// with where. FisherSnedecor's slope in one degree far above the other is a sum of terms of size 1/d
    /// that cancel to a result of size 1/d² (1e-30 at d = 1e15): there the error is measured against 1/d.
    func testEntropiesAndGradientsAgainstMpmath() throws {
        let rows = try fixture("entropy_extremes.tsv")
        for id in Self.names.indices {
            var worstValue = WorstError("\(Self.names[id]) entropy"), worstGradient = WorstError("\(Self.names[id]) dH/dθ")
            for r in rows where Int(r[0]) == id {
                let k = Self.arity[id], leaves = (0..<k).map { Tensor.parameter(r[1 + $0]) }
                let label = "\(Self.names[id])\(Array(r[1...k]))"
                let h = try Self.family(id, leaves).entropy()
                let value = h.scalars[0], expected = r[4]
                let valueError = abs(value - expected) / max(1, abs(expected))
                worstValue.record(value, expected, at: label)
                XCTAssertLessThanOrEqual(valueError, 1e-13, "\(label): H = \(value) vs \(expected)")
                let g = try gradients(of: h.sum(), withRespectTo: leaves)
                for j in 0..<k where r[5 + j].isFinite && abs(r[5 + j]) > 1e-300 {
                    let relative = worstGradient.record(g[j].scalars[0], r[5 + j], at: "\(label) d/dp\(j + 1)")
                    let error = id == 6 ? abs(g[j].scalars[0] - r[5 + j]) / max(abs(r[5 + j]), 1 / r[1 + j]) : relative
                    XCTAssertLessThanOrEqual(error, 1e-13, "\(label) dH/dp\(j + 1) = \(g[j].scalars[0]) vs \(r[5 + j])")
                }
            }
            print(worstValue.summary)
            print(worstGradient.summary)
        }
    }

    /// Beta's and Dirichlet's variances m(1 − m)/(α₀ + 1) at shapes where α₀² overflows or ab underflows:
    /// Beta(s, s) has variance ¼/(2s + 1), Dirichlet([s, s, 2s]) (¼·¾)/(4s + 1) in its first coordinate.
    func testVariancesAtExtremeShapes() throws {
        for s in [1e-300, 1e-170, 1e160, 1e300] {
            assertRelative(try Beta(a: Tensor(s), b: Tensor(s)).variance.scalars[0], 0.25 / (2 * s + 1), 1e-15, "Beta(\(s), \(s))")
            let dirichlet = try Dirichlet(concentration: Tensor([s, s, 2 * s])).variance.scalars
            assertRelative(dirichlet[0], 0.25 * 0.75 / (4 * s + 1), 1e-15, "Dirichlet([\(s), \(s), \(2 * s)])")
        }
    }
}
