import Foundation

/// dt/dν for a batch of standard Student-t samples sharing one ν.
///
/// Where the batch is large enough to pay for it, an interpolant verified to
/// 5e-11 relative (`StudentTImplicitDerivativeInterpolant`) is built once and evaluated per
/// sample; smaller batches, and samples beyond its range, take the exact
/// route (`studentTImplicitDerivative(df:sample:)`). Large batches are split
/// across cores. A sample of ±∞ (a draw or quantile beyond the largest double,
/// which at ν = 0.01 is 8e-4 of all draws) gets derivative 0 and leaves the rest
/// of the batch exact. Throws for ν not positive and finite, NaN samples, or
/// buffers of unequal length. (For t = loc + scale·z, dt/dν = scale · dz/dν.)
///
///     try ts.withUnsafeBufferPointer { samples in
///         try studentTImplicitDerivatives(df: 4, samples: samples, derivatives: out)
///     }
public func studentTImplicitDerivatives(df: Double, samples: UnsafeBufferPointer<Double>,
                                        derivatives: UnsafeMutableBufferPointer<Double>) throws {
    try validateStudentTDf(df, caller: "studentTImplicitDerivatives")
    try validateStudentTBatch(samples: samples, outputs: [derivatives.count])
    let interpolant = StudentTImplicitDerivativeInterpolant(df: df, batchSize: samples.count)
    let samples = SharedBuffer(samples), derivatives = SharedBuffer(derivatives)
    Parallel.forEachChunk(count: samples.count) { range in
        // One copy of the interpolant per chunk, outside the loop.
        if let interpolant {
            for i in range {
                let t = samples[i]
                derivatives[i] = t == 0 || !t.isFinite ? 0 : interpolant.derivative(sample: t)
            }
        } else {
            for i in range { derivatives[i] = samples[i].isFinite ? studentTImplicitDerivative(df: df, sample: samples[i]) : 0 }
        }
    }
}

/// dt/dν for a batch of standard Student-t samples, each with its own ν[i], split across cores: from
/// the verified table of G (`studentTTableDerivative`) inside its rectangle when the batch has at least
/// `StudentTDerivativeTable.smallestBatch` samples, else (and elsewhere) by the exact route. Throws like
/// the shared form, and for any invalid ν[i].
public func studentTImplicitDerivatives(df: UnsafeBufferPointer<Double>, samples: UnsafeBufferPointer<Double>,
                                        derivatives: UnsafeMutableBufferPointer<Double>) throws {
    try validateStudentTBatch(samples: samples, outputs: [df.count, derivatives.count])
    for i in 0..<df.count { try validateStudentTDf(df[i], caller: "studentTImplicitDerivatives (element \(i))") }
    let useTable = samples.count >= StudentTDerivativeTable.smallestBatch
    let df = SharedBuffer(df), samples = SharedBuffer(samples), derivatives = SharedBuffer(derivatives)
    Parallel.forEachChunk(count: samples.count) { range in
        for i in range {
            let nu = df[i], t = samples[i]
            if !t.isFinite || t == 0 {
                derivatives[i] = 0
            } else if useTable, nu >= StudentTDerivativeTable.df.lowerBound, nu <= StudentTDerivativeTable.df.upperBound,
                      let fast = studentTTableDerivative(df: nu, sample: t) {
                derivatives[i] = fast
            } else {
                derivatives[i] = studentTImplicitDerivative(df: nu, sample: t)
            }
        }
    }
}

/// Throws unless ν is positive and finite.
func validateStudentTDf(_ df: Double, caller: @autoclosure () -> String) throws {
    guard df > 0, df.isFinite else { throw ReparamError.invalidArgument("\(caller()): df must be positive and finite, got \(df)") }
}

/// Throws unless no sample is NaN and every other buffer has the samples' length.
func validateStudentTBatch(samples: UnsafeBufferPointer<Double>, outputs: [Int]) throws {
    for count in outputs where count != samples.count {
        throw ReparamError.shape("studentTImplicitDerivatives: \(samples.count) samples but a buffer of \(count)")
    }
    for (i, t) in samples.enumerated() where t.isNaN {
        throw ReparamError.invalidArgument("studentTImplicitDerivatives: sample \(i) is NaN, not a number on the real line")
    }
}
