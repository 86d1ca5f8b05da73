import Foundation

/// dx/da and dx/db for a batch of Beta(a, b) samples sharing one (a, b).
///
/// Where the batch is large enough to pay for it, an interpolant verified to
/// 5e-11 relative (`BetaImplicitDerivativeInterpolant`) is built once and
/// evaluated per sample; smaller batches, and samples beyond its range, take the exact
/// route (`betaImplicitDerivatives(a:b:sample:complement:)`). Samples at
/// exactly 0 or 1 get 0. `complements`, when given, holds 1 − x for each
/// sample as the sampler knows it (for x = G₁/(G₁+G₂), G₂/(G₁+G₂)), so samples
/// within 1e-16 of 1 keep their precision. Large batches are split across
/// cores. Throws for a, b not positive and finite, samples or complements
/// outside [0, 1] (or NaN), complements not matching 1 − x, or buffers of
/// unequal length.
///
///     try samples.withUnsafeBufferPointer { xs in
///         try betaImplicitDerivatives(a: 2, b: 3, samples: xs, da: daBuffer, db: dbBuffer)
///     }
public func betaImplicitDerivatives(a: Double, b: Double, samples: UnsafeBufferPointer<Double>,
                                    complements: UnsafeBufferPointer<Double>? = nil,
                                    da: UnsafeMutableBufferPointer<Double>, db: UnsafeMutableBufferPointer<Double>) throws {
    try validateBetaParameters(a: a, b: b, caller: "betaImplicitDerivatives")
    try validateBetaBatch(samples: samples, complements: complements, outputs: [da.count, db.count])
    let interpolant = BetaImplicitDerivativeInterpolant(a: a, b: b, batchSize: samples.count)
    let samples = SharedBuffer(samples), complements = complements.map(SharedBuffer.init), da = SharedBuffer(da), db = SharedBuffer(db)
    Parallel.forEachChunk(count: samples.count) { range in
        // One copy of the interpolant per chunk, outside the loop.
        if let interpolant {
            for i in range {
                let x = samples[i], y = complements?[i] ?? 1 - x
                let g = x == 0 || y == 0 ? (da: 0, db: 0) : interpolant.derivatives(sample: x, complement: y)
                da[i] = g.da
                db[i] = g.db
            }
        } else {
            for i in range {
                let x = samples[i]
                let g = betaImplicitDerivatives(a: a, b: b, sample: x, complement: complements?[i] ?? 1 - x)
                da[i] = g.da
                db[i] = g.db
            }
        }
    }
}

/// dx/da and dx/db for a batch of Beta samples, each with its own (a[i], b[i]),
/// by the exact route, split across cores. `complements` as in the
/// shared-parameter form. Throws like it, and for any invalid a[i] or b[i].
public func betaImplicitDerivatives(a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>,
                                    samples: UnsafeBufferPointer<Double>,
                                    complements: UnsafeBufferPointer<Double>? = nil,
                                    da: UnsafeMutableBufferPointer<Double>, db: UnsafeMutableBufferPointer<Double>) throws {
    try validateBetaBatch(samples: samples, complements: complements, outputs: [a.count, b.count, da.count, db.count])
    for i in 0..<samples.count {
        try validateBetaParameters(a: a[i], b: b[i], caller: "betaImplicitDerivatives (element \(i))")
    }
    let a = SharedBuffer(a), b = SharedBuffer(b), samples = SharedBuffer(samples), complements = complements.map(SharedBuffer.init)
    let da = SharedBuffer(da), db = SharedBuffer(db)
    Parallel.forEachChunk(count: samples.count) { range in
        for i in range {
            let x = samples[i]
            let g = betaImplicitDerivatives(a: a[i], b: b[i], sample: x, complement: complements?[i] ?? 1 - x)
            da[i] = g.da
            db[i] = g.db
        }
    }
}

/// dx/da and dx/db for Beta samples drawn as x = σ(log G_a − log G_b) (`Beta.rsample`), one
/// (a[i], b[i]) per sample, from the log-Gamma draws themselves, split across cores.
///
/// With d = log G_a − log G_b and t = e^(−|d|), x = 1/(1 + t) and 1 − x = t/(1 + t) for d ≥ 0
/// (mirrored for d < 0), exactly as `logistic` forms the sample, and
///
///     log x = −log1p(t),   log(1 − x) = −d − log1p(t)      (d ≥ 0),
///
/// so one exp and one log1p give both coordinates and both logarithms, where the sample-based
/// form spends an exp on the complement and a log on each coordinate. Returns false if any result
/// is nan (an invalid shape or draw): the caller then answers, and reports, through the
/// sample-based form. Shapes are taken as valid (the distribution checked them).
///
///     betaImplicitDerivatives(a: [2], b: [3], logGammaA: [log 0.8], logGammaB: [log 1.2], da: …, db: …)
///     // at x = 0.4: (0.13939…, −0.09048…)
func betaImplicitDerivatives(a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>,
                             logGammaA: UnsafeBufferPointer<Double>, logGammaB: UnsafeBufferPointer<Double>,
                             da: UnsafeMutableBufferPointer<Double>, db: UnsafeMutableBufferPointer<Double>) -> Bool {
    let failures = FailureFlag()
    let a = SharedBuffer(a), b = SharedBuffer(b), logGammaA = SharedBuffer(logGammaA), logGammaB = SharedBuffer(logGammaB)
    let da = SharedBuffer(da), db = SharedBuffer(db)
    Parallel.forEachChunk(count: logGammaA.count) { range in
        var valid = true
        for i in range {
            let d = logGammaA[i] - logGammaB[i]
            guard !d.isNaN else { valid = false; continue }
            let t = Foundation.exp(-Swift.abs(d)), l = Foundation.log1p(t)
            let near = 1 / (1 + t), far = t / (1 + t)
            let (x, y, logX, logY) = d >= 0 ? (near, far, -l, -d - l) : (far, near, d - l, -l)
            var g = (da: 0.0, db: 0.0)
            if x > 0 && y > 0 {
                let r = betaImplicitRatios(a: a[i], b: b[i], x: x, y: y, logX: logX, logY: logY)
                g = (x * y * r.da, x * y * r.db)
            }
            if g.da.isNaN || g.db.isNaN { valid = false }
            da[i] = g.da
            db[i] = g.db
        }
        if !valid { failures.set() }
    }
    return !failures.isSet
}

/// Throws unless every sample (and complement) lies in [0, 1], each complement
/// is 1 − x to within 1e-15, and every other buffer has the samples' length.
func validateBetaBatch(samples: UnsafeBufferPointer<Double>, complements: UnsafeBufferPointer<Double>?, outputs: [Int]) throws {
    for count in outputs + [complements?.count ?? samples.count] where count != samples.count {
        throw ReparamError.shape("betaImplicitDerivatives: \(samples.count) samples but a buffer of \(count)")
    }
    for (i, x) in samples.enumerated() where !(x >= 0 && x <= 1) {
        throw ReparamError.invalidArgument("betaImplicitDerivatives: sample \(i) is \(x), outside [0, 1]")
    }
    guard let complements else { return }
    for (i, y) in complements.enumerated() where !(y >= 0 && y <= 1 && Swift.abs((samples[i] - 1) + y) <= 1e-15) {
        throw ReparamError.invalidArgument(
            "betaImplicitDerivatives: complement \(i) is \(y), which is not 1 − x for the sample \(samples[i])")
    }
}
