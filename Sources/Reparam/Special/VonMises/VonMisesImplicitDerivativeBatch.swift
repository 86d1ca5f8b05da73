import Foundation

// Batch forms of the von Mises implicit gradient and quantile, split across cores with
// `Parallel.forEachChunk`. Inputs are validated in full before any work starts, so a bad
// element throws and leaves the output untouched.

/// dx/dκ for every sample of a von Mises(0, κ) batch sharing one κ:
/// `gradients[i] = −(∂F/∂κ)(samples[i]; κ) / p(samples[i]; κ)`.
///
/// Where κ < 50 the Fourier coefficients of ∂F/∂κ, (1/(πn)) d(I_n/I₀)/dκ, are formed once
/// for the batch and each sample costs one trigonometric sum; elsewhere each sample takes
/// the exact scalar route of `vonMisesImplicitDerivative`. Both agree with it to rounding.
///
///     var g = [Double](repeating: 0, count: xs.count)
///     try xs.withUnsafeBufferPointer { x in
///         try g.withUnsafeMutableBufferPointer { try vonMisesImplicitDerivatives(concentration: 2, samples: x, into: $0) }
///     }
///
/// - Throws: `ReparamError.invalidParameter` for a negative or non-finite κ;
///   `ReparamError.invalidArgument` for a sample outside [−π, π] or mismatched lengths.
public func vonMisesImplicitDerivatives(concentration kappa: Double, samples: UnsafeBufferPointer<Double>,
                                        into gradients: UnsafeMutableBufferPointer<Double>) throws {
    try validateVonMisesConcentration(kappa)
    try validateVonMisesBatch(samples: samples, count: gradients.count)
    vonMisesImplicitDerivativesUnchecked(concentration: kappa, samples: samples, into: gradients)
}

/// The shared-κ batch without argument checks (callers have validated).
func vonMisesImplicitDerivativesUnchecked(concentration kappa: Double, samples: UnsafeBufferPointer<Double>,
                                          into gradients: UnsafeMutableBufferPointer<Double>) {
    let coefficients = VonMisesKappaDerivativeSeries(concentration: kappa)
    let gradients = SharedBuffer(gradients), samples = SharedBuffer(samples)
    Parallel.forEachChunk(count: samples.count) { range in
        for i in range {
            gradients[i] = coefficients.implicitDerivative(samples[i])
        }
    }
}

/// dx/dκᵢ for samples with one concentration each (`concentrations[i]` for `samples[i]`),
/// each by the exact scalar route of `vonMisesImplicitDerivative`.
///
/// - Throws: as the shared-κ form, for any bad element or mismatched lengths.
public func vonMisesImplicitDerivatives(concentrations: UnsafeBufferPointer<Double>, samples: UnsafeBufferPointer<Double>,
                                        into gradients: UnsafeMutableBufferPointer<Double>) throws {
    guard concentrations.count == samples.count else {
        throw ReparamError.shape("von Mises: \(concentrations.count) concentrations for \(samples.count) samples")
    }
    for kappa in concentrations { try validateVonMisesConcentration(kappa) }
    try validateVonMisesBatch(samples: samples, count: gradients.count)
    vonMisesImplicitDerivativesUnchecked(concentrations: concentrations, samples: samples, into: gradients)
}

/// The per-element batch without argument checks; element i has κ = `concentrations[i % concentrations.count]`.
func vonMisesImplicitDerivativesUnchecked(concentrations: UnsafeBufferPointer<Double>, samples: UnsafeBufferPointer<Double>,
                                          into gradients: UnsafeMutableBufferPointer<Double>) {
    let concentrations = SharedBuffer(concentrations), gradients = SharedBuffer(gradients), samples = SharedBuffer(samples)
    Parallel.forEachChunk(count: samples.count) { range in
        for i in range {
            gradients[i] = vonMisesImplicitDerivativeUnchecked(concentrations[i % concentrations.count], samples[i])
        }
    }
}

/// Array form of the shared-κ batch: dx/dκ for each sample.
///
///     try vonMisesImplicitDerivatives(concentration: 2, samples: [-0.5, 0.1])
public func vonMisesImplicitDerivatives(concentration kappa: Double, samples: [Double]) throws -> [Double] {
    var gradients = [Double](repeating: 0, count: samples.count)
    try samples.withUnsafeBufferPointer { x in
        try gradients.withUnsafeMutableBufferPointer { try vonMisesImplicitDerivatives(concentration: kappa, samples: x, into: $0) }
    }
    return gradients
}

/// Array form of the per-element batch: dx/dκᵢ for each (κᵢ, xᵢ).
public func vonMisesImplicitDerivatives(concentrations: [Double], samples: [Double]) throws -> [Double] {
    var gradients = [Double](repeating: 0, count: samples.count)
    try concentrations.withUnsafeBufferPointer { k in
        try samples.withUnsafeBufferPointer { x in
            try gradients.withUnsafeMutableBufferPointer {
                try vonMisesImplicitDerivatives(concentrations: k, samples: x, into: $0)
            }
        }
    }
    return gradients
}

/// The von Mises(0, κ) quantile of each probability: `samples[i] = F⁻¹(probabilities[i]; κ)`.
///
/// - Throws: `ReparamError.invalidParameter` for a bad κ; `ReparamError.invalidArgument`
///   for a probability outside [0, 1] or mismatched lengths.
public func inverseVonMisesCDF(probabilities: UnsafeBufferPointer<Double>, concentration kappa: Double,
                               into samples: UnsafeMutableBufferPointer<Double>) throws {
    try validateVonMisesConcentration(kappa)
    guard probabilities.count == samples.count else {
        throw ReparamError.shape("von Mises: \(probabilities.count) probabilities for \(samples.count) outputs")
    }
    for (i, p) in probabilities.enumerated() where !(p >= 0 && p <= 1) {
        throw ReparamError.invalidArgument("von Mises: probability \(i) must lie in [0, 1], got \(p)")
    }
    let probabilities = SharedBuffer(probabilities), samples = SharedBuffer(samples)
    Parallel.forEachChunk(count: probabilities.count) { range in
        for i in range {
            samples[i] = inverseVonMisesCDFUnchecked(probabilities[i], kappa)
        }
    }
}

private func validateVonMisesBatch(samples: UnsafeBufferPointer<Double>, count: Int) throws {
    guard samples.count == count else {
        throw ReparamError.shape("von Mises: \(samples.count) samples for \(count) outputs")
    }
    for (i, x) in samples.enumerated() where !(x >= -Double.pi && x <= Double.pi) {
        throw ReparamError.invalidArgument("von Mises: sample \(i) must lie in [-π, π] (location 0), got \(x)")
    }
}

/// ∂F/∂κ as a sine series for one κ, so a batch pays the Bessel-ratio recurrence once:
/// ∂F/∂κ(x) = Σ_{n≥1} bₙ sin(nx), bₙ = (1/(πn)) d(I_n(κ)/I₀(κ))/dκ.
///
/// Used where the Fourier route of `vonMisesCDF` is used (κ < 50 away from the tails); other
/// samples take the scalar routes of `vonMisesImplicitDerivative` (with I₁/I₀ computed once).
struct VonMisesKappaDerivativeSeries {
    let kappa: Double
    /// bₙ for n = 1…, empty when κ ≥ 50.
    let coefficients: [Double]
    /// 2π e^{−κ} I₀(κ), the density's normalizer.
    let normalizer: Double
    /// I₁(κ)/I₀(κ) − 1 = d log(e^{−κ}I₀(κ))/dκ, formed as −(1 − I₁/I₀) without cancellation.
    let logNormalizerSlope: Double

    init(concentration kappa: Double) {
        self.kappa = kappa
        normalizer = 2 * Double.pi * scaledBesselI0(kappa)
        logNormalizerSlope = -besselRatioComplement(kappa)
        guard kappa < vonMisesExpansionLimit else {
            coefficients = []
            return
        }
        let count = 16 + Int(10 * kappa.squareRoot())
        let k = Dual(kappa, derivative: 1)
        var ratios = [Dual](repeating: 0, count: count + 1)
        var next = Dual(0)
        for n in stride(from: count, through: 1, by: -1) {
            next = k / (Dual(Double(2 * n)) + k * next)
            ratios[n] = next
        }
        var product = Dual(1)
        var b: [Double] = []
        b.reserveCapacity(count)
        for n in 1...count {
            product = product * ratios[n]
            b.append(product.derivative / (Double.pi * Double(n)))
        }
        // Drop the trailing terms that cannot reach the sum.
        while let last = b.last, Swift.abs(last) < 1e-20 * Swift.abs(b[0]) { b.removeLast() }
        coefficients = b
    }

    /// dx/dκ at x ∈ [−π, π]: the series in the Fourier region, the scalar routes elsewhere.
    func implicitDerivative(_ x: Double) -> Double {
        let halfSine = Foundation.sin(0.5 * x)
        let exponent = 2 * kappa * halfSine * halfSine
        guard !coefficients.isEmpty, x != 0, exponent <= 3, Double.pi - Swift.abs(x) >= 0.1 else {
            return vonMisesImplicitDerivativeUnchecked(kappa, x, logNormalizerSlope: logNormalizerSlope)
        }
        let sinX = Foundation.sin(x), cosX = Foundation.cos(x)
        var sinN = sinX, cosN = cosX
        var sum = 0.0
        coefficients.withUnsafeBufferPointer { b in
            for n in 0..<b.count {
                sum += b[n] * sinN
                let rotated = sinN * cosX + cosN * sinX
                cosN = cosN * cosX - sinN * sinX
                sinN = rotated
            }
        }
        let density = Foundation.exp(-exponent) / normalizer
        return -sum / density
    }
}
