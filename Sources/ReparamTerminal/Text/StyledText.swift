/// A line with ANSI color escapes, cut into runs of one style, so the pane can draw plot
/// colors with ncurses attributes instead of printing the escape bytes.
///
/// Understood SGR parameters: 0 (reset), 1 (bold), 2 (dim), 22 (normal), 30–37 and 91–97
/// (foreground; the bright ones as bold), 90 (gray: the default color, dim), 38;5;n for
/// n < 16, 39 (default foreground).
/// Everything else is dropped with its escape.
///
/// ```swift
/// StyledText.runs("a\u{1B}[31mb\u{1B}[0mc")
/// // [Run("a"), Run("b", color: 1), Run("c")]
/// ```
public enum StyledText {
    public struct Run: Equatable, Sendable {
        public var text: String
        /// ANSI color number 0–7 (black red green yellow blue magenta cyan white), nil for the default.
        public var color: Int?
        public var bold: Bool
        public var dim: Bool

        public init(_ text: String, color: Int? = nil, bold: Bool = false, dim: Bool = false) {
            self.text = text
            self.color = color
            self.bold = bold
            self.dim = dim
        }
    }

    public static func runs(_ line: String) -> [Run] {
        var runs: [Run] = []
        var current = Run("")
        var scalars = Array(line.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            guard scalar.value == 0x1B else {
                current.text.unicodeScalars.append(scalar)
                continue
            }
            guard scalars.first == "[" else {
                // Not a CSI sequence: leave it to stripEscapes with the rest of the text.
                current.text.unicodeScalars.append(scalar)
                continue
            }
            scalars.removeFirst()
            var body = ""
            var final: Unicode.Scalar?
            while let next = scalars.popFirst() {
                if (0x40...0x7E).contains(next.value) { final = next; break }
                body.unicodeScalars.append(next)
            }
            guard final == "m" else { continue }
            var style = current
            style.text = ""
            apply(body, to: &style)
            if style.color != current.color || style.bold != current.bold || style.dim != current.dim {
                if !current.text.isEmpty { runs.append(current) }
                current = style
            }
        }
        if !current.text.isEmpty || runs.isEmpty { runs.append(current) }
        return runs.map { Run(TerminalText.stripEscapes($0.text), color: $0.color, bold: $0.bold, dim: $0.dim) }
    }

    private static func apply(_ parameters: String, to style: inout Run) {
        let codes = parameters.isEmpty ? [0] : parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        var index = 0
        while index < codes.count {
            let code = codes[index]
            switch code {
            case 0: style.color = nil; style.bold = false; style.dim = false
            case 1: style.bold = true
            case 2: style.dim = true
            case 22: style.bold = false; style.dim = false
            case 30...37: style.color = code - 30; style.dim = false
            case 90: style.color = nil; style.dim = true
            case 91...97: style.color = code - 90; style.bold = true
            case 39: style.color = nil; style.dim = false
            case 38:
                if index + 2 < codes.count, codes[index + 1] == 5 {
                    let color = codes[index + 2]
                    if color < 8 { style.color = color } else if color < 16 { style.color = color - 8; style.bold = true }
                    index += 2
                }
            default: break
            }
            index += 1
        }
    }
}
