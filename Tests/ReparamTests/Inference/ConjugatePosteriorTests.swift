import XCTest
@testable import Reparam

/// The three conjugate models are recognised from their log-joints, with the textbook posteriors
/// and evidences; a log-joint outside the form is not.
final class ConjugatePosteriorTests: XCTestCase {
    /// log p(x, z) of each model, written from its prior and likelihood (not from the answer).
    static func poissonGamma(_ z: [Double]) -> [Double] {
        // λ ~ Gamma(2, 1), counts [3, 5, 2, 4, 6] ~ Poisson(λ).
        let counts = [3.0, 5, 2, 4, 6]
        return z.map { (λ: Double) -> Double in
            let prior: Double = log(λ) - λ - logGamma(2)
            let likelihood: Double = counts.map { (x: Double) -> Double in x * log(λ) - λ - logGamma(x + 1) }.reduce(0, +)
            return prior + likelihood
        }
    }

    func testPoissonGammaPosteriorAndEvidence() throws {
        let exact = try XCTUnwrap(try ConjugatePosterior.recognise(.gamma, logJoint: Self.poissonGamma))
        XCTAssert(exact.posterior is Gamma)
        XCTAssertEqual(exact.posterior.parameters[0].value.scalars[0], 22, accuracy: 1e-9)
        XCTAssertEqual(exact.posterior.parameters[1].value.scalars[0], 6, accuracy: 1e-9)
        XCTAssertEqual(exact.logJointDescription, "21 log z - 6 z + const")
        // p(x) = ∫ Gamma(λ; 2, 1) Π Poisson(xᵢ; λ) dλ = Γ(22)/(Γ(2) Π xᵢ! 6²²).
        let counts = [3.0, 5, 2, 4, 6]
        let factorials: Double = counts.map { logGamma($0 + 1) }.reduce(0, +)
        let evidence: Double = logGamma(22) - logGamma(2) - factorials - 22 * log(6.0)
        XCTAssertEqual(exact.logEvidence, evidence, accuracy: 1e-9)
    }

    func testBernoulliBetaAndNormalNormal() throws {
        // p ~ Beta(1, 1), flips [1, 0, 1, 1, 0, 1, 1, 1]: Beta(7, 3), p(x) = B(7, 3).
        let flips = [1.0, 0, 1, 1, 0, 1, 1, 1]
        let beta = try XCTUnwrap(try ConjugatePosterior.recognise(.beta) { z in
            z.map { (p: Double) -> Double in flips.map { (x: Double) -> Double in x * log(p) + (1 - x) * log1p(-p) }.reduce(0, +) }
        })
        XCTAssertEqual(beta.posterior.parameters.map { $0.value.scalars[0] }, [7, 3], accuracy: 1e-9)
        XCTAssertEqual(beta.logEvidence, logGamma(7) + logGamma(3) - logGamma(10), accuracy: 1e-9)
        // μ ~ N(0, 1), x = [0.8, 1.5, 0.3, 1.1, 2.0] ~ N(μ, 1): N(0.95, 1/√6);
        // p(x) = N(x; 0, I + 11ᵀ), log det = log 6, quadratic form Σx² − (Σx)²/6.
        let x = [0.8, 1.5, 0.3, 1.1, 2.0]
        let normal = try XCTUnwrap(try ConjugatePosterior.recognise(.normal) { z in
            z.map { (μ: Double) -> Double in
                let prior: Double = -0.5 * log(2 * Double.pi) - μ * μ / 2
                return prior + x.map { (xi: Double) -> Double in -0.5 * log(2 * Double.pi) - (xi - μ) * (xi - μ) / 2 }.reduce(0, +)
            }
        })
        XCTAssertEqual(normal.posterior.parameters.map { $0.value.scalars[0] }, [0.95, 1 / 6.0.squareRoot()], accuracy: 1e-9)
        let squares = x.map { $0 * $0 }.reduce(0, +), sum = x.reduce(0, +)
        let evidence: Double = -2.5 * log(2 * Double.pi) - 0.5 * log(6.0) - 0.5 * (squares - sum * sum / 6)
        XCTAssertEqual(normal.logEvidence, evidence, accuracy: 1e-9)
    }

    /// Outside the span, or improper: not recognised.
    func testOtherLogJointsAreNotRecognised() throws {
        XCTAssertNil(try ConjugatePosterior.recognise(.gamma) { z in z.map { 21 * log($0) - 6 * $0 + 0.01 * $0 * $0 } })
        XCTAssertNil(try ConjugatePosterior.recognise(.normal) { z in z.map { -abs($0) } })
        XCTAssertNil(try ConjugatePosterior.recognise(.normal) { z in z.map { $0 * $0 } }, "improper: precision < 0")
        XCTAssertNil(try ConjugatePosterior.recognise(.beta) { z in z.map { -2 * log($0) } }, "improper: a ≤ 0")
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
