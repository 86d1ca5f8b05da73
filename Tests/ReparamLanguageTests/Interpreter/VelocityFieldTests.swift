import XCTest
@testable import ReparamLanguage

/// `velocity` on a 2-D event: a quiver of exact per-sample velocities. A Dirichlet's mean
/// velocity is known in closed form: E[z_j] = α_j/Σα, so dE[z₁]/dα₁ = (Σα − α₁)/(Σα)² and
/// dE[z₂]/dα₁ = −α₂/(Σα)².
final class VelocityFieldTests: XCTestCase {
    private func means(_ output: Output) -> [Double] {
        guard case let .array(values)? = output.fields.first(where: { $0.0 == "mean_velocity" })?.1 else { return [] }
        return values.compactMap(\.number)
    }

    func testADirichletsFieldAveragesToTheDerivativeOfItsMean() {
        let session = Session(seed: 7)
        _ = session.expectOutput("let d = dirichlet([2, 3, 4])")
        let output = session.expectOutput("velocity d.concentration[0] samples 20000")
        let mean = means(output)
        XCTAssertEqual(mean.count, 2)
        // Per-sample velocities are about 0.05 apart: 20000 of them put the mean within ~0.0004.
        XCTAssertEqual(mean.first ?? .nan, 5.0 / 81 + 2.0 / 81, accuracy: 0.003)
        XCTAssertEqual(mean.last ?? .nan, -3.0 / 81, accuracy: 0.003)
        XCTAssertTrue(output.text.contains("dz/dconcentration[0] of Dirichlet"), output.text)
        XCTAssertTrue(output.text.contains("mean dz/dconcentration[0] per box"), output.text)
        // Raising α₁ moves z₁ up and z₂ down: arrows pointing right-down dominate.
        let arrows = output.text.filter { "→↗↑↖←↙↓↘><^v/\\".contains($0) }
        XCTAssertFalse(arrows.isEmpty)
        // The other parameter's field: raising α₂ moves z₂ up.
        let second = means(session.expectOutput("velocity d.concentration[1] samples 20000"))
        XCTAssertEqual(second.last ?? .nan, 6.0 / 81, accuracy: 0.003)
        XCTAssertEqual(second.first ?? .nan, -2.0 / 81, accuracy: 0.003)
    }

    func testTheVelocityHelpExamplesRun() {
        let session = Session(seed: 1)
        let help = session.expectOutput("?velocity").text
        guard let example = help.split(separator: "\n").first(where: { $0.hasPrefix("example: ") }) else { return XCTFail(help) }
        let lines = example.dropFirst("example: ".count).components(separatedBy: " · ")
        XCTAssertEqual(lines.count, 4, example.description)
        for line in lines { _ = session.expectOutput(line) }
    }

    func testAVectorParameterNeedsOneOfItsNumbersAndAUnivariateOneNone() {
        let session = Session(seed: 1)
        _ = session.expectOutput("let d = dirichlet([2, 3, 4])")
        XCTAssertTrue(session.expectError("velocity d.concentration")?.message.contains("holds 3 numbers: pick the one to move, "
                                                                                         + "e.g. velocity d.concentration[0]") == true)
        XCTAssertTrue(session.expectError("velocity d.concentration[3]")?.message.contains("from 0 to 2") == true)
        _ = session.expectOutput("let g = gamma(2, 1)")
        XCTAssertTrue(session.expectError("velocity g.concentration[0]")?.message.contains("univariate") == true)
        XCTAssertEqual(session.expectOutput("g.concentration").text, "2", "errors leave the variables alone")
    }
}
