import Foundation

/// How plots write numbers: tick labels with the decimals their step needs, summary values
/// with a few significant digits, exponents written short (`2.5e-5`, `1e6`).
enum PlotNumberFormat {
    /// Tick labels for `values`, all multiples of `step`: `[0, 0.25, 0.5]`, `[-10, 0, 10]`,
    /// `[0, 2e-5, 4e-5]` when the numbers are very small or very large.
    static func tickLabels(_ values: [Double], step: NiceStep) -> [String] {
        let largest = values.map(abs).max() ?? 0
        let scientific = largest >= 1e6 || (step.value < 1e-4)
        if !scientific {
            return values.map { fixed($0, decimals: step.decimals) }
        }
        // Mantissa digits needed: how many places the step sits below the largest label's magnitude.
        let magnitude = largest > 0 ? Int(floor(log10(largest))) : step.exponent
        let digits = min(4, max(0, magnitude - step.exponent + (step.mantissa == 2.5 ? 1 : 0)))
        return values.map { $0 == 0 ? "0" : exponential($0, digits: digits) }
    }

    /// `value` with exactly `decimals` decimals, never "-0".
    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return isNegativeZero(text) ? String(text.dropFirst()) : text
    }

    /// `value` with at most `digits` significant digits, trailing zeros dropped:
    /// 2.0134 → "2.013", 4.970 → "4.97", 2 → "2", 1234567 → "1.235e6".
    static func significant(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 {
            return exponential(value, digits: digits - 1)
        }
        let exponent = Int(floor(log10(magnitude)))
        let decimals = max(0, digits - 1 - exponent)
        return trimZeros(fixed(value, decimals: decimals))
    }

    /// `value` as `m e k` with `digits` mantissa decimals, zeros trimmed: "2.5e-5", "1e6".
    static func exponential(_ value: Double, digits: Int) -> String {
        let text = String(format: "%.\(max(0, digits))e", value)
        guard let split = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: split)...]) else {
            return text
        }
        return trimZeros(String(text[..<split])) + "e\(exponent)"
    }

    static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.last == "0" { trimmed = trimmed.dropLast() }
        if trimmed.last == "." { trimmed = trimmed.dropLast() }
        return isNegativeZero(String(trimmed)) ? "0" : String(trimmed)
    }

    private static func isNegativeZero(_ text: String) -> Bool {
        text.hasPrefix("-") && text.dropFirst().allSatisfy { $0 == "0" || $0 == "." }
    }
}
