/// Splits one line of source into tokens.
///
/// Numbers: `3`, `1.5`, `.5`, `1e-3` (but `1..3` is `1`, `..`, `3`).
/// Strings in double or single quotes with `\n \t \\ \"` escapes.
/// Names start with a letter or `_` (Greek letters welcome: `η`).
/// `**` is accepted as a synonym for `^`. `#` starts a comment.
///
///     try Lexer.tokens(of: "grad mean(x^2)", line: 1).map(\.text)
///     // ["grad", "mean", "(", "x", "^", "2", ")", ""]
public struct Lexer {
    private let characters: [Character]
    private let source: String
    private let line: Int
    private var index = 0

    private init(source: String, line: Int) {
        self.source = source
        self.characters = Array(source)
        self.line = line
    }

    /// Every token of `source`, ending with one `.end` token.
    public static func tokens(of source: String, line: Int = 1) throws -> [Token] {
        var lexer = Lexer(source: source, line: line)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Character? {
        let position = index + offset
        return position < characters.count ? characters[position] : nil
    }

    private func range(from start: Int) -> SourceRange {
        SourceRange(line: line, column: start + 1, endColumn: index + 1)
    }

    private func error(_ message: String, from start: Int, to end: Int) -> Diagnostic {
        Diagnostic(message, at: SourceRange(line: line, column: start + 1, endColumn: end + 1), source: source)
    }

    private mutating func next() throws -> Token {
        while let character = peek(), character.isWhitespace { index += 1 }
        let start = index
        guard let character = peek(), character != "#" else {
            index = characters.count
            return Token(kind: .end, text: "", range: range(from: start))
        }
        if character.isASCIIDigit || (character == "." && (peek(1)?.isASCIIDigit ?? false) && !followsOperand) {
            return try number()
        }
        if character.isLetter || character == "_" {
            while let next = peek(), next.isLetter || next.isNumber || next == "_" { index += 1 }
            let text = String(characters[start..<index])
            return Token(kind: .identifier(text), text: text, range: range(from: start))
        }
        if character == "\"" || character == "'" {
            return try string(quote: character)
        }
        return try symbol()
    }

    /// Whether the previous character ends an operand, making a following
    /// `.` a member access (`d.3` is an error, not `d` then `0.3`).
    private var followsOperand: Bool {
        guard index > 0 else { return false }
        let before = characters[index - 1]
        return before.isLetter || before.isNumber || before == "_" || before == ")" || before == "]"
    }

    private mutating func number() throws -> Token {
        let start = index
        while peek()?.isASCIIDigit ?? false { index += 1 }
        // A '.' belongs to the number unless it starts '..' (a range).
        if peek() == ".", peek(1) != "." {
            index += 1
            while peek()?.isASCIIDigit ?? false { index += 1 }
        }
        if let e = peek(), e == "e" || e == "E" {
            var cursor = 1
            if let sign = peek(1), sign == "+" || sign == "-" { cursor = 2 }
            if peek(cursor)?.isASCIIDigit ?? false {
                index += cursor
                while peek()?.isASCIIDigit ?? false { index += 1 }
            } else if !(peek(cursor)?.isLetter ?? false) {
                // `1e`, `1e-`: an exponent without digits (`2em` lexes as 2 and em).
                index += cursor
                throw error("malformed number '\(String(characters[start..<index]))': the exponent needs digits, e.g. 1e-3",
                            from: start, to: index)
            }
        }
        let text = String(characters[start..<index])
        guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
            throw error("malformed number '\(text)'", from: start, to: index)
        }
        return Token(kind: .number(value), text: text, range: range(from: start))
    }

    private mutating func string(quote: Character) throws -> Token {
        let start = index
        index += 1
        var value = ""
        while let character = peek() {
            index += 1
            if character == quote {
                return Token(kind: .string(value), text: String(characters[start..<index]), range: range(from: start))
            }
            if character == "\\", let escaped = peek() {
                index += 1
                switch escaped {
                case "n": value.append("\n")
                case "t": value.append("\t")
                default: value.append(escaped)
                }
            } else {
                value.append(character)
            }
        }
        throw error("unterminated string: add a closing \(quote)", from: start, to: index)
    }

    private mutating func symbol() throws -> Token {
        let start = index
        let character = peek()!
        let pair = String([character] + (peek(1).map { [$0] } ?? []))
        let symbol: Symbol
        switch pair {
        case "**": symbol = .caret
        case "..": symbol = .dotDot
        case "=>": symbol = .arrow
        case "==": symbol = .equal
        case "!=": symbol = .notEqual
        case "<=": symbol = .lessEqual
        case ">=": symbol = .greaterEqual
        default:
            guard let single = Symbol(rawValue: String(character)) else {
                throw unexpected(character, at: start)
            }
            index += 1
            return Token(kind: .symbol(single), text: String(character), range: range(from: start))
        }
        index += 2
        return Token(kind: .symbol(symbol), text: pair, range: range(from: start))
    }

    private func unexpected(_ character: Character, at position: Int) -> Diagnostic {
        let advice: String
        switch character {
        case "!": advice = "; for 'not equal' write '!='"
        case "&", "|": advice = "; the language has no logical operators, compare with == != < <= > >="
        case "{", "}": advice = "; vectors and matrices use square brackets, e.g. [1, 2, 3]"
        case ";": advice = "; write one statement per line"
        default: advice = ""
        }
        return error("unexpected character '\(character)'\(advice)", from: position, to: position + 1)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
