import Foundation

// Batch forms of the implicit Gamma gradient dz/dα, for the backward pass of
// Gamma rsample. Large batches are split across cores (Parallel.forEachChunk);
// every element's value is independent of the split.

/// Below this many samples a shared shape goes the exact route (building the
/// interpolant costs about as much as a few thousand exact evaluations).
let gammaInterpolantMinimumCount = 4096

/// dz/dα for Gamma(α, 1) samples sharing one shape α.
///
/// Large batches build one `GammaImplicitDerivativeInterpolant` (≈1e-13 relative, checked
/// against mpmath in the tests) and evaluate it per sample; tails and small
/// batches take the exact route.
///
///     try gammaImplicitDerivatives(concentration: 2.5, samples: z, into: dzda)
///
/// Throws `ReparamError.invalidParameter` for α not positive and finite,
/// `.invalidArgument` for mismatched counts or a sample that is negative or nan.
public func gammaImplicitDerivatives(concentration alpha: Double, samples: UnsafeBufferPointer<Double>,
                                     into derivatives: UnsafeMutableBufferPointer<Double>) throws {
    try checkSharedConcentration(alpha)
    try checkCounts(samples.count, derivatives.count)
    let failed = sharedConcentrationRoute(alpha, count: samples.count, derivatives,
                                          exact: { [samples = SharedBuffer(samples)] in gammaImplicitDerivative(concentration: alpha, sample: samples[$0]) },
                                          table: { [samples = SharedBuffer(samples), derivatives = SharedBuffer(derivatives)] in
                                              $0.derivatives(samples.readOnly, derivatives.buffer, $1) })
    if failed { throw failure(samples, derivatives, concentration: { _ in alpha }) }
}

/// d log z/dα for Gamma(α, 1) samples given as log z, sharing one shape α:
/// the form Dirichlet and Beta need when tiny shapes make z underflow.
///
/// Same routes as `gammaImplicitDerivatives(concentration:samples:into:)`; below
/// log z = log 2⁻⁵⁴ the exact closed form (ψ(α+1) − log z)/α needs no exponential.
///
///     try gammaImplicitLogDerivatives(concentration: 0.01, logSamples: logZ, into: dLogZ)
///
/// Throws like the linear form; a log sample that is nan or +inf is invalid.
public func gammaImplicitLogDerivatives(concentration alpha: Double, logSamples: UnsafeBufferPointer<Double>,
                                        into derivatives: UnsafeMutableBufferPointer<Double>) throws {
    try checkSharedConcentration(alpha)
    try checkCounts(logSamples.count, derivatives.count)
    let failed = sharedConcentrationRoute(alpha, count: logSamples.count, derivatives,
                                          exact: { [logSamples = SharedBuffer(logSamples)] in gammaImplicitDerivative(concentration: alpha, logSample: logSamples[$0]) },
                                          table: { [logSamples = SharedBuffer(logSamples), derivatives = SharedBuffer(derivatives)] in
                                              $0.logDerivatives(logSamples.readOnly, derivatives.buffer, $1) })
    if failed {
        let index = derivatives.firstIndex(where: { $0.isNaN }) ?? 0
        throw ReparamError.invalidArgument(
            "gammaImplicitLogDerivatives: log sample \(index) is \(logSamples[index]); log samples must be numbers below +inf")
    }
}

/// Shapes per block of the per-element route's ψ(α+1) pass.
let gammaDigammaBlock = 256

/// dz/dα for Gamma(αᵢ, 1) samples zᵢ, one shape per sample, each by the exact route (regions, methods
/// and measured errors in GammaImplicitDerivative.swift), ψ(αᵢ+1) for a block of shapes ahead
/// (`forEachWithDigammaNext`).
///
/// Not used, measured while trying it: a verified 2-D table over (α, z) like Student-t's. At this
/// route's accuracy (cells checked to 1e-13 against it) the α direction needs tensor degree 8: with
/// degree 5 in α and 8 rows per α binade the cells' last Chebyshev row stayed at 1e-12 – 5e-11 of the
/// value in (α, z) and (α, z/α) coordinates alike; degree 8 × 7 with 32 rows per binade converges,
/// but α ∈ [1, 16) alone then takes 14,484 cells (8.7 MB), and a cell costs 72 multiply-adds, about
/// what the series costs. A 2.3 MB table covering 14% of the recipe's draws made gamma-distinct slower.
///
///     try gammaImplicitDerivatives(concentrations: alphas, samples: z, into: dzda)
///
/// Throws `ReparamError.invalidParameter` for a shape not positive and finite, `.invalidArgument` for mismatched counts or an invalid sample.
public func gammaImplicitDerivatives(concentrations: UnsafeBufferPointer<Double>, samples: UnsafeBufferPointer<Double>,
                                     into derivatives: UnsafeMutableBufferPointer<Double>) throws {
    try checkCounts(samples.count, derivatives.count)
    guard concentrations.count == samples.count else {
        throw ReparamError.shape("gammaImplicitDerivatives: \(concentrations.count) concentrations for \(samples.count) samples")
    }
    if let bad = concentrations.firstIndex(where: { !isGammaImplicitShape($0) }) {
        throw ReparamError.invalidParameter(distribution: "Gamma", parameter: "concentration",
                                            value: "\(concentrations[bad]) at index \(bad)",
                                            rule: "positive and finite")
    }
    let failures = FailureFlag()
    let concentrations = SharedBuffer(concentrations), samples = SharedBuffer(samples), derivatives = SharedBuffer(derivatives)
    Parallel.forEachChunk(count: samples.count) { range in
        var valid = true
        forEachWithDigammaNext(range, concentration: { concentrations[$0] }) { i, digammaNext in
            let value = gammaImplicitDerivative(concentration: concentrations[i], sample: samples[i], digammaNext: digammaNext)
            if value.isNaN { valid = false }
            derivatives[i] = value
        }
        if !valid { failures.set() }
    }
    if failures.isSet { throw failure(samples.readOnly, derivatives.buffer, concentration: { concentrations[$0] }) }
}

/// Calls `body(i, ψ(αᵢ + 1))` for each i in `range`, ψ computed for a block of `gammaDigammaBlock` shapes
/// before their bodies run: independent table evaluations overlap, where one ψ inside each element's
/// derivative stalled it, and the table is read once per call, not through `digammaForShape`'s accessor per
/// element. ψ(αᵢ + 1) is `digammaForShape(αᵢ + 1)` bit for bit for αᵢ + 1 in the table's [1, 13), nil
/// elsewhere (from α = 12 the derivative reads ψ only in the deep lower tail, and computes it there).
@inline(__always)
func forEachWithDigammaNext(_ range: Range<Int>, concentration: (Int) -> Double, _ body: (Int, Double?) -> Void) {
    let shifted = DigammaTable.shifted
    withUnsafeTemporaryAllocation(of: Double.self, capacity: gammaDigammaBlock) { digammaNext in
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + gammaDigammaBlock, range.upperBound)
            for i in start..<end {
                // In [1, 13) the table, less 1, as digammaForShape reads it; nan (not computed) elsewhere.
                let x = concentration(i) + 1
                if let shifted, x >= 1, x < DigammaTable.upper {
                    digammaNext[i - start] = shifted.evaluateSingle(x) - 1
                } else {
                    digammaNext[i - start] = .nan
                }
            }
            for i in start..<end {
                let psi = digammaNext[i - start]
                body(i, psi.isNaN ? nil : psi)
            }
            start = end
        }
    }
}

private func checkCounts(_ samples: Int, _ derivatives: Int) throws {
    guard samples == derivatives else {
        throw ReparamError.shape("gammaImplicitDerivatives: \(samples) samples but room for \(derivatives) derivatives")
    }
}

/// The error for the first nan result: a bad sample, or an expansion that did not converge.
private func failure(_ samples: UnsafeBufferPointer<Double>, _ derivatives: UnsafeMutableBufferPointer<Double>,
                     concentration: (Int) -> Double) -> ReparamError {
    if let bad = samples.firstIndex(where: { !($0 >= 0) }) {
        return .invalidArgument("gammaImplicitDerivatives: sample \(bad) is \(samples[bad]); Gamma samples must be non-negative numbers")
    }
    let index = derivatives.firstIndex(where: { $0.isNaN }) ?? 0
    return .numerical("gammaImplicitDerivatives: no accurate dz/dα for concentration \(concentration(index)) at sample \(samples[index])")
}

/// A flag any chunk may raise (rarely: only on invalid input).
final class FailureFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    func set() { lock.lock(); raised = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return raised }
}

/// Throws unless α is a shape the shared-shape routes accept: positive and finite.
private func checkSharedConcentration(_ alpha: Double) throws {
    guard isGammaImplicitShape(alpha) else {
        throw ReparamError.invalidParameter(distribution: "Gamma", parameter: "concentration", value: "\(alpha)",
                                            rule: "positive and finite")
    }
}

/// The shared-shape route: small batches, and shapes that take Temme's expansion (no iteration,
/// nothing to gain from a table), element by element through `exact(i)`; large ones through one
/// interpolant table split across cores (`table(t, range)` false on a failure).
/// Returns whether any element failed (nan).
private func sharedConcentrationRoute(_ alpha: Double, count: Int, _ derivatives: UnsafeMutableBufferPointer<Double>,
                                      exact: @Sendable (Int) -> Double,
                                      table: @Sendable (GammaImplicitDerivativeInterpolant, Range<Int>) -> Bool) -> Bool {
    let failures = FailureFlag(), derivatives = SharedBuffer(derivatives)
    if count < gammaInterpolantMinimumCount || alpha >= gammaTemmeMinimumConcentration {
        Parallel.forEachChunk(count: count) { range in
            var valid = true
            for i in range {
                derivatives[i] = exact(i)
                if derivatives[i].isNaN { valid = false }
            }
            if !valid { failures.set() }
        }
    } else {
        let interpolant = GammaImplicitDerivativeInterpolant(concentration: alpha)
        Parallel.forEachChunk(count: count) { range in
            if !table(interpolant, range) { failures.set() }
        }
    }
    return failures.isSet
}
