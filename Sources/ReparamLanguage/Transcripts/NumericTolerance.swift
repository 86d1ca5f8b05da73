/// Compares two lines of output, numbers within a tolerance and all other text exactly.
///
/// Each line is cut into numbers (`-1.5`, `2e-07`, `0.600516`) and the text between them.
/// Texts must be equal (trailing spaces ignored); numbers a and b match when
///
///     |a − b| ≤ relative · max(|a|, |b|)            (default relative = 1e-9)
///
/// or when both show at least 6 significant digits, written with the same number of decimals d
/// (and exponent), and |a − b| ≤ 10^(−d): one unit in the last shown place, since a value rounded
/// to 6 digits can tip either way on another libm. Shorter numbers (counts, 2-digit errors) must match.
///
///     NumericTolerance(relative: 1e-9).matches("grad 0.600516", "grad 0.600517")   // true
///     NumericTolerance(relative: 1e-9).matches("grad 0.600516", "grad 0.600518")   // false
public struct NumericTolerance: Sendable, Equatable {
    public var relative: Double

    public init(relative: Double = 1e-9) {
        self.relative = relative
    }

    public func matches(_ recorded: String, _ produced: String) -> Bool {
        let a = Self.pieces(recorded.trimmingTrailingSpaces()), b = Self.pieces(produced.trimmingTrailingSpaces())
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            switch (x, y) {
            case let (.text(s), .text(t)):
                if s != t { return false }
            case let (.number(s), .number(t)):
                if !numbersMatch(s, t) { return false }
            default:
                return false
            }
        }
        return true
    }

    func numbersMatch(_ s: String, _ t: String) -> Bool {
        if s == t { return true }
        guard let a = Double(s), let b = Double(t) else { return false }
        if abs(a - b) <= relative * max(abs(a), abs(b)) { return true }
        let (da, ea) = Self.decimals(s), (db, eb) = Self.decimals(t)
        guard da == db, ea == eb, Self.significantDigits(s) >= 6, Self.significantDigits(t) >= 6 else { return false }
        let unit = pow10(ea - da)
        return abs(a - b) <= unit * (1 + 1e-9)
    }

    private func pow10(_ n: Int) -> Double {
        var value = 1.0
        for _ in 0..<abs(n) { value *= 10 }
        return n < 0 ? 1 / value : value
    }

    /// The count of digits after the point in the mantissa, and the exponent (`2.5e-07` → (1, -7)).
    static func decimals(_ number: String) -> (Int, Int) {
        let lower = number.lowercased()
        let parts = lower.split(separator: "e", maxSplits: 1)
        let mantissa = parts.first.map(String.init) ?? lower
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        guard let point = mantissa.firstIndex(of: ".") else { return (0, exponent) }
        return (mantissa.distance(from: point, to: mantissa.endIndex) - 1, exponent)
    }

    /// Digits of the mantissa from the first non-zero one (`0.00123` → 3, `600516` → 6).
    static func significantDigits(_ number: String) -> Int {
        let mantissa = number.lowercased().split(separator: "e").first ?? ""
        return mantissa.filter(\.isNumber).drop(while: { $0 == "0" }).count
    }

    enum Piece: Equatable { case text(String), number(String) }

    /// The line as alternating text and numbers. A number starts with a digit (or a minus sign
    /// or point right before a digit) that does not continue a word, so `x1` and `d.loc` stay text.
    static func pieces(_ line: String) -> [Piece] {
        let characters = Array(line)
        var result: [Piece] = []
        var text = ""
        var index = 0
        func isDigit(_ i: Int) -> Bool { i < characters.count && characters[i].isASCII && characters[i].isNumber }
        while index < characters.count {
            let c = characters[index]
            let previous: Character? = index > 0 ? characters[index - 1] : nil
            let continuesWord = previous.map { $0.isLetter || $0 == "_" || ($0.isASCII && $0.isNumber) } ?? false
            let start = index
            var isNumber = false
            if !continuesWord {
                if isDigit(index) { isNumber = true }
                else if c == "-" && (isDigit(index + 1) || (index + 2 < characters.count && characters[index + 1] == "." && isDigit(index + 2))) { isNumber = true }
                else if c == "." && isDigit(index + 1) && previous != "." { isNumber = true }
            }
            guard isNumber else {
                text.append(c)
                index += 1
                continue
            }
            if !text.isEmpty { result.append(.text(text)); text = "" }
            if characters[index] == "-" { index += 1 }
            while isDigit(index) { index += 1 }
            if index < characters.count, characters[index] == ".", isDigit(index + 1) {
                index += 1
                while isDigit(index) { index += 1 }
            }
            if index < characters.count, characters[index] == "e" || characters[index] == "E" {
                var look = index + 1
                if look < characters.count, characters[look] == "-" || characters[look] == "+" { look += 1 }
                if isDigit(look) {
                    index = look
                    while isDigit(index) { index += 1 }
                }
            }
            result.append(.number(String(characters[start..<index])))
        }
        if !text.isEmpty { result.append(.text(text)) }
        return result
    }
}
