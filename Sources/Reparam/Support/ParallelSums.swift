import Dispatch

extension Parallel {
    /// Several sums at once: `term(range, partial)` adds into `partial` (`width` zeros
    /// to start with) for its range; the partial vectors are added in chunk order.
    ///
    ///     let totals = Parallel.sums(count: n, width: 2) { range, s in for i in range { s[0] += x[i]; s[1] += x[i] * x[i] } }
    public static func sums(count: Int, width: Int, _ term: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        let threads = count >= minimumParallelCount ? threadCount : 1
        // Each chunk's partial sums start on their own 64-byte cache line: chunks that
        // add into neighbouring doubles would otherwise fight over one line every element.
        let stride = (width + 7) / 8 * 8
        var partial = [Double](repeating: 0, count: threads * stride + 8)
        let chunk = (count + threads - 1) / max(threads, 1)
        partial.withUnsafeMutableBufferPointer { all in
            let all = SharedBuffer(all)
            let aligned = (8 - (Int(bitPattern: all.baseAddress) / 8) % 8) % 8
            @Sendable func body(_ c: Int) {
                let start = c * chunk
                guard start < count else { return }
                let base = aligned + c * stride
                term(start..<min(count, start + chunk), UnsafeMutableBufferPointer(rebasing: all.buffer[base..<(base + width)]))
            }
            if threads == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: body) }
        }
        var total = [Double](repeating: 0, count: width)
        let aligned = partial.withUnsafeBufferPointer { (8 - (Int(bitPattern: $0.baseAddress) / 8) % 8) % 8 }
        for c in 0..<threads { for j in 0..<width { total[j] += partial[aligned + c * stride + j] } }
        return total
    }
}
