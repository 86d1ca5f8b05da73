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
        try checkRows("boost_igamma.tsv", count: 1379, tables: Self.names,
                      [("P", { regularizedGammaP($0, $1) }), ("Q", { regularizedGammaQ($0, $1) })])
    }

    func testBoostInverseIncompleteGammaTables() throws {
        try checkRows("boost_gamma_inv.tsv", count: 559, tables: Self.inverseNames,
                      [("P⁻¹", { inverseRegularizedGammaP(a: $0, p: $1) }), ("Q⁻¹", { inverseRegularizedGammaQ(a: $0, q: $1) })])
    }

    /// Rows (table, a, x, expected₁, expected₂, κ₁, κ₂): each function's answer within 16 ε(1 + κ)
    /// (measured worst 5.3); prints each table's worst.
    func checkRows(_ file: String, count: Int, tables: [Int: String],
                   _ functions: [(name: String, value: (Double, Double) -> Double)]) throws {
        let rows = try fixture(file)
        XCTAssertEqual(rows.count, count)
        let bound = 16.0
        var worst: [Int: (scaled: Double, at: String)] = [:]
        for r in rows {
            let (table, a, x) = (Int(r[0]), r[1], r[2])
            for (k, function) in functions.enumerated() {
                let (got, expected, kappa) = (function.value(a, x), r[3 + k], r[5 + k])
                let scaled = scaledError(got, expected, kappa: kappa)
                let tag = "\(function.name)(\(a), \(x)) \(tables[table]!)"
                XCTAssert(scaled <= bound, "\(tag): got \(got), expected \(expected), κ \(kappa): \(scaled) ε(1+κ)")
                if scaled > worst[table]?.scaled ?? -1 { worst[table] = (scaled, tag) }
            }
        }
        for (table, w) in worst.sorted(by: { $0.key < $1.key }) { print("Boost \(tables[table]!): worst \(w.scaled) ε(1+κ) at \(w.at)") }
    }
}
