import XCTest
import ReparamPlots
@testable import ReparamLanguage

final class SaveLoadTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "reparam-sessions-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func recorder() -> SessionRecorder {
        SessionRecorder(session: Session(seed: 4), directory: folder + "/Sessions")
    }

    private func texts(_ outputs: [Output]) -> [String] { outputs.map(\.text) }

    func testSaveWritesTheSessionAndItReplaysExactly() throws {
        let recorder = recorder()
        _ = recorder.run("let d = gamma(2, rate: 3)")
        _ = recorder.run("grad mean(d.rsample(100))")
        _ = recorder.run("d.sampel(3)")
        XCTAssertEqual(texts(recorder.run(":save first")), ["saved 3 commands to \(folder)/Sessions/first.reparam"])
        let file = try SessionFile.load(path: folder + "/Sessions/first.reparam")
        XCTAssertEqual(file.title, "first")
        XCTAssertEqual(file.seed, 4)
        XCTAssertEqual(file.steps.map(\.command), ["let d = gamma(2, rate: 3)", "grad mean(d.rsample(100))", "d.sampel(3)"])
        XCTAssert(file.steps[2].output.allSatisfy(\.isError))
        XCTAssertEqual(SessionCheck().check(file, name: "first"), [])
    }

    func testSaveRefusesToOverwriteAndSaysHow() throws {
        let recorder = recorder()
        _ = recorder.run("1 + 1")
        _ = recorder.run(":save lesson")
        let path = folder + "/Sessions/lesson.reparam"
        let before = try String(contentsOfFile: path, encoding: .utf8)
        _ = recorder.run("2 + 2")
        let refused = recorder.run(":save lesson")
        XCTAssertEqual(refused.map(\.kind), [.error])
        XCTAssertEqual(refused.first?.diagnostic?.message, "\(path) already exists; not overwritten. To replace it: :save! lesson")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), before)

        XCTAssertEqual(texts(recorder.run(":save! lesson")), ["saved 2 commands to \(path)"])
        XCTAssertEqual(try SessionFile.load(path: path).steps.map(\.command), ["1 + 1", "2 + 2"])
    }

    func testSaveToAPathAndWithoutAName() throws {
        let recorder = recorder()
        _ = recorder.run("1 + 1")
        let path = folder + "/elsewhere/mine.reparam"
        XCTAssertEqual(texts(recorder.run(":save \(path)")), ["saved 1 command to \(path)"])
        XCTAssertEqual(try SessionFile.load(path: path).steps.count, 1)
        XCTAssertEqual(recorder.run(":save").first?.diagnostic?.message,
                       ":save needs a name, e.g. :save gamma-lesson (writes \(folder)/Sessions/gamma-lesson.reparam)")
    }

    /// A disk that fails half-way through the new text leaves the old file whole and no temporary file behind.
    func testAFailedWriteLeavesTheOldFileWhole() throws {
        let path = folder + "/kept.reparam"
        try AtomicFile.write("old text\n", to: path, replacing: false)
        struct DiskFull: Error {}
        XCTAssertThrowsError(try AtomicFile.write(String(repeating: "new text\n", count: 1000), to: path, replacing: true) { descriptor, bytes in
            _ = write(descriptor, bytes.baseAddress!, bytes.count / 2)   // half of it, then the disk fails
            throw DiskFull()
        }) { error in XCTAssert(error is DiskFull) }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old text\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["kept.reparam"])

        try AtomicFile.write("new text\n", to: path, replacing: true)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new text\n")
        XCTAssertThrowsError(try AtomicFile.write("other\n", to: path, replacing: false)) { error in
            XCTAssertEqual(error as? AtomicFile.Failure, .exists(path))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["kept.reparam"])
    }

    func testResetStartsANewRecordFromTheSeedInForce() {
        let recorder = recorder()
        _ = recorder.run("1 + 1")
        _ = recorder.run("seed 9")
        _ = recorder.run(":reset")
        _ = recorder.run("normal(0, 1).sample(2)")
        XCTAssertEqual(recorder.record.seed, 9)
        XCTAssertEqual(recorder.record.steps.map(\.command), ["normal(0, 1).sample(2)"])
        XCTAssertEqual(SessionCheck().check(recorder.record, name: "after reset"), [])
    }

    func testLoadRunsTheCommandsIntoTheCurrentState() throws {
        let path = folder + "/lesson.reparam"
        let lesson = SessionFile(seed: 3, items: [
            .comment(" a lesson"),
            .step(.init(command: "let g = gamma(2)", output: [])),
            .step(.init(command: "let z = g.rsample(3)", output: [])),
        ])
        try AtomicFile.write(lesson.text, to: path, replacing: false)

        let recorder = recorder()
        _ = recorder.run("let a = 5")
        let outputs = recorder.run(":load \(path)")
        let replayed = SessionReplay.rerecord(lesson)
        XCTAssertEqual(texts(outputs), ["reparam> seed 3", "seed 3",
                                        "reparam> let g = gamma(2)"] + replayed.steps[0].output.map(\.text)
                       + ["reparam> let z = g.rsample(3)"] + replayed.steps[1].output.map(\.text)
                       + ["loaded 2 commands from \(path)"])
        XCTAssertEqual(recorder.session.variables, ["a", "g", "z"])
        // The loaded commands are part of the record; the :load line is not.
        XCTAssertEqual(recorder.record.steps.map(\.command), ["let a = 5", "seed 3", "let g = gamma(2)", "let z = g.rsample(3)"])
        XCTAssertEqual(SessionCheck().check(recorder.record, name: "after load"), [])
    }

    /// A pane resized mid-session draws later pictures at the new size; the record says so with
    /// an @plot line, and the replay reproduces both sizes.
    func testAResizeIsRecordedAndReplayed() throws {
        let recorder = recorder()
        recorder.session.plotStyle = PlotStyle(width: 60, height: 16, charset: .braille, color: true)
        _ = recorder.run("let d = normal(0, 1)")
        _ = recorder.run("hist d samples 200")
        recorder.session.plotStyle = PlotStyle(width: 90, height: 30, charset: .braille, color: true)
        _ = recorder.run("hist d samples 200")
        XCTAssertEqual(recorder.record.plotStyle, PlotStyle(width: 60, height: 16, charset: .braille))
        XCTAssert(recorder.record.items.contains(.plot(PlotStyle(width: 90, height: 30, charset: .braille))))
        let steps = recorder.record.steps
        XCTAssertEqual(steps[1].output.count, 16)
        XCTAssertEqual(steps[2].output.count, 30)
        XCTAssertFalse(steps.flatMap(\.output).contains { $0.text.contains("\u{1B}") }, "colors are not recorded")
        let reread = try SessionFile.parse(recorder.record.text, name: "resized")
        XCTAssertEqual(SessionCheck().check(reread, name: "resized"), [])
    }

    /// `:replay FILE` checks the file and hands its path up (the terminal shows it); the
    /// language names no command-line words.
    func testReplayAtThePromptAsksTheTerminalToShowTheFile() throws {
        let recorder = recorder()
        try FileManager.default.createDirectory(atPath: folder + "/Sessions", withIntermediateDirectories: true)
        try AtomicFile.write("@reparam session 1\nreparam> 1 + 1\n| 2\n@end\n", to: folder + "/Sessions/sum.reparam", replacing: false)
        let asked = recorder.run(":replay sum")
        XCTAssertEqual(asked.map(\.kind), [.command])
        XCTAssertEqual(asked.first?.fields.first { $0.0 == "replay" }?.1, .string(folder + "/Sessions/sum.reparam"))
        XCTAssertEqual(recorder.run(":replay nothing-here").first?.diagnostic?.message,
                       "cannot replay: \(folder)/Sessions/nothing-here.reparam: no such file")
        XCTAssertEqual(recorder.record.steps.count, 0, ":replay is not recorded")
    }

    func testLoadFindsBareNamesInTheSessionsFolderAndReportsBadFiles() throws {
        let recorder = recorder()
        try FileManager.default.createDirectory(atPath: folder + "/Sessions", withIntermediateDirectories: true)
        try AtomicFile.write("@reparam session 1\nreparam> 1 + 1\n| 2\n", to: folder + "/Sessions/cut.reparam", replacing: false)
        XCTAssertEqual(recorder.run(":load cut").first?.diagnostic?.message,
                       "cannot load: \(folder)/Sessions/cut.reparam:3: the session ends without '@end': the file was cut short (truncated?)")
        XCTAssertEqual(recorder.run(":load nothing-here").first?.diagnostic?.message,
                       "cannot load: \(folder)/Sessions/nothing-here.reparam: no such file")
        XCTAssertEqual(recorder.record.steps.count, 0)
    }
}
