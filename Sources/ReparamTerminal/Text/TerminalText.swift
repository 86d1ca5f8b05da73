/// Text as a terminal cell grid sees it: escape sequences removed, one column per character,
/// long lines clipped or wrapped.
///
/// ```swift
/// TerminalText.stripEscapes("\u{1B}[31mred\u{1B}[0m")   // "red"
/// TerminalText.wrap("abcdef", columns: 4)                // ["abcd", "ef"]
/// ```
public enum TerminalText {
    /// Removes ANSI/VT escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, two-byte
    /// `ESC x`) and other control characters except newline and tab (tab becomes spaces to the next
    /// multiple of 8).
    public static func stripEscapes(_ text: String) -> String {
        var result = ""
        var scalars = text.unicodeScalars.makeIterator()
        var column = 0
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:
                guard let kind = scalars.next() else { return result }
                if kind == "[" {
                    while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
                } else if kind == "]" {
                    var previousWasEscape = false
                    while let next = scalars.next() {
                        if next.value == 0x07 || (previousWasEscape && next == "\\") { break }
                        previousWasEscape = next.value == 0x1B
                    }
                }
            case 0x0A:
                result.unicodeScalars.append(scalar)
                column = 0
            case 0x09:
                let spaces = 8 - column % 8
                result += String(repeating: " ", count: spaces)
                column += spaces
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                continue
            default:
                result.unicodeScalars.append(scalar)
                column += 1
            }
        }
        return result
    }

    /// The first `columns` characters of a line.
    public static func clip(_ line: String, columns: Int) -> String {
        guard columns > 0 else { return "" }
        return line.count <= columns ? line : String(line.prefix(columns))
    }

    /// A line cut into pieces of at most `columns` characters; an empty line stays one empty row.
    public static func wrap(_ line: String, columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        guard line.count > columns else { return [line] }
        var rows: [String] = []
        var rest = Substring(line)
        while !rest.isEmpty {
            rows.append(String(rest.prefix(columns)))
            rest = rest.dropFirst(columns)
        }
        return rows
    }

    /// Words laid out in columns across `width` characters, row by row, as a shell lists
    /// completions (each column two wider than the longest word; no trailing spaces).
    ///
    /// ```swift
    /// TerminalText.columns(["d.mean", "d.rsample(", "d.sample("], width: 24)
    /// // ["d.mean      d.rsample(", "d.sample("]
    /// ```
    public static func columns(_ words: [String], width: Int) -> [String] {
        let cell = (words.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / cell)
        return stride(from: 0, to: words.count, by: perRow).map { start in
            let row = words[start..<min(start + perRow, words.count)].map { $0.padding(toLength: cell, withPad: " ", startingAt: 0) }
            return String(row.joined().reversed().drop(while: { $0 == " " }).reversed())
        }
    }

    /// The text in printable ASCII for a terminal that cannot show more (`LANG=C`): the signs
    /// help, lessons and plots use by ASCII spellings a reader recognizes (Greek letters by name,
    /// `∂` as `d`, `−` as `-`, `≤` as `<=`, `²` as `^2`, `ₖ` as `_k`, arrows as `->` `<-`, box
    /// lines as `-` `|`), anything else outside ASCII as `?`.
    ///
    /// ```swift
    /// TerminalText.ascii("40×16 · ok…")                 // "40x16 - ok..."
    /// TerminalText.ascii("dz/dθ = −(∂F/∂θ)/p(z)")      // "dz/dtheta = -(dF/dtheta)/p(z)"
    /// TerminalText.ascii("← back  Σₖ πₖ Fₖ  F⁻¹")       // "<- back  sum_k pi_k F_k  F^-1"
    /// ```
    public static func ascii(_ text: String) -> String {
        var result = ""
        // A run of superscripts (or subscripts) shares one sign: F⁻¹ → F^-1, not F^-^1.
        var run: Character?
        for scalar in text.unicodeScalars {
            if let raised = superscripts[scalar] {
                if run != "^" { result += "^" }
                result += raised
                run = "^"
                continue
            }
            if let lowered = subscripts[scalar] {
                if run != "_" { result += "_" }
                result += lowered
                run = "_"
                continue
            }
            run = nil
            if scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else if let spelled = asciiSpellings[scalar] {
                result += spelled
            } else {
                result += "?"
            }
        }
        return result
    }

    static let superscripts: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = ["⁻": "-", "⁺": "+", "ᵀ": "T", "ˣ": "x", "ᵈ": "d", "ⁿ": "n", "ʲ": "j", "ⁱ": "i"]
        for (offset, superscript) in "⁰¹²³⁴⁵⁶⁷⁸⁹".unicodeScalars.enumerated() { table[superscript] = "\(offset)" }
        return table
    }()

    static let subscripts: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = ["ₖ": "k", "ᵢ": "i", "ⱼ": "j", "ₙ": "n", "ₓ": "x", "ₜ": "t", "ₘ": "m"]
        for (offset, lowered) in "₀₁₂₃₄₅₆₇₈₉".unicodeScalars.enumerated() { table[lowered] = "\(offset)" }
        return table
    }()

    /// How `ascii` spells the non-ASCII signs reparam's own texts use.
    static let asciiSpellings: [Unicode.Scalar: String] = [
        "·": "-", "×": "x", "…": "...", "─": "-", "━": "-", "┈": "-", "┊": ":", "│": "|", "┃": "|", "↵": "|",
        "├": "|", "┤": "|", "┬": "+", "┴": "+", "┼": "+", "●": "o", "•": "*",
        "−": "-", "–": "-", "—": "--", "‘": "'", "’": "'", "“": "\"", "”": "\"", "±": "+-", "÷": "/",
        "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "∝": "~", "→": "->", "←": "<-", "↑": "^", "↓": "v", "⇒": "=>",
        "∂": "d", "∇": "grad ", "Σ": "sum", "∑": "sum", "Π": "prod", "∏": "prod", "√": "sqrt", "∞": "inf", "∫": "int",
        "∈": " in ", "‖": "||", "°": " deg",
        "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps", "ζ": "zeta", "η": "eta", "θ": "theta",
        "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma",
        "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
        "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
    ]

    /// Splits text into lines at `\n`, dropping a `\r` before it (Windows line ends, pastes).
    /// Swift treats `"\r\n"` as one character, so this splits on scalars.
    ///
    /// ```swift
    /// TerminalText.lines("a\r\nb\n")   // ["a", "b", ""]
    /// ```
    public static func lines(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
            var line = String(String.UnicodeScalarView(scalars))
            if line.unicodeScalars.last == "\r" { line.unicodeScalars.removeLast() }
            return line
        }
    }
}
