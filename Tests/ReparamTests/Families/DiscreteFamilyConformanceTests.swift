import Foundation
import XCTest
@testable import Reparam

/// Every family of `Family.all` whose support is a set of integers, scalar and with a [2, 3] batch
/// (`FamilyExample`), held to the discrete contract:
///
/// * its pmf sums to 1 over the support, its cdf is the running sum of the pmf (and reads a
///   value between two integers at the integer below), its mean, variance and entropy are the
///   sums Σ k P(k), Σ k² P(k) − mean², −Σ P log P;
/// * log_prob is −∞ off the integers;
/// * rsample is an error that says there is no path and names the score-function estimator;
/// * its samples pass a chi-square goodness-of-fit test against its own pmf.
final class DiscreteFamilyConformanceTests: XCTestCase {
    private func examples() throws -> [(name: String, family: Family, distribution: any DiscreteDistribution)] {
        try Family.all.flatMap { family in
            try [false, true].compactMap { batched -> (String, Family, any DiscreteDistribution)? in
                guard let example = FamilyExample.of(family, batched: batched),
                      let d = try example.distribution as? any DiscreteDistribution else { return nil }
                return ("\(family.constructor) batch \(d.batchShape)", family, d)
            }
        }
    }

    /// The values 0…K (K the support's upper end, or where the upper tail falls below 1e-16), shape [K + 1] + batch.
    private func values(_ d: any DiscreteDistribution) throws -> Tensor {
        if d.supportEnds.upper.scalars.allSatisfy(\.isFinite) { return try d.enumerateSupport() }
        let batch = d.batchShape.reduce(1, *)
        var K = 16
        while try d.cdf(Tensor(Double(K))).scalars.contains(where: { 1 - $0 > 1e-16 }) { K *= 2 }
        return Tensor(unchecked: [K + 1] + d.batchShape, (0...K).flatMap { [Double](repeating: Double($0), count: batch) })
    }

    func testTheFamiliesAreHere() throws {
        XCTAssertEqual(Set(try examples().map(\.family.constructor)), ["bernoulli", "categorical", "binomial", "poisson", "geometric"])
    }

    func testPmfCdfAndMomentsAreItsSums() throws {
        for (name, family, d) in try examples() {
            let k = try values(d), p = try exp(d.logProb(k))
            let total = try p.sum(axis: 0).scalars
            for t in total { XCTAssertEqual(t, 1, accuracy: 1e-12, "\(name): Σ P(k)") }
            // F(k) = Σ_{j ≤ k} P(j), also at k + ½.
            let F = try d.cdf(k).scalars, Fhalf = try d.cdf(k + 0.5).scalars
            let batch = Swift.max(d.batchShape.reduce(1, *), 1), rows = k.count / batch
            for b in 0..<batch {
                var running = 0.0
                for r in 0..<rows {
                    running += p.scalars[r * batch + b]
                    XCTAssertEqual(F[r * batch + b], running, accuracy: 1e-12, "\(name): F(\(r))")
                    XCTAssertEqual(Fhalf[r * batch + b], F[r * batch + b], "\(name): F(\(r) + ½)")
                }
            }
            let mean = try (p * k).sum(axis: 0), second = try (p * k * k).sum(axis: 0)
            for (a, b) in zip(d.mean.scalars, mean.scalars) { XCTAssertEqual(a, b, accuracy: 1e-10 * max(1, abs(b)), "\(name): mean") }
            for (a, b) in zip(d.variance.scalars, (second - mean * mean).scalars) {
                XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(b)), "\(name): variance")
            }
            if family.methods.contains(.entropy) {
                let logP = try d.logProb(k)
                let H = try `where`(logP.compared(.greater, -.infinity), p * logP, Tensor(0)).sum(axis: 0)
                for (a, b) in zip(try d.entropy().scalars, H.scalars) { XCTAssertEqual(a, -b, accuracy: 1e-12, "\(name): entropy") }
            }
        }
    }

    func testOffTheIntegersAndRsample() throws {
        var stream = RandomStream(seed: 3)
        for (name, _, d) in try examples() {
            XCTAssert(try d.logProb(Tensor(0.5)).scalars.allSatisfy { $0 == -.infinity }, name)
            XCTAssert(try d.logProb(Tensor(-1)).scalars.allSatisfy { $0 == -.infinity }, name)
            XCTAssertEqual(d.reparameterization, .none, name)
            XCTAssertThrowsError(try d.rsample([3], using: &stream), name) { error in
                let message = "\(error)"
                XCTAssert(message.hasPrefix("\(d.name) has no rsample: its draws are integers"), message)
                XCTAssert(message.contains("grad … using score"), message)
                XCTAssertEqual(message.contains("enumeration"), d.supportEnds.upper.scalars.allSatisfy(\.isFinite), message)
            }
        }
    }

    /// Pearson's χ² over the support, bins merged until each expects at least 5 draws, against the
    /// χ² quantile at 1 − 10⁻⁴ (from the engine's Gamma quantile: χ²_ν = Gamma(ν/2, rate ½)).
    func testSamplesPassChiSquareAgainstTheirPmf() throws {
        var stream = RandomStream(seed: 17)
        let n = 5000
        for (name, _, d) in try examples() {
            let draws = try d.sample([n], using: &stream)
            XCTAssert(draws.scalars.allSatisfy { $0 == $0.rounded() }, "\(name): integer draws")
            let k = try values(d), p = try exp(d.logProb(k))
            let batch = Swift.max(d.batchShape.reduce(1, *), 1), rows = k.count / batch
            for b in 0..<batch {
                let column = (0..<n).map { draws.scalars[$0 * batch + b] }
                try Self.assertChiSquare(column, pmf: (0..<rows).map { p.scalars[$0 * batch + b] }, first: 0, "\(name), column \(b)")
            }
        }
    }

    /// Pearson's χ² of integer `draws` against `pmf` (P(first), P(first + 1), …), bins merged until each
    /// expects at least 5 draws, below the χ² quantile at 1 − 10⁻⁴ (Gamma(ν/2, rate ½)).
    static func assertChiSquare(_ draws: [Double], pmf: [Double], first: Int, _ label: String,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let n = Double(draws.count)
        var observed = [Double](repeating: 0, count: pmf.count)
        for value in draws {
            let index = Int(value) - first
            XCTAssert(value == value.rounded() && index >= 0 && index < pmf.count, "\(label): draw \(value) outside the support", file: file, line: line)
            if index >= 0 && index < pmf.count { observed[index] += 1 }
        }
        var bins: [(observed: Double, expected: Double)] = []
        var current = (observed: 0.0, expected: 0.0)
        for r in pmf.indices {
            current.observed += observed[r]
            current.expected += n * pmf[r]
            if current.expected >= 5 { bins.append(current); current = (0, 0) }
        }
        if current.expected > 0 || current.observed > 0 {
            if bins.isEmpty { bins.append(current) } else { bins[bins.count - 1].observed += current.observed; bins[bins.count - 1].expected += current.expected }
        }
        guard bins.count >= 2 else { return }
        let statistic = bins.reduce(0) { $0 + ($1.observed - $1.expected) * ($1.observed - $1.expected) / $1.expected }
        let dof = Double(bins.count - 1)
        let critical = try Gamma(concentration: Tensor(dof / 2), rate: Tensor(0.5)).icdf(Tensor(1 - 1e-4)).scalars[0]
        XCTAssertLessThan(statistic, critical, "\(label): χ² with \(bins.count - 1) degrees of freedom", file: file, line: line)
    }
}
