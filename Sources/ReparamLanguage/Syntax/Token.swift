/// The punctuation and operators of the language.
public enum Symbol: String, Sendable, CaseIterable {
    case plus = "+", minus = "-", star = "*", slash = "/", caret = "^", at = "@"
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case comma = ",", colon = ":", dot = ".", dotDot = "..", arrow = "=>"
    case assign = "=", equal = "==", notEqual = "!=", less = "<", lessEqual = "<="
    case greater = ">", greaterEqual = ">=", question = "?"
}

/// One lexical unit of a line: what it is, its text as typed, and where it is.
public struct Token: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case number(Double)
        case string(String)
        case identifier(String)
        case symbol(Symbol)
        case end
    }

    public var kind: Kind
    /// The characters as typed (`1e-3`, `"hi"`), used in messages.
    public var text: String
    public var range: SourceRange

    /// How the token is named in an error message: `'+'`, `'rate'`, or `end of line`.
    var quoted: String {
        if case .end = kind { return "the end of the line" }
        return "'\(text)'"
    }

    func isSymbol(_ symbol: Symbol) -> Bool { kind == .symbol(symbol) }

    func isWord(_ word: String) -> Bool { kind == .identifier(word) }

    var identifier: String? {
        if case let .identifier(name) = kind { return name }
        return nil
    }
}
