/// Helpers for families whose per-sample derivative routines take either one
/// shared parameter value (fast, interpolated) or one value per sample.
enum ParameterBatches {
    /// Calls `shared(value, samples, out)` per batch position when the batch
    /// has one element, else `perElement(values, samples, out)` with each
    /// parameter expanded to one value per sample (sample i uses batch i % b).
    static func derivatives(samples: [Double], parameters: [[Double]],
                            shared: ([Double], UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Void,
                            perElement: ([UnsafeBufferPointer<Double>], UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows -> [Double] {
        let batch = parameters.first?.count ?? 1
        var out = [Double](repeating: 0, count: samples.count)
        try samples.withUnsafeBufferPointer { z in
            try out.withUnsafeMutableBufferPointer { out in
                if batch == 1 {
                    try shared(parameters.map { $0[0] }, z, out)
                    return
                }
                // One draw per parameter value (a VAE's batch) needs no copy; otherwise cycle the batch.
                let expanded = batch == samples.count ? parameters
                    : parameters.map { p in Kernels.generate(samples.count) { i in p[i % batch] } }
                try withBuffers(expanded) { try perElement($0, z, out) }
            }
        }
        return out
    }

    private static func withBuffers<R>(_ arrays: [[Double]], _ body: ([UnsafeBufferPointer<Double>]) throws -> R) rethrows -> R {
        var buffers: [UnsafeBufferPointer<Double>] = []
        func nest(_ k: Int) throws -> R {
            if k == arrays.count { return try body(buffers) }
            return try arrays[k].withUnsafeBufferPointer { buffer in
                buffers.append(buffer)
                return try nest(k + 1)
            }
        }
        return try nest(0)
    }
}
