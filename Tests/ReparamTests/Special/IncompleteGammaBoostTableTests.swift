import XCTest
@testable import Reparam

/// Boost.Math's published incomplete-gamma tables (igamma_small/med/big/int, gamma_inv_small/·/big),
/// converted by scripts/fixtures/boost_igamma_tables.py: P, Q and both inverses on every row, each within
/// `bound` ulps times (1 + κ), κ the row's condition number. The worst of each table is printed.
final class IncompleteGammaBoostTableTests: XCTestCase {
    static let names = [1: "igamma_small_data", 2: "igamma_med_data", 3: "igamma_big_data", 4: "igamma_int_data"]
    static let inverseNames = [1: "gamma_inv_small_data", 2: "gamma_inv_data", 3: "gamma_inv_big_data"]

    /// Relative error in units of ε(1 + κ); a value below float64 must come out below 1e-300.
    func scaledError(_ got: Double, _ expected: Double, kappa: Double) -> Double {
        if expected == 0 { return got < 1e-300 ? 0 : .infinity }
        return relativeError(got, expected) / (Double.ulpOfOne * (1 + kappa))
    }

    func testBoostIncompleteGammaTables() throws {
        let rows = try fixture("boost_igamma.tsv")
        XCTAssertEqual(rows.count, 1379)
        let bound = 16.0   // measured worst 5.3 ε(1+κ)
        var worst: [Int: (scaled: Double, at: String)] = [:]
        for r in rows {
            let (table, a, x) = (Int(r[0]), r[1], r[2])
            for (got, expected, kappa, name) in [(regularizedGammaP(a, x), r[3], r[5], "P"), (regularizedGammaQ(a, x), r[4], r[6], "Q")] {
                let scaled = scaledError(got, expected, kappa: kappa)
                let tag = "\(name)(\(a), \(x)) \(Self.names[table]!)"
                XCTAssert(scaled <= bound, "\(tag): got \(got), expected \(expected), κ \(kappa): \(scaled) ε(1+κ)")
                if scaled > worst[table]?.scaled ?? -1 { worst[table] = (scaled, tag) }
            }
        }
        for (table, w) in worst.sorted(by: { $0.key < $1.key }) { print("Boost \(Self.names[table]!): worst \(w.scaled) ε(1+κ) at \(w.at)") }
    }

    func testBoostInverseIncompleteGammaTables() throws {
        let rows = try fixture("boost_gamma_inv.tsv")
        XCTAssertEqual(rows.count, 559)
        let bound = 16.0   // measured worst 5.3 ε(1+κ)
        var worst: [Int: (scaled: Double, at: String)] = [:]
        for r in rows {
            let (table, a, p) = (Int(r[0]), r[1], r[2])
            for (got, expected, kappa, name) in [(inverseRegularizedGammaP(a: a, p: p), r[3], r[5], "P⁻¹"),
                                                 (inverseRegularizedGammaQ(a: a, q: p), r[4], r[6], "Q⁻¹")] {
                let scaled = scaledError(got, expected, kappa: kappa)
                let tag = "\(name)(\(a), \(p)) \(Self.inverseNames[table]!)"
                XCTAssert(scaled <= bound, "\(tag): got \(got), expected \(expected), κ \(kappa): \(scaled) ε(1+κ)")
                if scaled > worst[table]?.scaled ?? -1 { worst[table] = (scaled, tag) }
            }
        }
        for (table, w) in worst.sorted(by: { $0.key < $1.key }) { print("Boost \(Self.inverseNames[table]!): worst \(w.scaled) ε(1+κ) at \(w.at)") }
    }
}
