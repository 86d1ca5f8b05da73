import Foundation
import Synchronization
import XCTest
import ReparamLanguage
@testable import ReparamTerminal
import ReparamTestSupport

/// What the evaluating thread reports back to the test (the evaluator itself goes to the host).
private final class Probe: Sendable {
    let stop = Atomic<Bool>(false)
    let evaluatingThreadIsMain = Atomic<Bool>(true)
}

/// Runs until asked to stop, posting one frame per turn; says how many turns it made.
private final class UntilInterrupted: LineEvaluator {
    var onFrame: (@Sendable (LiveFrame) -> Void)?
    var onProgress: (@Sendable (String) -> Void)?
    let probe: Probe

    init(probe: Probe) { self.probe = probe }

    func evaluate(_ line: String) -> [TerminalOutput] {
        probe.evaluatingThreadIsMain.store(Thread.isMainThread, ordering: .relaxed)
        var turns = 0
        while !probe.stop.load(ordering: .relaxed) {
            turns += 1
            onFrame?(LiveFrame(picture: { ["turn \(turns)"] }, hold: 0, isLast: false))
            Thread.sleep(forTimeInterval: 0.001)
        }
        return [.text("\(line) stopped after \(turns > 0 ? "some" : "no") turns")]
    }

    func completions(for word: String, line: String) -> [String] { [] }
    var interrupt: @Sendable () -> Void {
        let probe = probe
        return { probe.stop.store(true, ordering: .relaxed) }
    }
}

final class BackgroundEvaluationTests: XCTestCase {
    func testTheWaitingThreadCanInterruptAndReceivesFrames() {
        let probe = Probe()
        let host = EvaluatorHost(UntilInterrupted(probe: probe))
        let mailbox = FrameMailbox()
        host.connect(frames: { mailbox.post($0.picture?() ?? []) }, drawsPictures: true, progress: nil)
        var polls = 0
        var framesSeen = 0
        let outputs = BackgroundEvaluation.run(host, line: "fit", pollInterval: 0.005) {
            polls += 1
            if let frame = mailbox.take() {
                framesSeen += 1
                XCTAssertTrue(frame[0].hasPrefix("turn "))
            }
            if framesSeen >= 2 { host.interrupt() }
        }
        XCTAssertEqual(outputs, [.text("fit stopped after some turns")])
        XCTAssertGreaterThanOrEqual(polls, 2)
        XCTAssertGreaterThanOrEqual(framesSeen, 2)
        XCTAssertFalse(probe.evaluatingThreadIsMain.load(ordering: .relaxed))
    }

    func testOutputsComeBackInOrder() {
        let outputs = BackgroundEvaluation.run(EvaluatorHost(DemoEvaluator()), line: "lines 3") {}
        XCTAssertEqual(outputs, [.text("line 1"), .text("line 2"), .text("line 3")])
    }
}
