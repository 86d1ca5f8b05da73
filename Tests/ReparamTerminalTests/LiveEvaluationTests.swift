import Synchronization
import XCTest
import ReparamLanguage
@testable import ReparamTerminal

/// A pane with a script: what the user does at each poll of a running statement, decided from
/// what the pane has shown so far, so the tests wait for events, never for time.
private final class ScriptedPane: LiveSurface {
    var showsPane = true
    var plotSize = (columns: 80, rows: 20)
    /// Keys to type and whether to resize, at each poll (given what was shown).
    var script: (_ poll: Int, _ pane: ScriptedPane) -> (keys: [Int32], resize: (columns: Int, rows: Int)?) = { _, _ in ([], nil) }
    private(set) var polls = 0
    private var keys: [Int32] = []
    private var started = false
    private(set) var frames: [[String]] = []
    private(set) var lines: [String] = []
    private(set) var stopping = false
    private(set) var refreshes = 0

    /// Whether Ctrl-C was typed already: a script asks for it once (as a user waits for it to work).
    private(set) var typedCtrlC = false
    /// Scripts that should press Ctrl-C more than once say so.
    var repeatsCtrlC = false

    func nextKey() -> Int32? {
        if !started {
            started = true
            let step = script(polls, self)
            keys = repeatsCtrlC || !typedCtrlC ? step.keys : step.keys.filter { $0 != 3 }
            if keys.contains(3) { typedCtrlC = true }
            if let size = step.resize { pendingSize = size }
        }
        return keys.isEmpty ? nil : keys.removeFirst()
    }
    private var pendingSize: (columns: Int, rows: Int)?
    func adoptResize() -> Bool {
        // The end of a poll: the next one reads the script again.
        defer { started = false; polls += 1 }
        guard let size = pendingSize else { return false }
        plotSize = size
        pendingSize = nil
        return true
    }
    func show(frame: [String]) { frames.append(frame) }
    func append(_ text: String) { lines.append(text) }
    func showStopping() { stopping = true }
    func refresh(scrollback: Bool) { refreshes += 1 }
}

/// A clock on which every live frame is due (it moves a second at each reading) and holds end at once.
private final class RacingClock: PresentationClock {
    let time = Atomic<Int>(0)
    func now() -> Double { Double(time.add(1, ordering: .relaxed).newValue) }
    func sleep(until deadline: Double) {}
}

/// A clock that never moves: a hold lasts until it is cancelled.
private struct FrozenClock: PresentationClock {
    func now() -> Double { 0 }
    func sleep(until deadline: Double) { Thread.sleep(forTimeInterval: 0.001) }
}

/// What the test reads of a `LongStatement` after handing it to the host.
private final class Probe: Sendable {
    let stop = Atomic<Bool>(false)
    let release = Atomic<Bool>(false)
    let sawPictures = Atomic<Bool>(false)
    let size = Mutex((columns: 80, rows: 20))
}

/// Loops until interrupted (or, stubborn, until `probe.release`), sending a frame laid out at
/// the size the pane last asked for, and a progress line every 10 turns.
private final class LongStatement: LineEvaluator {
    var onFrame: (@Sendable (LiveFrame) -> Void)?
    var drawsFramePictures = false
    var onProgress: (@Sendable (String) -> Void)?
    let probe: Probe
    let stubborn: Bool
    let turnsBeforeFinishing: Int?

    init(_ probe: Probe = Probe(), stubborn: Bool = false, turnsBeforeFinishing: Int? = nil) {
        self.probe = probe
        self.stubborn = stubborn
        self.turnsBeforeFinishing = turnsBeforeFinishing
    }

    func evaluate(_ line: String) -> [TerminalOutput] {
        probe.sawPictures.store(drawsFramePictures, ordering: .relaxed)
        var turns = 0
        while !(stubborn ? probe.release.load(ordering: .relaxed) : probe.stop.load(ordering: .relaxed)) {
            turns += 1
            if let limit = turnsBeforeFinishing, turns > limit { return [.text("finished")] }
            let (columns, rows) = probe.size.withLock { $0 }
            onFrame?(LiveFrame(picture: { ["turn \(turns) at \(columns)x\(rows)"] }, hold: 0, isLast: false))
            if turns % 10 == 0 { onProgress?("turn \(turns)") }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return [.text("stopped")]
    }

    func completions(for word: String, line: String) -> [String] { [] }
    var interrupt: @Sendable () -> Void { { [probe] in probe.stop.store(true, ordering: .relaxed) } }
    var requestPlotSize: @Sendable (Int, Int) -> Void {
        { [probe] columns, rows in probe.size.withLock { $0 = (columns: columns, rows: rows) } }
    }
}

/// The pane's loop around a running statement (`LiveEvaluation`): Ctrl-C, resizes, frames,
/// progress and typeahead, driven by a scripted pane.
final class LiveEvaluationTests: XCTestCase {
    private func evaluation(_ evaluator: sending LineEvaluator, clock: any PresentationClock = RacingClock()) -> LiveEvaluation {
        var evaluation = LiveEvaluation(host: EvaluatorHost(evaluator))
        evaluation.clock = clock
        evaluation.pollInterval = 0.002
        evaluation.leave = { XCTFail("left reparam") }
        return evaluation
    }

    func testCtrlCStopsALongStatementAndIsShownOnce() {
        let probe = Probe()
        let pane = ScriptedPane()
        pane.script = { _, pane in (pane.frames.count >= 2 ? [3] : [], nil) }
        let run = evaluation(LongStatement(probe)).run("long", on: pane)
        XCTAssertEqual(run.outputs, [.text("stopped")])
        XCTAssertEqual(run.interrupts, 1)
        XCTAssertEqual(pane.lines.filter { $0 == "^C" }.count, 1)
        XCTAssertTrue(pane.stopping)
        XCTAssertTrue(probe.sawPictures.load(ordering: .relaxed), "a pane with room draws the frames' pictures")
        XCTAssertTrue(pane.frames.allSatisfy { $0.first?.hasPrefix("turn ") == true })
    }

    func testAResizeReachesTheRunningStatementsNextFrames() {
        let pane = ScriptedPane()
        var resizedAt: Int?
        pane.script = { poll, pane in
            if resizedAt == nil, !pane.frames.isEmpty { resizedAt = pane.frames.count; return ([], (50, 12)) }
            // Ctrl-C once a frame laid out for the new size was drawn.
            return (pane.frames.last?.first?.hasSuffix("at 50x12") == true ? [3] : [], nil)
        }
        let run = evaluation(LongStatement()).run("long", on: pane)
        XCTAssertTrue(run.resized)
        XCTAssertEqual(run.outputs, [.text("stopped")])
        let before = pane.frames.prefix(resizedAt ?? 0), after = pane.frames.dropFirst(resizedAt ?? 0)
        XCTAssertTrue(before.allSatisfy { $0[0].hasSuffix("at 80x20") }, "\(before)")
        XCTAssertEqual(after.last?[0].hasSuffix("at 50x12"), true, "\(after)")
    }

    func testTheThirdCtrlCLeavesWhenTheStatementIgnoresThem() {
        let probe = Probe()
        let pane = ScriptedPane()
        let leaves = Mutex(0)
        pane.repeatsCtrlC = true
        pane.script = { poll, _ in (poll < 3 ? [3] : [], nil) }
        var evaluation = evaluation(LongStatement(probe, stubborn: true))
        evaluation.leave = {
            leaves.withLock { $0 += 1 }
            probe.release.store(true, ordering: .relaxed)   // the test's way out of the stubborn loop
        }
        let run = evaluation.run("stubborn", on: pane)
        XCTAssertEqual(run.interrupts, 3)
        XCTAssertEqual(leaves.withLock { $0 }, 1)
        XCTAssertEqual(pane.lines.filter { $0 == "^C" }.count, 1, "^C is shown once")
    }

    func testKeysTypedDuringAStatementWaitForThePromptAndCtrlCDropsThem() {
        let pane = ScriptedPane()
        pane.script = { poll, _ in (poll == 0 ? [Int32(Character("x").asciiValue!), 0x1FF, Int32(Character("y").asciiValue!)] : [], nil) }
        let finished = evaluation(LongStatement(turnsBeforeFinishing: 200)).run("long", on: pane)
        XCTAssertEqual(finished.outputs, [.text("finished")])
        XCTAssertEqual(finished.typeahead, [120, 121], "ncurses' own key codes are not typeahead")

        let interrupted = ScriptedPane()
        interrupted.script = { poll, _ in (poll == 0 ? [120] : poll == 1 ? [3] : [], nil) }
        XCTAssertEqual(evaluation(LongStatement()).run("long", on: interrupted).typeahead, [])
    }

    func testWithoutRoomForThePaneFramesAreNotDrawnAndProgressStillArrives() {
        let probe = Probe()
        let pane = ScriptedPane()
        pane.showsPane = false
        let run = evaluation(LongStatement(probe, turnsBeforeFinishing: 60)).run("long", on: pane)
        XCTAssertEqual(run.outputs, [.text("finished")])
        XCTAssertTrue(pane.frames.isEmpty)
        XCTAssertFalse(probe.sawPictures.load(ordering: .relaxed))
        XCTAssertEqual(pane.lines, (1...6).map { "turn \($0 * 10)" }, "every progress line, in order")
    }

    /// The real language: Ctrl-C during `pace 60s` ends the hold, and the sweep stops after the
    /// frame it was holding (on a clock that never moves, only the cancel can end that hold).
    func testCtrlCDuringAPacedSweepEndsTheHold() {
        let session = SessionEvaluator(configuration: EvaluatorConfiguration(mode: .pane), seed: 3)
        for line in ["let d = normal(0, 1)", "pace 60s", "hist d"] { _ = session.evaluate(line) }
        let pane = ScriptedPane()
        pane.script = { _, pane in (pane.frames.isEmpty ? [] : [3], nil) }
        let run = evaluation(session, clock: FrozenClock()).run("sweep d.loc from 0 to 1 steps 5", on: pane)
        guard case let .text(text)? = run.outputs.last else { return XCTFail("\(run.outputs)") }
        XCTAssertTrue(text.contains("in 2 frames (interrupted; 5 were asked for)"), text)
        XCTAssertEqual(pane.frames.first?.first, "d.loc = 0")
    }

    /// The real language: a resize during a sweep lays its next frames out at the new width.
    func testAResizeDuringASweepReLaysItsFrames() {
        let session = SessionEvaluator(configuration: EvaluatorConfiguration(mode: .pane), seed: 3)
        _ = session.resizePlots(columns: 80, rows: 20)
        for line in ["let d = normal(0, 1)", "pace 0ms", "hist d"] { _ = session.evaluate(line) }
        let pane = ScriptedPane()
        var resizedAt: Int?
        func width(_ frame: [String]) -> Int { frame.map { TerminalText.stripEscapes($0).count }.max() ?? 0 }
        pane.script = { _, pane in
            if resizedAt == nil, !pane.frames.isEmpty { resizedAt = pane.frames.count; return ([], (44, 16)) }
            return (resizedAt != nil && pane.frames.count > resizedAt! && width(pane.frames.last!) <= 44 ? [3] : [], nil)
        }
        let run = evaluation(session).run("sweep d.loc from 0 to 1 steps 100000", on: pane)
        XCTAssertTrue(run.resized)
        XCTAssertGreaterThan(width(pane.frames[0]), 44)
        XCTAssertLessThanOrEqual(width(pane.frames.last ?? []), 44)
        XCTAssertLessThanOrEqual(pane.frames.last?.count ?? 99, 16)
    }
}
