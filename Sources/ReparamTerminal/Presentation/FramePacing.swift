/// When a running statement's live frames are drawn, and how long it waits between them: the
/// terminal's whole timing policy for live pictures, as arithmetic on times it is given.
///
/// * **Holds.** A frame asks for at least `hold` seconds after the previous one (`pace`: a
///   sweep's frames, a paced fit's steps); `waitUntil` says until when to wait.
/// * **Frame rate.** A picture is built no sooner than 1/`maximumFrameRate` s after the last
///   one ended, nor sooner than (1 − s)/s times what the last one took to build, with
///   s = `maximumDrawingShare`: drawing takes at most about a tenth of the run however slow
///   a frame is. A statement's last frame is always drawn.
///
///     var pacing = FramePacing()
///     pacing.arrived(at: 0)                         // first frame: no wait
///     pacing.shouldDraw(at: 0, isLast: false)       // true
///     pacing.drew(from: 0, to: 0.01)                // took 10 ms
///     pacing.shouldDraw(at: 0.05, isLast: false)    // false: 10 ms × 9 = 90 ms must pass
///     pacing.waitUntil(hold: 0.02)                  // 0.02: 20 ms after the first frame's arrival
struct FramePacing {
    /// The most pictures a second a live statement draws: what a pane shows smoothly.
    static let maximumFrameRate = 30.0
    /// The share of a live run's time its pictures may take.
    static let maximumDrawingShare = 0.1

    /// When the previous frame arrived (after its wait).
    private var previousArrival: Double?
    /// When the last picture finished building, and what it cost.
    private var lastDrawEnd: Double?
    private var lastCost = 0.0

    /// The time to wait for before a frame that holds `hold` seconds after the previous one;
    /// nil when there is nothing to wait for (the first frame, no hold).
    func waitUntil(hold: Double) -> Double? {
        guard hold > 0, let previousArrival else { return nil }
        return previousArrival + hold
    }

    /// A frame arrived (its wait, if any, is over) at `time`.
    mutating func arrived(at time: Double) {
        previousArrival = time
    }

    /// Whether to build and draw a picture at `time`.
    func shouldDraw(at time: Double, isLast: Bool) -> Bool {
        guard !isLast, let lastDrawEnd else { return true }
        let share = Self.maximumDrawingShare
        let gap = max(1 / Self.maximumFrameRate, lastCost * (1 - share) / share)
        return time - lastDrawEnd >= gap
    }

    /// A picture was built from `start` to `end`.
    mutating func drew(from start: Double, to end: Double) {
        lastDrawEnd = end
        lastCost = max(0, end - start)
    }
}
