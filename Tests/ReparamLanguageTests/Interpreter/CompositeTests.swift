import XCTest
@testable import ReparamLanguage

/// mixture and factorized: parameters named by where they live, gradients against closed forms.
final class CompositeTests: XCTestCase {
    private func gradients(_ output: Output) -> [String: [Double]] {
        guard case let .object(fields)? = output.field("gradients") else { return [:] }
        return Dictionary(uniqueKeysWithValues: fields.map { ($0.0, $0.1.numbers ?? []) })
    }

    /// E[z] = Σₖ πₖ μₖ with π = w/Σw: ∂E/∂wₖ = (μₖ − E)/Σw, ∂E/∂μₖ = πₖ, ∂E/∂σₖ = 0.
    /// For w = (0.3, 0.7), μ = (−2, 2): E = 0.8, ∂E/∂w = (−2.8, 1.2), ∂E/∂μ = (0.3, 0.7).
    func testMixtureGradientsReachTheWeights() {
        let session = Session(seed: 51)
        XCTAssertEqual(session.expectOutput("let m = mixture(normal(-2, 1), normal(2, 0.5), weights: [0.3, 0.7])").text,
                       "m = Mixture(weights: [0.3, 0.7], components: [Normal(loc: -2, scale: 1), Normal(loc: 2, scale: 0.5)])")
        let output = session.expectOutput("grad mean(m.rsample(200000))")
        let g = gradients(output)
        XCTAssertEqual(Set(g.keys), ["m.weights", "m.components[0].loc", "m.components[0].scale",
                                     "m.components[1].loc", "m.components[1].scale"])
        XCTAssertRelative(output.field("value")?.number, 0.8, 0.02)
        XCTAssertEqual(g["m.weights"]?[0] ?? .nan, -2.8, accuracy: 0.05)
        XCTAssertEqual(g["m.weights"]?[1] ?? .nan, 1.2, accuracy: 0.05)
        XCTAssertEqual(g["m.components[0].loc"]?[0] ?? .nan, 0.3, accuracy: 0.02)
        XCTAssertEqual(g["m.components[1].loc"]?[0] ?? .nan, 0.7, accuracy: 0.02)
        XCTAssertEqual(g["m.components[0].scale"]?[0] ?? .nan, 0, accuracy: 0.02)
        XCTAssertRelative(session.number("m.log_prob(0)"),
                          log(0.3 * exp(-2) / sqrt(2 * Double.pi) + 0.7 * exp(-8) / (0.5 * sqrt(2 * Double.pi))), 1e-12)
    }

    func testBoundComponentsKeepTheirNamesAndLogitsWork() {
        let session = Session(seed: 52)
        _ = session.expectOutput("let a = normal(0, 1)")
        _ = session.expectOutput("let m = mixture(a, gamma(2, 1), logits: [0, 0])")
        let g = gradients(session.expectOutput("grad mean(m.rsample(100))"))
        XCTAssertEqual(Set(g.keys), ["m.logits", "a.loc", "a.scale", "m.components[1].concentration", "m.components[1].rate"])
        XCTAssertEqual(session.expectError("mixture(normal(0, 1), weights: [1], logits: [0])")?.message,
                       "mixture takes weights: or logits:, not both")
        XCTAssertEqual(session.expectError("mixture(normal(0, 1), 3)")?.message, "mixture combines distributions; this is a number")
        XCTAssertEqual(session.expectError("mixture(dirichlet([1, 2]))")?.message,
                       "mixture components must be univariate with a CDF; Dirichlet is not")
    }

    /// Each factor keeps its own route: E[z₀] = μ, E[z₁] = α/β.
    func testFactorized() {
        let session = Session(seed: 53)
        _ = session.expectOutput("let f = factorized(normal(1, 2), gamma(2, 4))")
        XCTAssertEqual(session.expectOutput("f.rsample(10)").field("shape")?.numbers, [10, 2])
        let g = gradients(session.expectOutput("grad mean(f.rsample(100000)[:, 1])"))
        XCTAssertEqual(g["f.components[1].concentration"]?[0] ?? .nan, 0.25, accuracy: 0.01)
        XCTAssertEqual(g["f.components[1].rate"]?[0] ?? .nan, -0.125, accuracy: 0.005)
        XCTAssertEqual(g["f.components[0].loc"]?[0], 0)
    }

    /// A mixture's weights stay on the simplex while fitting: the two-bump target is recovered.
    func testFitAMixtureToData() {
        let session = Session(seed: 54)
        _ = session.expectOutput("let data = concat(normal(-2, 0.5).sample(600), normal(2, 0.5).sample(1400))")
        _ = session.expectOutput("let m = mixture(normal(-1, 1), normal(1, 1))")
        _ = session.expectOutput("fit m to data steps 600 lr 0.05")
        let weights = session.expectOutput("m.weights").field("value")?.numbers ?? []
        XCTAssertEqual(weights.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertEqual(weights.first ?? .nan, 0.3, accuracy: 0.03)
        XCTAssertEqual(session.number("m.components[0].loc") ?? .nan, -2, accuracy: 0.1)
    }
}
