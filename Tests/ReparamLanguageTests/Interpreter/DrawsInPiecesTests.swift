import XCTest
import Reparam
@testable import ReparamLanguage

/// Draws larger than a piece are made piece by piece: the joined draw has the full shape and
/// carries the gradient back to every piece; Ctrl-C between pieces stops the line, keeps nothing
/// and leaves the session as it was; draws of one piece are the numbers they always were.
final class DrawsInPiecesTests: XCTestCase {
    private func gradients(_ output: Output) -> [String: [Double]] {
        guard case let .object(fields)? = output.field("gradients") else { return [:] }
        return Dictionary(uniqueKeysWithValues: fields.map { ($0.0, $0.1.numbers ?? []) })
    }

    /// sum(z) for z = μ + σε has ∂/∂μ = n exactly and ∂/∂σ = Σε = (sum(z) − nμ)/σ: both hold only
    /// if every piece's gradient reaches the parameters. A batch of 3 makes 300 values a row.
    func testPiecesJoinWithTheirGradients() throws {
        let session = Session(seed: 4)
        session.interpreter.drawPieceValues = 1000
        _ = session.expectOutput("let d = normal([1, 2, 3], 2)")
        let z = session.expectOutput("let z = d.rsample(2500)")
        XCTAssertTrue(z.text.hasPrefix("z = tensor [2500, 3]"), z.text)
        let output = session.expectOutput("grad sum(d.rsample(2500))")
        let g = gradients(output)
        XCTAssertEqual(g["d.loc"], [2500, 2500, 2500])
        let value = try XCTUnwrap(output.field("value")?.number)
        let epsilonSum = try XCTUnwrap(g["d.scale"]?.first)
        XCTAssertEqual(epsilonSum, (value - 2500 * 6) / 2, accuracy: 1e-9 * abs(value))
        // The pieces are not repeats of one another.
        let rows = session.expectOutput("z[0:5, 0] - z[1000:1005, 0]")
        XCTAssertFalse(rows.field("value")?.numbers?.contains(0) ?? true, rows.text)
    }

    /// One piece (the default size) draws what the engine draws from the same stream.
    func testOnePieceDrawsTheEngineNumbers() throws {
        let session = Session(seed: 9)
        let drawn = try XCTUnwrap(session.expectOutput("gamma(2.5, 1).rsample(5)").field("value")?.numbers)
        var stream = RandomStream(seed: 9)
        let direct = try Gamma(concentration: Tensor(2.5), rate: Tensor(1)).rsample([5], using: &stream)
        XCTAssertEqual(drawn, direct.scalars)
    }

    /// Ctrl-C after the first progress report: the line fails saying how far it got, nothing
    /// is bound, and the next line runs normally.
    func testInterruptStopsBetweenPieces() throws {
        let session = Session(seed: 4)
        session.interpreter.drawPieceValues = 1000
        session.interpreter.drawProgressSeconds = 0
        var reports: [String] = []
        session.onProgress = { output in
            reports.append(output.text)
            session.interrupted = true
        }
        let error = try XCTUnwrap(session.expectError("let x = gamma(2, 1).rsample(2500)"))
        XCTAssertEqual(error.message, "interrupted after drawing 1,000 of 2,500 samples; nothing was kept")
        XCTAssertEqual(reports, ["drew 1,000 of 2,500 samples (Ctrl-C stops)"])
        XCTAssertNotNil(session.expectError("x"))
        session.onProgress = nil
        XCTAssertTrue(session.expectOutput("let x = gamma(2, 1).rsample(2500)").text.hasPrefix("x = tensor [2500]"))
    }
}
