import Foundation

/// Von Mises(0, κ) angles by Best & Fisher's wrapped-Cauchy envelope ("Efficient simulation of
/// the von Mises distribution", 1979), written so that no step cancels at small or large κ.
///
/// With τ = 1 + √(1 + 4κ²), ρ = 2κ/(τ + √(2τ)) (the same as (τ − √(2τ))/(2κ)) and
/// r = (1 + ρ²)/(2ρ): draw U₁, U₂, take z = cos πU₁, f = (1 + rz)/(r + z), c = κ(r − f);
/// accept if c(2 − c) > U₂ or log(c/U₂) + 1 − c ≥ 0, and return ±arccos f with a random sign.
/// The pieces are formed from r − 1 = (1 − ρ)²/(2ρ), 1 ∓ z = 2 sin²/cos²(πU₁/2),
/// 1 − f = (r − 1)(1 − z)/(r + z) and 1 + f = (r + 1)(1 + z)/(r + z), and arccos f from
/// whichever of 1 ∓ f is small, so κ = 1e-300, κ = 1e8 and κ = 1e308 all sample exactly.
/// The acceptance rate is above 0.65 for every κ.
///
/// Each element uses the whole layout (`WholeBlockWords`): its tries come from its own blocks.
enum BestFisher {
    /// The per-κ constants of the envelope.
    struct Envelope {
        let kappa: Double
        /// r − 1 and r + 1.
        let rMinusOne: Double, rPlusOne: Double
        /// κ so small (or 0) that the law is uniform to double precision.
        let isUniform: Bool
        let isValid: Bool

        init(concentration kappa: Double) {
            self.kappa = kappa
            isValid = kappa >= 0 && kappa.isFinite
            isUniform = kappa < 1e-300
            if kappa > 1e4 {
                // 1 − ρ ≈ 1/√κ cancels (and 4κ² overflows past 1e154): with t = τ/(2κ) = 1/(2κ) + √(1 + 1/(4κ²)), ρ = 1/(t + √(t/κ)),
                // 1 − ρ = (t − 1 + √(t/κ))/(t + √(t/κ)), and t − 1 ≈ 1/(2κ) free of cancellation.
                let t = 1 / (2 * kappa) + 1, root = (t / kappa).squareRoot()
                let rho = 1 / (t + root), oneMinusRho = (t - 1 + root) / (t + root)
                rMinusOne = oneMinusRho * oneMinusRho / (2 * rho)
            } else {
                let tau = 1 + (1 + 4 * kappa * kappa).squareRoot()
                let rho = 2 * kappa / (tau + (2 * tau).squareRoot())
                rMinusOne = (1 - rho) * (1 - rho) / (2 * rho)
            }
            rPlusOne = rMinusOne + 2
        }
    }

    /// One angle in [−π, π) for `envelope`, or NaN if the words ran out.
    @inline(__always)
    static func sample(_ envelope: Envelope, _ words: inout WholeBlockWords) -> Double {
        if envelope.isUniform { return Double.pi * (2 * openUnitInterval(words.next()) - 1) }
        let kappa = envelope.kappa, rMinusOne = envelope.rMinusOne, rPlusOne = envelope.rPlusOne
        while !words.isExhausted {
            let signWord = words.next()
            let halfAngle = 0.5 * Double.pi * openUnitInterval(signWord)
            let sine = Foundation.sin(halfAngle), cosine = Foundation.cos(halfAngle)
            let oneMinusZ = 2 * sine * sine, onePlusZ = 2 * cosine * cosine
            let rPlusZ = rMinusOne + onePlusZ
            let oneMinusF = rMinusOne * oneMinusZ / rPlusZ
            let onePlusF = rPlusOne * onePlusZ / rPlusZ
            let c = kappa * (rMinusOne + oneMinusF)
            let u = openUnitInterval(words.next())
            guard c * (2 - c) > u || Foundation.log(c / u) + 1 - c >= 0 else { continue }
            let angle = oneMinusF <= onePlusF
                ? 2 * Foundation.asin((0.5 * oneMinusF).squareRoot())
                : Double.pi - 2 * Foundation.asin((0.5 * onePlusF).squareRoot())
            // The lowest bit of the first word (unused by its 53-bit uniform) gives the sign.
            let signed = signWord & 1 == 0 ? angle : -angle
            return signed == Double.pi ? -Double.pi : signed
        }
        return .nan
    }

    /// Fills `out[range]` for draw `draw`; element i has κ = `concentration[i mod concentration.count]`
    /// (NaN for an invalid κ or an empty `concentration`).
    static func fill(_ out: UnsafeMutablePointer<Double>, range: Range<Int>, draw: UInt64, key: PhiloxKey,
                     concentration: UnsafeBufferPointer<Double>) {
        guard !concentration.isEmpty else {
            for i in range { out[i] = .nan }
            return
        }
        let single = concentration.count == 1 ? Envelope(concentration: concentration[0]) : nil
        for i in range {
            let envelope = single ?? Envelope(concentration: concentration[i % concentration.count])
            guard envelope.isValid else {
                out[i] = .nan
                continue
            }
            var words = WholeBlockWords(element: i, draw: draw, key: key)
            out[i] = sample(envelope, &words)
        }
    }
}

extension RandomStream {
    /// Von Mises(0, κ) angles in [−π, π) (Best–Fisher); element i has κ = `concentration[i % concentration.count]`.
    ///
    /// One draw; element i's numbers depend only on the seed, the draw and i. Elements whose
    /// κ is negative or not finite, or all elements if `concentration` is empty, are NaN
    /// (the distributions validate first).
    ///
    ///     var stream = RandomStream(seed: 1)
    ///     let x = stream.vonMises(count: 1000, concentration: [2])   // the same numbers, as an array
    public mutating func fillVonMises(_ out: UnsafeMutableBufferPointer<Double>, concentration: UnsafeBufferPointer<Double>) {
        let draw = nextDraw(), key = self.key
        guard !out.isEmpty else { return }
        let out = SharedBuffer(out), concentration = SharedBuffer(concentration)
        Parallel.forEachChunk(count: out.count) { range in
            BestFisher.fill(out.start, range: range, draw: draw, key: key, concentration: concentration.readOnly)
        }
    }

    /// `count` von Mises(0, κ) angles, element i with κ = `concentration[i % concentration.count]` (one draw).
    public mutating func vonMises(count: Int, concentration: [Double]) -> [Double] {
        concentration.withUnsafeBufferPointer { kappa in collect(count) { $0.fillVonMises($1, concentration: kappa) } }
    }
}
