import XCTest
@testable import ReparamLanguage

/// `pace` is a request, not a sleep: the language hands each live frame the hold the statement
/// asks for and the screen (the terminal's `FramePresenter`) does the waiting. These tests read
/// the frames; nothing here depends on the clock.
final class PaceTests: XCTestCase {
    private func frames(_ lines: [String], pictures: Bool = false) -> (frames: [LiveFrame], progress: [Output]) {
        let session = Session(seed: 1)
        session.progressPictures = pictures
        var frames: [LiveFrame] = [], progress: [Output] = []
        for line in lines.dropLast() { _ = session.run(line) }
        session.onFrame = { frames.append($0) }
        session.onProgress = { progress.append($0) }
        let output = session.run(lines.last ?? "").last
        XCTAssertNotEqual(output?.kind, .error, output?.text ?? "")
        return (frames, progress)
    }

    func testOncePaceIsSetEveryStepOfALiveMinimizeHoldsIt() {
        let (frames, progress) = frames(["let a = 1", "pace 30ms", "minimize (a - 2)^2 steps 5"])
        XCTAssertEqual(frames.map(\.hold), [0, 0.03, 0.03, 0.03, 0.03])
        XCTAssertEqual(frames.map(\.isLast), [false, false, false, false, true])
        XCTAssertTrue(frames.allSatisfy { $0.picture == nil }, "pictures were not asked for")
        XCTAssertEqual(progress.count, 5, "without pictures every report still goes out as text")
    }

    func testWithoutPaceAFitHoldsNothingAndSendsAFrameAtEachReport() {
        let (frames, _) = frames(["let a = 1", "minimize (a - 2)^2 steps 200"], pictures: true)
        XCTAssertEqual(frames.count, 100, "about a hundred frames a run")
        XCTAssertTrue(frames.allSatisfy { $0.hold == 0 })
        XCTAssertEqual(frames.filter(\.isLast).count, 1)
        // The last frame's picture is built only when asked for, at the session's size.
        let picture = frames.last?.picture?() ?? []
        XCTAssertFalse(picture.isEmpty)
        XCTAssertTrue(picture.joined().contains("200"), picture.joined(separator: "\n"))
    }

    func testASweepHoldsThePaceBetweenItsFramesAndDrawsThemInsteadOfPrinting() {
        let (frames, progress) = frames(["let d = normal(0, 1)", "pace 20ms", "hist d", "sweep d.loc from 0 to 1 steps 4"], pictures: true)
        XCTAssertEqual(frames.map(\.hold), [0, 0.02, 0.02, 0.02])
        XCTAssertEqual(frames.map(\.isLast), [false, false, false, true])
        XCTAssertTrue(progress.isEmpty, "a screen drawing the frames gets no text copies")
        XCTAssertEqual(frames.first?.picture?().first, "d.loc = 0")
        XCTAssertEqual(frames.last?.picture?().first, "d.loc = 1")
    }

    func testASweepWithoutAScreenPrintsItsFramesAndHoldsTheDefaultPace() {
        let (frames, progress) = frames(["let d = normal(0, 1)", "hist d", "sweep d.loc from 0 to 1 steps 3"])
        XCTAssertEqual(frames.map(\.hold), [0, 0.05, 0.05], "50 ms until pace is set")
        XCTAssertEqual(progress.map { $0.text.split(separator: "\n").first.map(String.init) }, ["d.loc = 0", "d.loc = 0.5", "d.loc = 1"])
    }

    func testScriptsGetNoFrames() {
        let session = Session(seed: 1)
        _ = session.run("let a = 1")
        _ = session.run("pace 1000ms")
        XCTAssertEqual(session.run("minimize (a - 2)^2 steps 5").last?.kind, .minimize)
        XCTAssertTrue(session.fitPaced)
        XCTAssertFalse(Session(seed: 1).fitPaced)
    }
}
