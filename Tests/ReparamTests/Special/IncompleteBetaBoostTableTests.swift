import XCTest
@testable import Reparam

/// I_x(a, b), 1 − I_x(a, b) and both inverses against Boost.Math's published
/// test tables (scripts/fixtures/boost_ibeta_tables.py → boost_ibeta.tsv,
/// boost_ibeta_inv.tsv), every row.
///
/// Each row's tolerance is `ulps` float64 epsilons times (1 + κ), κ the row's
/// relative condition number in its inputs (in the fixture): a few ulps where
/// the function is well-conditioned, proportionally more where it is not.
/// Values below the float64 range (0 in the fixture) must come out below 1e-300.
final class IncompleteBetaBoostTableTests: XCTestCase {
    static let epsilon = Double.ulpOfOne
    /// Tolerance in ulps of (1 + κ), per table (see the fixture's header for the numbering).
    /// ibeta_large_data (shapes down to 1e-5 and up to 4e5) measures 24.
    static let ulps: [Int: Double] = [1: 8, 2: 8, 3: 8, 4: 32, 5: 8, 6: 8]
    static let names = [1: "ibeta_small_data", 2: "ibeta_data", 3: "ibeta_int_data", 4: "ibeta_large_data",
                        5: "ibeta_asym", 6: "ibeta_large_asym_data"]

    /// Error in units of ε(1 + κ), or 0 when an underflowed reference is met by an underflowed result.
    func scaledError(_ got: Double, _ expected: Double, kappa: Double, floor: Double = 1e-300) -> Double {
        if expected == 0 { return got < floor ? 0 : .infinity }
        return relativeError(got, expected) / (Self.epsilon * (1 + kappa))
    }

    func testBoostIncompleteBetaTables() throws {
        let rows = try fixture("boost_ibeta.tsv")
        XCTAssertEqual(rows.count, 4466)
        var worst: [Int: (scaled: Double, relative: Double, at: String)] = [:]
        for r in rows {
            let (table, a, b, x, lower, upper, kappaI, kappaJ) = (Int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7])
            let tails = regularizedBetaTails(x: x, complement: 1 - x, a: a, b: b)
            let tag = "\(Self.names[table]!) a=\(a) b=\(b) x=\(x)"
            for (got, expected, kappa, name) in [(tails.lower, lower, kappaI, "I"), (tails.upper, upper, kappaJ, "1-I")] {
                let scaled = scaledError(got, expected, kappa: kappa)
                let bound = Self.ulps[table]!
                XCTAssert(scaled <= bound, "\(name) \(tag): got \(got), expected \(expected), κ \(kappa), \(scaled) > \(bound) ε(1+κ)")
                if scaled > worst[table]?.scaled ?? -1 {
                    worst[table] = (scaled, relativeError(got, expected), "\(name) \(tag)")
                }
            }
        }
        for (table, w) in worst.sorted(by: { $0.key < $1.key }) {
            print("Boost \(Self.names[table]!): worst \(w.scaled) ε(1+κ) (relative \(w.relative)) at \(w.at)")
        }
    }

    func testBoostInverseIncompleteBetaTable() throws {
        let rows = try fixture("boost_ibeta_inv.tsv")
        XCTAssertEqual(rows.count, 1210)
        // Rows with a shape below 0.05 are judged in `testBoostInverseTinyShapeRowsAgainstMpmath`.
        let bound = 2048.0   // measured worst 1.6e3 ε(1+κ) (9.2e-13) at a = 4.9e4, b = 222
        var worst = (scaled: 0.0, relative: 0.0, at: "")
        for r in rows {
            let (a, b, p, kappaX, kappaXc) = (r[0], r[1], r[2], r[7], r[8])
            let roots = [(x: r[3], y: r[4]), (x: r[5], y: r[6])]
            // ibeta_inv solves I = p; ibetac_inv solves 1 − I = p with p exact.
            let cases = [(lower: p, upper: 1 - p, expected: roots[0], kappa: kappaX, name: "ibeta_inv"),
                         (lower: 1 - p, upper: p, expected: roots[1], kappa: kappaXc, name: "ibetac_inv")]
            for (lower, upper, expected, kappa, name) in cases {
                // Each root is judged on its smaller coordinate, the one float64 holds to full relative precision.
                let root = try inverseRegularizedBeta(p: lower, complement: upper, a: a, b: b)
                let (got, reference) = expected.x <= expected.y ? (root.x, expected.x) : (root.complement, expected.y)
                let tag = "\(name) a=\(a) b=\(b) p=\(p)"
                // Shapes below 0.05: judged against mpmath's roots in the next test (11 of Boost's are wrong).
                if min(a, b) < 0.05 { continue }
                let scaled = scaledError(got, reference, kappa: kappa, floor: 1e-99)
                XCTAssert(scaled <= bound, "\(tag): got \(got), expected \(reference), κ \(kappa), \(scaled) > \(bound) ε(1+κ)")
                if scaled > worst.scaled { worst = (scaled, relativeError(got, reference), tag) }
            }
        }
        print("Boost ibeta_inv_data: worst \(worst.scaled) ε(1+κ) (relative \(worst.relative)) at \(worst.at)")
    }

    /// Boost's ibeta_inv rows with a shape below 0.05, against roots solved again with mpmath's betainc at
    /// 50 digits (scripts/fixtures/boost_ibeta_inv_tiny.py: 11 of Boost's nonzero roots there are wrong, e.g.
    /// 7.78e-62 for 6.53e-62 at a = 120.5, b = 0.0015, and Boost writes 0 below ~1e-100): each root's smaller
    /// coordinate within `bound` ε(1 + κ), κ the table's condition number (measured worst 47 ε(1+κ),
    /// 1.2e-11 relative at a = 2.5e-4, b = 1.6e4); the 752 roots below 1e-300 must underflow there too.
    func testBoostInverseTinyShapeRowsAgainstMpmath() throws {
        let rows = try fixture("boost_ibeta_inv_tiny.tsv")
        XCTAssertEqual(rows.count, 720)
        let bound = 128.0
        var worst = (scaled: 0.0, relative: 0.0, at: "")
        for r in rows {
            let (a, b, p) = (r[0], r[1], r[2])
            for (lower, upper, signed, kappa, name) in [(p, 1 - p, r[3], r[5], "ibeta_inv"), (1 - p, p, r[4], r[6], "ibetac_inv")] {
                let root = try inverseRegularizedBeta(p: lower, complement: upper, a: a, b: b)
                let tag = "\(name) a=\(a) b=\(b) p=\(p)"
                if signed == 0 {
                    XCTAssert(min(root.x, root.complement) < 1e-290, "\(tag): expected a root beyond float64, got \(root)")
                    continue
                }
                let got = signed > 0 ? root.x : root.complement
                let scaled = scaledError(got, Swift.abs(signed), kappa: kappa, floor: 1e-300)
                XCTAssert(scaled <= bound, "\(tag): got \(got), expected \(Swift.abs(signed)), κ \(kappa), \(scaled) > \(bound) ε(1+κ)")
                if scaled > worst.scaled { worst = (scaled, relativeError(got, Swift.abs(signed)), tag) }
            }
        }
        print("Boost ibeta_inv_data, shapes below 0.05 (mpmath roots): worst \(worst.scaled) ε(1+κ) (relative \(worst.relative)) at \(worst.at)")
    }
}
