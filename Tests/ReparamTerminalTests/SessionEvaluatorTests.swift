import Foundation
import Synchronization
import XCTest
import ReparamLanguage
@testable import ReparamTerminal

/// Lines a sink received on the evaluating thread.
private final class Received: Sendable {
    let lines = Mutex<[String]>([])
    let frames = Mutex<[[String]]>([])
}

/// The language behind the terminal: what each kind of statement becomes, in human and JSON
/// form, where a fit's progress goes, Ctrl-C, resizes and `:replay`.
final class SessionEvaluatorTests: XCTestCase {
    private func evaluator(_ mode: EvaluatorConfiguration.Mode = .script, json: Bool = false) -> SessionEvaluator {
        SessionEvaluator(configuration: EvaluatorConfiguration(mode: mode, json: json))
    }

    func testValuesBindingsAndErrors() {
        let e = evaluator()
        XCTAssertEqual(e.evaluate("let a = 2"), [.text("a = 2")])
        XCTAssertEqual(e.evaluate("a ^ 3"), [.text("8")])
        guard case let .error(message)? = e.evaluate("gamma(-1)").first else { return XCTFail("no error") }
        XCTAssertTrue(message.contains("gamma needs concentration to be positive, got -1"), message)
        XCTAssertEqual(e.evaluate("a"), [.text("2")], "a bad line keeps the bindings")
        XCTAssertEqual(e.evaluate(":quit"), [.quit])
    }

    func testAPictureComesApartFromItsText() {
        let e = evaluator()
        let outputs = e.evaluate("hist normal(0, 1).sample(1000)")
        guard case let .plot(picture)? = outputs.first else { return XCTFail("\(outputs)") }
        XCTAssertGreaterThan(picture.count, 5)
        for case let .text(text) in outputs { XCTAssertFalse(text.contains(picture[picture.count / 2]), "the picture is repeated in the text") }
    }

    func testJSONIsOneObjectPerStatementErrorsIncluded() throws {
        let e = evaluator(json: true)
        XCTAssertEqual(e.evaluate("1 + 1"), [.text(#"{"line":1,"input":"1 + 1","kind":"value","value":2,"shape":[]}"#)])
        guard case let .error(object)? = e.evaluate("gamma(-1)").first else { return XCTFail("no error") }
        let parsed = try JSONSerialization.jsonObject(with: Data(object.utf8)) as? [String: Any]
        XCTAssertEqual(parsed?["kind"] as? String, "error")
        XCTAssertEqual(parsed?["line"] as? Int, 2)
    }

    func testAFitReportsProgressLinesWithoutAPaneAndFramesWithOne() {
        let received = Received()
        let plain = evaluator()
        plain.onProgress = { line in received.lines.withLock { $0.append(line) } }
        _ = plain.evaluate("let q = normal(0, 1)")
        _ = plain.evaluate("fit q to normal(2, 1) steps 50")
        XCTAssertFalse(received.lines.withLock { $0 }.isEmpty, "no progress lines")

        let pane = evaluator(.pane)
        pane.onFrame = { frame in if let picture = frame.picture?() { received.frames.withLock { $0.append(picture) } } }
        pane.drawsFramePictures = true
        _ = pane.evaluate("let q = normal(0, 1)")
        _ = pane.evaluate("fit q to normal(2, 1) steps 50")
        XCTAssertFalse(received.frames.withLock { $0 }.isEmpty, "no live frames")
    }

    func testInterruptFromAnotherThreadStopsALongStatement() {
        let e = evaluator()
        _ = e.evaluate("let q = normal(0, 1)")
        let interrupt = e.interrupt
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { interrupt() }
        let outputs = e.evaluate("fit q to normal(2, 1) steps 100000")
        guard case let .text(text)? = outputs.last else { return XCTFail("\(outputs)") }
        XCTAssertTrue(text.contains("interrupted"), text)
        XCTAssertEqual(e.evaluate("1 + 1"), [.text("2")], "the next statement is not interrupted")
    }

    func testResizeRerendersTheLastPicture() {
        let e = evaluator()
        _ = e.evaluate("hist normal(0, 1).sample(1000)")
        let redrawn = e.resizePlots(columns: 50, rows: 12)
        XCTAssertNotNil(redrawn)
        XCTAssertLessThanOrEqual(redrawn?.map { TerminalText.stripEscapes($0).count }.max() ?? 99, 50)
    }

    func testReplayAsksTheTerminalToShowTheSession() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("lesson.reparam").path
        try "@reparam session 1\n@seed 0\n\nreparam> 1+1\n| 2\n\n@end\n".write(toFile: path, atomically: true, encoding: .utf8)
        let e = evaluator()
        XCTAssertEqual(e.evaluate(":replay \(path)"), [.replay(path: path)])
        guard case let .error(missing)? = e.evaluate(":replay \(directory.path)/none.reparam").first else { return XCTFail() }
        XCTAssertTrue(missing.contains("cannot replay"), missing)
        guard case let .error(bare)? = e.evaluate(":replay").first else { return XCTFail() }
        XCTAssertTrue(bare.contains(":replay needs a session file"), bare)
        for case let .text(text) in e.evaluate(":help") { XCTAssertFalse(text.contains("reparam replay"), "the language names a CLI command") }
    }
}
