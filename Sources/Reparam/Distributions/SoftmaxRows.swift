import Foundation

/// A softmax taken along rows of `width` numbers, and its backward rule in one sweep: for
/// x = softmax(a) and an upstream gradient g on x,
///
///     ∂L/∂aⱼ = xⱼ (gⱼ − Σₖ gₖ xₖ)
///
/// so a family that forms a softmax in its own forward kernel (the logistic normal's
/// softmax([y, 0]), the Gumbel-softmax) records one tape node instead of the log-sum-exp,
/// subtraction and exponential the generic `softmax` records.
///
///     SoftmaxRows.logitGradient([0.25, 0.75], upstream: [1, 0], width: 2)   // [0.1875, −0.1875]
enum SoftmaxRows {
    /// ∂L/∂a for the rows of `x` (each a softmax of `width` logits), split across cores by row.
    static func logitGradient(_ x: [Double], upstream g: [Double], width: Int) -> [Double] {
        x.withUnsafeBufferPointer { x in
            g.withUnsafeBufferPointer { g in
                Kernels.make(x.count) { out in
                    let x = SharedBuffer(x), g = SharedBuffer(g), out = SharedBuffer(out)
                    Parallel.forEachChunk(count: width == 0 ? 0 : x.count / width, alignment: 1) { rows in
                        for row in rows {
                            let base = row * width
                            var dot = 0.0
                            for j in 0..<width { dot += g[base + j] * x[base + j] }
                            for j in 0..<width { out[base + j] = x[base + j] * (g[base + j] - dot) }
                        }
                    }
                }
            }
        }
    }

    /// exp(lⱼ − max l) / Σₖ exp(lₖ − max l) for each row of `width` logits, split across cores by row.
    static func values(_ logits: [Double], width: Int) -> [Double] {
        logits.withUnsafeBufferPointer { l in
            Kernels.make(l.count) { out in
                let l = SharedBuffer(l), out = SharedBuffer(out)
                Parallel.forEachChunk(count: l.count / width, alignment: 1) { rows in
                    for r in rows {
                        let base = r * width
                        var peak = -Double.infinity
                        for j in 0..<width { peak = Swift.max(peak, l[base + j]) }
                        var sum = 0.0
                        for j in 0..<width { let e = Foundation.exp(l[base + j] - peak); out[base + j] = e; sum += e }
                        let inverse = 1 / sum
                        for j in 0..<width { out[base + j] *= inverse }
                    }
                }
            }
        }
    }
}
