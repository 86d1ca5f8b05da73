import Foundation

/// Numbers for people (significant digits) and for machines (round-trip).
enum NumberFormat {
    /// `digits` significant digits, trailing zeros dropped, compact exponents:
    ///
    ///     short(1/3) == "0.333333";  short(2) == "2";  short(1.5e-7) == "1.5e-7"
    static func short(_ value: Double, digits: Int = 6) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        var text = String(format: "%.\(max(1, min(digits, 17)))g", value)
        var exponent = ""
        if let e = text.firstIndex(of: "e") {
            exponent = String(text[e...])
            text = String(text[..<e])
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if !exponent.isEmpty {
            // e+06 → e6, e-05 → e-5
            let sign = exponent.dropFirst().first == "-" ? "-" : ""
            let magnitude = exponent.drop(while: { !$0.isNumber }).drop(while: { $0 == "0" })
            exponent = "e" + sign + (magnitude.isEmpty ? "0" : String(magnitude))
        }
        return text + exponent
    }

    /// The shortest text that reads back as exactly `value` (integers without
    /// a decimal point); non-finite values as the strings JSON readers accept
    /// by convention: "NaN", "Infinity", "-Infinity".
    static func roundTrip(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        if value.rounded() == value, abs(value) < 9.007199254740992e15 {
            return value == 0 && value.sign == .minus ? "-0" : String(Int64(value))
        }
        return "\(value)"
    }
}
