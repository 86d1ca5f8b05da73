import Foundation

/// Exact samplers for Poisson and Binomial counts, each drawing from one element's own numbers
/// (`ElementRandom`), so a seed fixes every draw whatever the thread count.
///
/// * Poisson(λ), λ < 10: multiply uniforms until the product falls below e^{−λ} (λ + 1 numbers on average);
///   λ ≥ 10: Hörmann's PTRS (transformed rejection with squeeze, 1993), about 1.2 tries a draw.
/// * Binomial(n, p), with p ≤ ½ by symmetry: np < 10 by summing geometric gaps (inversion);
///   otherwise Hörmann's BTRS (1993), as numpy and torch do.
///
///     CountSamplers.poisson(3.5, &random)     // a count with mean 3.5
enum CountSamplers {
    static func poisson(_ rate: Double, _ random: inout ElementRandom) -> Double {
        guard rate > 0 else { return rate == 0 ? 0 : .nan }
        guard rate.isFinite else { return rate }
        if rate < 10 {
            let limit = Foundation.exp(-rate)
            var product = random.uniform(), k = 0.0
            while product > limit && !random.isExhausted {
                product *= random.uniform()
                k += 1
            }
            return k
        }
        let root = rate.squareRoot(), logRate = Foundation.log(rate)
        let b = 0.931 + 2.53 * root, a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4), acceptance = 0.9277 - 3.6224 / (b - 2)
        while !random.isExhausted {
            let u = random.uniform() - 0.5, v = random.uniform()
            let us = 0.5 - Swift.abs(u)
            let k = ((2 * a / us + b) * u + rate + 0.43).rounded(.down)
            if us >= 0.07 && v <= acceptance { return k }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if Foundation.log(v) + Foundation.log(inverseAlpha) - Foundation.log(a / (us * us) + b) <= -rate + k * logRate - logGamma(k + 1) {
                return k
            }
        }
        return .nan
    }

    static func binomial(_ count: Double, _ probability: Double, _ random: inout ElementRandom) -> Double {
        guard count > 0, probability > 0 else { return 0 }
        guard probability < 1 else { return count }
        if probability > 0.5 { return count - binomial(count, 1 - probability, &random) }
        if count * probability < 10 {
            // The number of successes is the number of geometric gaps that fit in n trials.
            let logComplement = Foundation.log1p(-probability)
            var trials = 0.0, successes = 0.0
            while !random.isExhausted {
                trials += (Foundation.log(random.uniform()) / logComplement).rounded(.up)
                if trials > count { return successes }
                successes += 1
            }
            return .nan
        }
        let spread = (count * probability * (1 - probability)).squareRoot()
        let b = 1.15 + 2.53 * spread, a = -0.0873 + 0.0248 * b + 0.01 * probability
        let c = count * probability + 0.5, acceptance = 0.92 - 4.2 / b
        let odds = probability / (1 - probability), alpha = (2.83 + 5.1 / b) * spread
        let mode = ((count + 1) * probability).rounded(.down)
        while !random.isExhausted {
            let u = random.uniform() - 0.5, v = random.uniform()
            let us = 0.5 - Swift.abs(u)
            let k = ((2 * a / us + b) * u + c).rounded(.down)
            if k < 0 || k > count { continue }
            if us >= 0.07 && v <= acceptance { return k }
            let logV = Foundation.log(v * alpha / (a / (us * us) + b))
            let bound = (mode + 0.5) * Foundation.log((mode + 1) / (odds * (count - mode + 1)))
                + (count + 1) * Foundation.log((count - mode + 1) / (count - k + 1))
                + (k + 0.5) * Foundation.log(odds * (count - k + 1) / (k + 1))
                + stirlingError(mode + 1) + stirlingError(count - mode + 1) - stirlingError(k + 1) - stirlingError(count - k + 1)
            if logV <= bound { return k }
        }
        return .nan
    }

}
