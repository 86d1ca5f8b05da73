import Foundation
import Reparam

/// reparam-bench: samples per second of `sample(n)` and of `rsample(n)` + the
/// backward pass of the mean, per family (release build, float64), and the
/// interactive figures (histogram drawing, grad, fit).
///
///     swift run -c release reparam-bench --threads 1 --json
// Keep freed tensor buffers in the heap for reuse instead of unmapping them
// (as PyTorch's caching allocator does): fresh pages fault, and faults from
// two threads serialize in the kernel. The `reparam` executable does the same.
HeapTuning.keepFreedBuffers()

let options = Options.parseOrExit()
Parallel.threadCount = options.threads

let records = try runEngineCases(options) + runInteractiveCases(options)
if options.json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(records), as: UTF8.self))
} else {
    print("case                mode                                   threads   M items/s    ms/call  peak MB")
    for r in records {
        print(r.family.padding(toLength: 20, withPad: " ", startingAt: 0) + r.mode.padding(toLength: 39, withPad: " ", startingAt: 0)
              + String(r.threads).padding(toLength: 10, withPad: " ", startingAt: 0)
              + String(format: "%9.2f  %9.3f", r.samples_per_second / 1e6, r.seconds_median * 1e3)
              + (r.peak_rss_mb.map { String(format: "  %7.0f", $0) } ?? "")
              + (r.serial_fraction.map { String(format: "  serial %.3f, 2-thread bound %.2f×", $0, 1 / ($0 + (1 - $0) / 2)) } ?? ""))
    }
}
