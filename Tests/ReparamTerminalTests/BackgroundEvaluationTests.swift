import Foundation
import Synchronization
import XCTest
@testable import ReparamTerminal

/// Runs until asked to stop, posting one frame per turn; says how many turns it made.
private final class UntilInterrupted: LineEvaluator {
    var onFrame: (([String]) -> Void)?
    var onProgress: ((String) -> Void)?
    private let stop = Atomic<Bool>(false)
    let evaluatingThreadIsMain = Atomic<Bool>(true)

    func evaluate(_ line: String) -> [TerminalOutput] {
        evaluatingThreadIsMain.store(Thread.isMainThread, ordering: .relaxed)
        var turns = 0
        while !stop.load(ordering: .relaxed) {
            turns += 1
            onFrame?(["turn \(turns)"])
            Thread.sleep(forTimeInterval: 0.001)
        }
        return [.text("\(line) stopped after \(turns > 0 ? "some" : "no") turns")]
    }

    func completions(for word: String, line: String) -> [String] { [] }
    func requestInterrupt() { stop.store(true, ordering: .relaxed) }
}

final class BackgroundEvaluationTests: XCTestCase {
    func testTheWaitingThreadCanInterruptAndReceivesFrames() {
        let evaluator = UntilInterrupted()
        let mailbox = FrameMailbox()
        evaluator.onFrame = { mailbox.post($0) }
        var polls = 0
        var framesSeen = 0
        let outputs = BackgroundEvaluation.run(evaluator, line: "fit", pollInterval: 0.005) {
            polls += 1
            if let frame = mailbox.take() {
                framesSeen += 1
                XCTAssertTrue(frame[0].hasPrefix("turn "))
            }
            if framesSeen >= 2 { evaluator.requestInterrupt() }
        }
        XCTAssertEqual(outputs, [.text("fit stopped after some turns")])
        XCTAssertGreaterThanOrEqual(polls, 2)
        XCTAssertGreaterThanOrEqual(framesSeen, 2)
        XCTAssertFalse(evaluator.evaluatingThreadIsMain.load(ordering: .relaxed))
    }

    func testOutputsComeBackInOrder() {
        let outputs = BackgroundEvaluation.run(DemoEvaluator(), line: "lines 3") {}
        XCTAssertEqual(outputs, [.text("line 1"), .text("line 2"), .text("line 3")])
    }
}
