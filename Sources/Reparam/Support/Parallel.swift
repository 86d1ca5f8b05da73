import Dispatch
import Foundation

/// How the engine splits large kernels across cores.
///
/// Work of `minimumParallelCount` elements or more is cut into `chunksPerThread` contiguous
/// chunks per thread, handed out as threads come free: on a busy machine a thread the system
/// preempts holds up one small chunk, not half of the work. Every kernel that runs through here must give the same
/// result for any thread count: chunks write disjoint ranges, and random
/// kernels derive each element's numbers from its index, never from the chunk.
/// Chunks run concurrently, so `body` is `@Sendable`; the raw buffers a kernel writes cross
/// into it as `SharedBuffer`s.
///
///     Parallel.threadCount = 1            // e.g. `reparam-bench --threads 1`
///     Parallel.forEachChunk(count: n) { range in ... }
public enum Parallel {
    nonisolated(unsafe) private static var _threadCount: Int = ProcessInfo.processInfo.activeProcessorCount

    /// Number of threads large kernels use (at least 1; defaults to the core count).
    public static var threadCount: Int {
        get { _threadCount }
        set { _threadCount = max(1, newValue) }
    }

    /// Below this many elements a kernel runs on the calling thread.
    public static let minimumParallelCount = 100_000

    /// Chunks per thread for work split across threads.
    static let chunksPerThread = 4

    /// Calls `body` on disjoint, contiguous, in-order ranges covering `0..<count`.
    ///
    /// Range boundaries are multiples of `alignment` (except the last), so a
    /// kernel that handles elements in pairs or blocks can rely on it.
    public static func forEachChunk(count: Int, alignment: Int = 8, _ body: @Sendable (Range<Int>) -> Void) {
        let threads = threadCount
        guard count >= minimumParallelCount, threads > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        let blocks = (count + alignment - 1) / alignment
        let blocksPerChunk = (blocks + threads * chunksPerThread - 1) / (threads * chunksPerThread)
        let chunk = blocksPerChunk * alignment
        let chunks = (count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = c * chunk
            body(start..<min(count, start + chunk))
        }
    }

    /// Sums `term(range)` over ranges that depend only on `count`, added in order: the
    /// same bits for any thread count (see `sums`).
    public static func sum(count: Int, _ term: @Sendable (Range<Int>) -> Double) -> Double {
        sums(count: count, width: 1) { range, partial in partial[0] += term(range) }[0]
    }
}
