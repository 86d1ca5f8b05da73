import Synchronization
import XCTest
import ReparamLanguage
@testable import ReparamTerminal

/// A clock whose time moves only by `advance` and by waits (a wait jumps to its deadline);
/// it remembers every wait.
final class FakeClock: PresentationClock {
    private let state = Mutex((time: 0.0, sleeps: [Double]()))
    /// Called at the start of each wait (e.g. to press Ctrl-C meanwhile).
    let onSleep: (@Sendable () -> Void)?

    init(onSleep: (@Sendable () -> Void)? = nil) { self.onSleep = onSleep }

    var time: Double { state.withLock { $0.time } }
    var sleeps: [Double] { state.withLock { $0.sleeps } }
    func advance(by seconds: Double) { state.withLock { $0.time += seconds } }
    func now() -> Double { time }
    func sleep(until deadline: Double) {
        onSleep?()
        state.withLock { state in
            state.sleeps.append(max(0, deadline - state.time))
            state.time = max(state.time, deadline)
        }
    }
}

/// The terminal's timing of live pictures (`FramePacing`, `FramePresenter`) on a fake clock:
/// exact counts, no timing.
final class FramePacingTests: XCTestCase {
    func testAtMostThirtyPicturesASecondAndTheLastAlways() {
        var pacing = FramePacing()
        var drawn: [Int] = []
        // 100 frames 5 ms apart, each built in no time.
        for index in 0..<100 {
            let time = Double(index) * 0.005
            pacing.arrived(at: time)
            if pacing.shouldDraw(at: time, isLast: index == 99) {
                pacing.drew(from: time, to: time)
                drawn.append(index)
            }
        }
        // 1/30 s is 6.67 frames: every 7th is drawn (0, 35 ms, 70 ms, …), then the last.
        XCTAssertEqual(drawn, Array(stride(from: 0, through: 98, by: 7)) + [99])
    }

    func testASlowPictureSpacesTheNextSoDrawingStaysATenthOfTheRun() {
        var pacing = FramePacing()
        pacing.arrived(at: 0)
        XCTAssertTrue(pacing.shouldDraw(at: 0, isLast: false))
        pacing.drew(from: 0, to: 0.1)                     // a 100 ms picture
        XCTAssertFalse(pacing.shouldDraw(at: 0.1 + 0.89, isLast: false))
        XCTAssertTrue(pacing.shouldDraw(at: 0.1 + 0.9, isLast: false), "9 × 100 ms after it ended")
        XCTAssertTrue(pacing.shouldDraw(at: 0.2, isLast: true), "the last frame is always drawn")
    }

    func testHoldsCountFromThePreviousFrame() {
        var pacing = FramePacing()
        XCTAssertNil(pacing.waitUntil(hold: 0.05), "the first frame waits for nothing")
        pacing.arrived(at: 1)
        XCTAssertEqual(pacing.waitUntil(hold: 0.05), 1.05)
        XCTAssertNil(pacing.waitUntil(hold: 0))
    }

    func testAPacedStatementIsHeldByThePresenterAndEveryFrameDrawn() {
        let clock = FakeClock()
        let shown = Mutex<[[String]]>([])
        let presenter = FramePresenter(clock: clock) { picture in shown.withLock { $0.append(picture) } }
        for index in 0..<5 {
            presenter.present(LiveFrame(picture: { ["frame \(index)"] }, hold: index == 0 ? 0 : 0.05, isLast: index == 4))
        }
        XCTAssertEqual(shown.withLock { $0 }, (0..<5).map { ["frame \($0)"] })
        XCTAssertEqual(clock.time, 0.2, accuracy: 1e-12, "four holds of 50 ms")
        XCTAssertTrue(clock.sleeps.allSatisfy { $0 <= FramePresenter.waitSlice + 1e-12 }, "waits come in slices")
    }

    func testPicturesThePacingSkipsAreNeverBuilt() {
        let clock = FakeClock()
        let built = Mutex(0)
        let presenter = FramePresenter(clock: clock) { _ in }
        for index in 0..<10 {
            presenter.present(LiveFrame(picture: { built.withLock { $0 += 1 }; return [] }, hold: 0, isLast: index == 9))
            clock.advance(by: 0.001)
        }
        XCTAssertEqual(built.withLock { $0 }, 2, "the first and the last")
    }

    func testCancelEndsAHoldAtOnceAndSkipsTheRest() {
        let box = Mutex<FramePresenter?>(nil)
        let clock = FakeClock(onSleep: { box.withLock { $0?.cancel() } })
        let presenter = FramePresenter(clock: clock) { _ in }
        box.withLock { $0 = presenter }
        presenter.present(LiveFrame(picture: nil, hold: 0, isLast: false))
        presenter.present(LiveFrame(picture: nil, hold: 60, isLast: false))
        presenter.present(LiveFrame(picture: nil, hold: 60, isLast: true))
        XCTAssertEqual(clock.sleeps.count, 1, "one slice, then the cancel was seen")
        XCTAssertLessThanOrEqual(clock.time, FramePresenter.waitSlice + 1e-12)
    }
}
