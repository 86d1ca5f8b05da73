import XCTest
import Reparam
@testable import ReparamLanguage

/// `diagonal_mixture`: the engine's `DiagonalMixture` (Graves' sequential transform),
/// its gradients identical to the engine's own on the same stream, and its errors.
final class DiagonalMixtureTests: XCTestCase {
    /// Each gradient's numbers in row-major order (matrices are nested arrays).
    private func gradients(_ output: Output) -> [String: [Double]] {
        func flattened(_ json: JSON) -> [Double] {
            if case let .array(items) = json { return items.flatMap(flattened) }
            return json.number.map { [$0] } ?? []
        }
        guard case let .object(fields)? = output.field("gradients") else { return [:] }
        return Dictionary(uniqueKeysWithValues: fields.map { ($0.0, flattened($0.1)) })
    }

    private func assertClose(_ actual: [Double]?, _ expected: [Double], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let actual, actual.count == expected.count else {
            return XCTFail("\(name): got \(String(describing: actual)), expected \(expected.count) values", file: file, line: line)
        }
        for (a, e) in zip(actual, expected) { XCTAssertRelative(a, e, 1e-12, name, file: file, line: line) }
    }

    /// K = 2 components over D = 2 coordinates, weights and logits: every gradient equals the engine's.
    func testGradientsMatchTheEngine() throws {
        let locs: [Double] = [-2, 0, 2, 1], scales: [Double] = [0.5, 1, 1.5, 0.7]
        for (argument, raw) in [("weights", [0.3, 0.7]), ("logits", [0.2, -0.4])] {
            let session = Session(seed: 21)
            _ = session.expectOutput("let m = diagonal_mixture(normal([[-2, 0], [2, 1]], [[0.5, 1], [1.5, 0.7]]), \(argument): [\(raw[0]), \(raw[1])])")
            let output = session.expectOutput("grad mean(sin(m.rsample(1000)) * [1, 2])")

            var stream = RandomStream(seed: 21)
            let loc = Tensor.parameter(try Tensor(shape: [2, 2], scalars: locs))
            let scale = Tensor.parameter(try Tensor(shape: [2, 2], scalars: scales))
            let mixing = Tensor.parameter(raw)
            let mixture = try DiagonalMixture(components: Normal(loc: loc, scale: scale),
                                              weights: argument == "logits" ? .logits(mixing) : .probabilities(mixing))
            let z = try mixture.rsample([1000], using: &stream)
            let loss = try sin(z).multiplying(Tensor([1.0, 2.0])).mean()
            let expected = try Reparam.gradients(of: loss, withRespectTo: [loc, scale, mixing])

            XCTAssertRelative(output.field("value")?.number, loss.scalars[0], 1e-14, argument)
            let found = gradients(output)
            assertClose(found["m.components[0].loc"], expected[0].scalars, "loc with \(argument)")
            assertClose(found["m.components[0].scale"], expected[1].scalars, "scale with \(argument)")
            assertClose(found["m.\(argument)"], expected[2].scalars, argument)
        }
    }

    func testShapesAndHelp() {
        let session = Session(seed: 1)
        _ = session.expectOutput("let m = diagonal_mixture(normal([[-2, 0, 1], [2, 1, 0]], 0.5))")
        XCTAssertEqual(session.expectOutput("m.rsample(5)").field("shape")?.numbers, [5, 3])
        XCTAssertEqual(session.expectOutput("m.weights").field("value")?.numbers, [0.5, 0.5])
        XCTAssert(session.expectOutput("?diagonal_mixture").text.contains("diagonal_mixture(d, weights: equal | logits: …)"))
    }

    func testMistakesAreExplained() {
        let session = Session()
        XCTAssertEqual(session.expectError("diagonal_mixture(normal([1, 2], 1))")?.message,
                       "diagonal_mixture needs a distribution with parameters of shape [K, D] (component k, coordinate d); this one has batch shape [2]")
        XCTAssertEqual(session.expectError("diagonal_mixture(normal(0, 1), normal(1, 1))")?.message,
                       "diagonal_mixture takes one distribution whose parameters have shape [K, D] (component k, coordinate d), "
                       + "e.g. diagonal_mixture(normal([[-2, 0], [2, 1]], 0.5), weights: [0.3, 0.7])")
        XCTAssertEqual(session.expectError("diagonal_mixture(normal([[-2, 0], [2, 1]], 0.5), weights: [1, 2, 3])")?.message,
                       "DiagonalMixture: components need batch shape [K, D] with K = 3 (one row per weights entry), got [2, 2]")
        XCTAssertEqual(session.expectError("diagonal_mixture(normal([[0, 0], [1, 1]], 1), logits: [0, 1], weights: [1, 1])")?.message,
                       "diagonal_mixture takes weights: or logits:, not both")
    }
}
