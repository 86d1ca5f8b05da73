import Foundation

/// The clock the terminal paces live pictures by: the one place that reads time and waits.
///
/// The real one is `MonotonicClock`; the pane loop's tests give a fake one whose time moves
/// only when told, so pacing is tested without timing anything.
///
///     let clock = MonotonicClock()
///     let start = clock.now()
///     clock.sleep(until: start + 0.02)   // 20 ms later
protocol PresentationClock: Sendable {
    /// Seconds since an arbitrary fixed point; never goes back.
    func now() -> Double
    /// Returns at `deadline` (at once if it has passed).
    func sleep(until deadline: Double)
}

/// `CLOCK_MONOTONIC`, and `Thread.sleep` for the waits.
struct MonotonicClock: PresentationClock {
    func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    func sleep(until deadline: Double) {
        let wait = deadline - now()
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
    }
}
