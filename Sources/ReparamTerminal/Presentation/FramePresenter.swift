import ReparamLanguage
import Synchronization

/// Takes a running statement's live frames on the evaluating thread, waits out their holds,
/// builds the pictures that `FramePacing` lets through and hands them to `show`.
///
/// One presenter serves one statement (its holds are counted from that statement's frames).
/// `cancel` (Ctrl-C, from the keyboard thread) ends any wait at once, and later holds of the
/// statement are skipped, so an interrupted paced sweep stops now, not after its pace.
///
///     let presenter = FramePresenter(clock: MonotonicClock()) { mailbox.post($0) }
///     evaluator.onFrame = presenter.present       // on the evaluating thread
///     evaluator.interrupt(); presenter.cancel()   // on the keyboard thread
final class FramePresenter: Sendable {
    /// Longest single sleep while waiting out a hold, so `cancel` is noticed soon.
    static let waitSlice = 0.02

    private let clock: any PresentationClock
    private let show: @Sendable ([String]) -> Void
    private let pacing = Mutex(FramePacing())
    private let cancelled = Atomic<Bool>(false)

    init(clock: any PresentationClock = MonotonicClock(), show: @escaping @Sendable ([String]) -> Void) {
        self.clock = clock
        self.show = show
    }

    /// Stops waiting: the current hold ends at once and no later one is kept.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    /// Waits out the frame's hold, then builds and shows its picture if the pacing allows.
    func present(_ frame: LiveFrame) {
        if let deadline = pacing.withLock({ $0.waitUntil(hold: frame.hold) }) {
            while !cancelled.load(ordering: .relaxed), clock.now() < deadline {
                clock.sleep(until: min(deadline, clock.now() + Self.waitSlice))
            }
        }
        let arrival = clock.now()
        pacing.withLock { $0.arrived(at: arrival) }
        guard let picture = frame.picture, pacing.withLock({ $0.shouldDraw(at: arrival, isLast: frame.isLast) }) else { return }
        let lines = picture()
        let end = clock.now()
        pacing.withLock { $0.drew(from: arrival, to: end) }
        show(lines)
    }
}
