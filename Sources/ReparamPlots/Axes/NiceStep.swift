import Foundation

/// A "nice" tick spacing: `mantissa × 10^exponent` with mantissa 1, 2, 2.5 or 5.
///
///     NiceStep.atLeast(0.37)   // 0.5  (mantissa 5, exponent −1)
///     NiceStep.atLeast(0.37).next   // 1
public struct NiceStep: Sendable, Equatable {
    public let mantissa: Double
    public let exponent: Int

    static let mantissas: [Double] = [1, 2, 2.5, 5]

    public init(mantissa: Double, exponent: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    public var value: Double { scaled(1) }

    /// `k × step`, computed so that e.g. 3 × 0.1 is the double nearest 0.3 (divide by an exact
    /// power of ten instead of multiplying by an inexact one).
    public func scaled(_ k: Int) -> Double {
        let multiple = Double(k) * mantissa
        return exponent >= 0 ? multiple * pow(10, Double(exponent)) : multiple / pow(10, Double(-exponent))
    }

    /// The smallest nice step ≥ `raw` (`raw` must be positive and finite).
    public static func atLeast(_ raw: Double) -> NiceStep {
        var exponent = Int(floor(log10(raw)))
        while true {
            for mantissa in mantissas {
                let step = NiceStep(mantissa: mantissa, exponent: exponent)
                if step.value >= raw * (1 - 1e-12) { return step }
            }
            exponent += 1
        }
    }

    /// The next larger nice step: 1 → 2 → 2.5 → 5 → 10.
    public var next: NiceStep {
        guard let index = Self.mantissas.firstIndex(of: mantissa), index + 1 < Self.mantissas.count else {
            return NiceStep(mantissa: 1, exponent: exponent + 1)
        }
        return NiceStep(mantissa: Self.mantissas[index + 1], exponent: exponent)
    }

    /// Decimals that show every multiple of this step exactly: 0.25 needs 2, 0.5 needs 1, 20 needs 0.
    var decimals: Int { max(0, -exponent + (mantissa == 2.5 ? 1 : 0)) }
}
