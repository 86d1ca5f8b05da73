import Foundation

/// dx/da and dx/db for a batch of Beta(a, b) samples sharing one (a, b).
///
/// From `BetaImplicitGradientInterpolant.minimumBatch` samples on, an
/// interpolant verified to 1e-12 relative is built once and evaluated per
/// sample; smaller batches, and samples beyond its range, take the exact
/// route (`betaImplicitDerivatives(a:b:sample:)`). Samples at exactly 0 or 1
/// get 0. Large batches are split across cores. Throws for a, b not positive
/// and finite, samples outside [0, 1] (or NaN), or buffers of unequal length.
///
///     try samples.withUnsafeBufferPointer { xs in
///         try betaImplicitDerivatives(a: 2, b: 3, samples: xs, da: daBuffer, db: dbBuffer)
///     }
public func betaImplicitDerivatives(a: Double, b: Double, samples: UnsafeBufferPointer<Double>,
                                    da: UnsafeMutableBufferPointer<Double>, db: UnsafeMutableBufferPointer<Double>) throws {
    try validateBetaParameters(a: a, b: b, caller: "betaImplicitDerivatives")
    try validateBetaBatch(samples: samples, outputs: [da.count, db.count])
    let interpolant = samples.count >= BetaImplicitGradientInterpolant.minimumBatch
        ? BetaImplicitGradientInterpolant(a: a, b: b) : nil
    Parallel.forEachChunk(count: samples.count) { range in
        for i in range {
            let x = samples[i], y = 1 - x
            let g: (da: Double, db: Double)
            if x == 0 || y == 0 {
                g = (0, 0)
            } else if let interpolant {
                g = interpolant.derivatives(sample: x, complement: y)
            } else {
                g = betaImplicitDerivatives(a: a, b: b, sample: x, complement: y)
            }
            da[i] = g.da
            db[i] = g.db
        }
    }
}

/// dx/da and dx/db for a batch of Beta samples, each with its own (a[i], b[i]),
/// by the exact route, split across cores. Throws like the shared-parameter form,
/// and for any invalid a[i] or b[i].
public func betaImplicitDerivatives(a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>,
                                    samples: UnsafeBufferPointer<Double>,
                                    da: UnsafeMutableBufferPointer<Double>, db: UnsafeMutableBufferPointer<Double>) throws {
    try validateBetaBatch(samples: samples, outputs: [a.count, b.count, da.count, db.count])
    for i in 0..<samples.count {
        try validateBetaParameters(a: a[i], b: b[i], caller: "betaImplicitDerivatives (element \(i))")
    }
    Parallel.forEachChunk(count: samples.count) { range in
        for i in range {
            let g = betaImplicitDerivatives(a: a[i], b: b[i], sample: samples[i])
            da[i] = g.da
            db[i] = g.db
        }
    }
}

/// Throws unless every sample lies in [0, 1] and every other buffer has the samples' length.
func validateBetaBatch(samples: UnsafeBufferPointer<Double>, outputs: [Int]) throws {
    for count in outputs where count != samples.count {
        throw ReparamError.shape("betaImplicitDerivatives: \(samples.count) samples but a buffer of \(count)")
    }
    for (i, x) in samples.enumerated() where !(x >= 0 && x <= 1) {
        throw ReparamError.invalidArgument("betaImplicitDerivatives: sample \(i) is \(x), outside [0, 1]")
    }
}
