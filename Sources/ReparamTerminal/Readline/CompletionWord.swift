/// Splits the text before the cursor into the word being completed, and decides what
/// follows an inserted candidate.
///
/// The word runs back from the cursor to the last break character. `.` and `_` are not
/// breaks, so `d.rs` stays one word and the evaluator can complete methods of `d`; `:`
/// and `?` are not breaks either, so `:he` and `?gam` complete commands and help topics.
/// GNU readline is given the same break characters, so its word and ours agree.
///
/// ```swift
/// CompletionWord.split("grad mean(d.rs").word   // "d.rs"
/// CompletionWord.appendsSpace(after: "d.rsample(") // false
/// ```
public enum CompletionWord {
    /// Characters that end a word: blanks, quotes, operators, brackets, separators.
    public static let breakCharacters = " \t\n\"'`@$><=;|&{}()[],+-*/^%!~"

    /// Where the word under completion starts (an index into `lineBeforeCursor`) and the word.
    public static func split(_ lineBeforeCursor: String) -> (start: String.Index, word: String) {
        var start = lineBeforeCursor.endIndex
        while start > lineBeforeCursor.startIndex {
            let previous = lineBeforeCursor.index(before: start)
            if breakCharacters.contains(lineBeforeCursor[previous]) { break }
            start = previous
        }
        return (start, String(lineBeforeCursor[start...]))
    }

    /// Whether a sole candidate gets a space after it: not after an opening `(` or `[`, a
    /// `.` or `:` that asks for more, nor after a `=` of a named argument.
    public static func appendsSpace(after candidate: String) -> Bool {
        guard let last = candidate.last else { return false }
        return !"([.:=/".contains(last)
    }

    /// The longest prefix that every candidate shares (what Tab inserts when several match).
    public static func commonPrefix(_ candidates: [String]) -> String {
        guard var prefix = candidates.first else { return "" }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
