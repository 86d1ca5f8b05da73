import Dispatch

/// The two dense products a matrix shared across a batch reduces to, register-blocked so the
/// inner loop runs on SIMD lanes (4 rows × 4 columns of accumulators per step), and split over
/// threads by rows:
///
///     rowsTimesMatrix:        Y = X W          X: R × K,  W: K × N,  Y: R × N
///     transposedRowsProduct:  S = Xᵀ G         X: R × M,  G: R × N,  S: M × N   (a sum over the R rows)
///
/// `matmul` with one operand shared by every batch element stacks the other operand's rows and
/// makes one of these calls instead of R small products: z = L ε for 10,000 draws of ℝ⁵⁰ is
/// Y = E Lᵀ with E of 10,000 × 50, and its backward L̄ = Σₜ z̄ₜ εₜᵀ is S = Z̄ᵀ E.
/// All matrices are row-major and dense; results are written, not accumulated.
enum ProductKernels {
    /// Below this many multiply-adds a product stays on the calling thread.
    static let parallelWork = 1 << 20
    /// The most chunks a reduction (`chunkedSum`) is cut into, whatever the thread count.
    static let sumChunks = 8

    /// Y = X W for X of R × K, W of K × N.
    static func rowsTimesMatrix(_ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>,
                                rows: Int, inner: Int, columns: Int) {
        let x = SharedBuffer(UnsafeBufferPointer(start: x, count: rows * inner))
        let w = SharedBuffer(UnsafeBufferPointer(start: w, count: inner * columns))
        let y = SharedBuffer(UnsafeMutableBufferPointer(start: y, count: rows * columns))
        let blocks = (rows + 3) / 4
        forEachRowChunk(blocks: blocks, work: rows * inner * columns) { range in
            let xp = x.buffer.baseAddress!, wp = w.buffer.baseAddress!, yp = y.buffer.baseAddress!
            for block in range {
                let r0 = block * 4, height = Swift.min(4, rows - r0)
                if height == 4 {
                    rowBlock(xp + r0 * inner, wp, yp + r0 * columns, inner: inner, columns: columns)
                } else {
                    for r in r0..<(r0 + height) { singleRow(xp + r * inner, wp, yp + r * columns, inner: inner, columns: columns) }
                }
            }
        }
    }

    /// Four rows of Y: accumulators for 4 rows × 4 columns held across the whole inner loop.
    @inline(__always)
    private static func rowBlock(_ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>,
                                 inner: Int, columns: Int) {
        var j = 0
        while j + 4 <= columns {
            var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
            for l in 0..<inner {
                let v = UnsafeRawPointer(w + l * columns + j).loadUnaligned(as: SIMD4<Double>.self)
                a0 += SIMD4(repeating: x[l]) * v
                a1 += SIMD4(repeating: x[inner + l]) * v
                a2 += SIMD4(repeating: x[2 * inner + l]) * v
                a3 += SIMD4(repeating: x[3 * inner + l]) * v
            }
            store(a0, y + j)
            store(a1, y + columns + j)
            store(a2, y + 2 * columns + j)
            store(a3, y + 3 * columns + j)
            j += 4
        }
        while j < columns {
            var s = SIMD4<Double>()
            for l in 0..<inner { s += SIMD4(x[l], x[inner + l], x[2 * inner + l], x[3 * inner + l]) * w[l * columns + j] }
            for r in 0..<4 { y[r * columns + j] = s[r] }
            j += 1
        }
    }

    @inline(__always)
    private static func singleRow(_ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>,
                                  inner: Int, columns: Int) {
        for j in 0..<columns { y[j] = 0 }
        for l in 0..<inner {
            let s = x[l], row = w + l * columns
            for j in 0..<columns { y[j] += s * row[j] }
        }
    }

    /// S = Xᵀ G = Σᵣ xᵣ gᵣᵀ for X of R × M, G of R × N; each thread sums its rows into its own M × N
    /// partial, and the partials are added in order.
    static func transposedRowsProduct(_ x: UnsafePointer<Double>, _ g: UnsafePointer<Double>, _ s: UnsafeMutablePointer<Double>,
                                      rows: Int, left: Int, columns: Int) {
        let x = SharedBuffer(UnsafeBufferPointer(start: x, count: rows * left))
        let g = SharedBuffer(UnsafeBufferPointer(start: g, count: rows * columns))
        let total = chunkedSum(count: rows, work: rows * left * columns, size: left * columns) { range, partial in
            accumulate(x.buffer.baseAddress! + range.lowerBound * left, g.buffer.baseAddress! + range.lowerBound * columns,
                       partial, rows: range.count, left: left, columns: columns)
        }
        for e in total.indices { s[e] = total[e] }
    }

    /// Σ over contiguous chunks of `0..<count` of what `body` adds into a zeroed partial of `size`
    /// values, the partials added in chunk order. The chunks (up to `sumChunks` when the work is
    /// large enough) depend on the work, not on the thread count: the same bits on any number of threads.
    static func chunkedSum(count: Int, work: Int, size: Int, _ body: @Sendable (Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        guard size > 0 else { return [] }
        let chunks = Swift.max(1, Swift.min(sumChunks, work / parallelWork, count))
        guard chunks > 1 else {
            var out = [Double](repeating: 0, count: size)
            if count > 0 { out.withUnsafeMutableBufferPointer { body(0..<count, $0.baseAddress!) } }
            return out
        }
        var partials = [Double](repeating: 0, count: chunks * size)
        partials.withUnsafeMutableBufferPointer { buffer in
            let partials = SharedBuffer(buffer)
            let perChunk = (count + chunks - 1) / chunks
            @Sendable func chunk(_ c: Int) {
                let start = c * perChunk
                if start < count { body(start..<Swift.min(count, start + perChunk), partials.buffer.baseAddress! + c * size) }
            }
            if Parallel.threadCount == 1 {
                Parallel.timingSplittable(true) { for c in 0..<chunks { chunk(c) } }
            } else {
                DispatchQueue.concurrentPerform(iterations: chunks, execute: chunk)
            }
        }
        var out = [Double](repeating: 0, count: size)
        for c in 0..<chunks { for e in 0..<size { out[e] += partials[c * size + e] } }
        return out
    }

    /// Rows per tile of `accumulate`: a tile of X and G stays in cache while every 4 × 4 block of S reads it.
    static let rowTile = 128

    /// S += Xᵀ G over these rows, tile by tile: for each 4 × 4 block of S, one tile's contributions
    /// summed in registers, then added to S.
    private static func accumulate(_ x: UnsafePointer<Double>, _ g: UnsafePointer<Double>, _ s: UnsafeMutablePointer<Double>,
                                   rows: Int, left: Int, columns: Int) {
        var start = 0
        while start < rows {
            let end = Swift.min(rows, start + rowTile)
            var i = 0
            while i < left {
                let height = Swift.min(4, left - i)
                var j = 0
                while j + 4 <= columns {
                    var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
                    if height == 4 {
                        for r in start..<end {
                            let v = UnsafeRawPointer(g + r * columns + j).loadUnaligned(as: SIMD4<Double>.self), xr = x + r * left + i
                            a0 += SIMD4(repeating: xr[0]) * v
                            a1 += SIMD4(repeating: xr[1]) * v
                            a2 += SIMD4(repeating: xr[2]) * v
                            a3 += SIMD4(repeating: xr[3]) * v
                        }
                    } else {
                        for r in start..<end {
                            let v = UnsafeRawPointer(g + r * columns + j).loadUnaligned(as: SIMD4<Double>.self), xr = x + r * left + i
                            a0 += SIMD4(repeating: xr[0]) * v
                            if height > 1 { a1 += SIMD4(repeating: xr[1]) * v }
                            if height > 2 { a2 += SIMD4(repeating: xr[2]) * v }
                        }
                    }
                    addInto(a0, s + i * columns + j)
                    if height > 1 { addInto(a1, s + (i + 1) * columns + j) }
                    if height > 2 { addInto(a2, s + (i + 2) * columns + j) }
                    if height > 3 { addInto(a3, s + (i + 3) * columns + j) }
                    j += 4
                }
                while j < columns {
                    for k in 0..<height {
                        var total = 0.0
                        for r in start..<end { total += x[r * left + i + k] * g[r * columns + j] }
                        s[(i + k) * columns + j] += total
                    }
                    j += 1
                }
                i += 4
            }
            start = end
        }
    }

    @inline(__always) private static func addInto(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
        store(UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self) + v, p)
    }

    @inline(__always) private static func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
    }

    /// `body` over contiguous ranges of `0..<blocks`, one per thread when the work (multiply-adds) is large enough.
    static func forEachRowChunk(blocks: Int, work: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let chunks = Swift.max(1, Swift.min(Parallel.threadCount, work / parallelWork, blocks))
        guard chunks > 1 else {
            if blocks > 0 { Parallel.timingSplittable(work / parallelWork > 1 && blocks > 1) { body(0..<blocks) } }
            return
        }
        let perChunk = (blocks + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = c * perChunk
            if start < blocks { body(start..<Swift.min(blocks, start + perChunk)) }
        }
    }
}
