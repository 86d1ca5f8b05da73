import Foundation

/// One measured figure: `n` items per call, `seconds_median` per call.
struct Record: Codable {
    let family: String
    let mode: String
    let n: Int
    let threads: Int
    let samples_per_second: Double
    let seconds_median: Double
    /// The process's peak resident memory after the case (engine cases only), in MB.
    var peak_rss_mb: Double? = nil
    /// With `--serial-fraction` (rsample+backward only): the share of CPU time outside splittable kernels.
    var serial_fraction: Double? = nil
}

/// Seconds on the wall clock, or of CPU time used by the process.
func clock(cpu: Bool) -> Double {
    var t = timespec()
    clock_gettime(cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// The median of `repetitions` timed calls of `body`, after one warm-up call
/// (which pages in buffers and builds tables).
func medianSeconds(_ repetitions: Int, cpu: Bool, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var seconds: [Double] = []
    for _ in 0..<repetitions {
        let start = clock(cpu: cpu)
        try body()
        seconds.append(clock(cpu: cpu) - start)
    }
    return seconds.sorted()[seconds.count / 2]
}
