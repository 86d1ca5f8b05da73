import Dispatch

extension Parallel {
    /// Blocks a large sum is cut into, whatever the thread count.
    static let sumBlocks = 32

    /// Several sums at once: `term(range, partial)` adds into `partial` (`width` zeros
    /// to start with) for its range; the partial vectors are added in range order.
    ///
    /// The ranges depend only on `count` and `width` (one range below `minimumParallelCount`,
    /// else `sumBlocks` of them, fewer for very wide sums), never on the thread count, so the
    /// totals are bit-identical for any number of threads; threads take whole ranges.
    ///
    ///     let totals = Parallel.sums(count: n, width: 2) { range, s in for i in range { s[0] += x[i]; s[1] += x[i] * x[i] } }
    public static func sums(count: Int, width: Int, _ term: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        let stride = (width + 7) / 8 * 8
        // Wide sums (one per batch element) take fewer blocks, so the partial vectors stay
        // smaller than the input.
        let blocks = count >= minimumParallelCount ? Swift.max(1, Swift.min(sumBlocks, count / (16 * Swift.max(stride, 1)))) : 1
        // Each block's partial sums start on their own 64-byte cache line: blocks that
        // add into neighbouring doubles would otherwise fight over one line every element.
        var partial = [Double](repeating: 0, count: blocks * stride + 8)
        let chunk = (count + blocks - 1) / blocks
        partial.withUnsafeMutableBufferPointer { all in
            let all = SharedBuffer(all)
            let aligned = (8 - (Int(bitPattern: all.baseAddress) / 8) % 8) % 8
            @Sendable func body(_ c: Int) {
                let start = c * chunk
                guard start < count else { return }
                let base = aligned + c * stride
                term(start..<min(count, start + chunk), UnsafeMutableBufferPointer(rebasing: all.buffer[base..<(base + width)]))
            }
            if blocks == 1 || threadCount == 1 {
                for c in 0..<blocks { body(c) }
            } else {
                DispatchQueue.concurrentPerform(iterations: blocks, execute: body)
            }
        }
        var total = [Double](repeating: 0, count: width)
        let aligned = partial.withUnsafeBufferPointer { (8 - (Int(bitPattern: $0.baseAddress) / 8) % 8) % 8 }
        for c in 0..<blocks { for j in 0..<width { total[j] += partial[aligned + c * stride + j] } }
        return total
    }
}
