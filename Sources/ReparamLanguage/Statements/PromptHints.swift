import Foundation

/// What a newcomer types at the prompt from other REPLs, answered helpfully:
///
///     exit, quit      → "to leave, type :quit (or press Ctrl-D)"
///     help            → "for help type :help, or ?NAME for one name (e.g. ?gamma)"
///     d?              → ?d (help on d, as in IPython)
enum PromptHints {
    static let words: [String: String] = [
        "exit": "to leave, type :quit (or press Ctrl-D)",
        "quit": "to leave, type :quit (or press Ctrl-D)",
        "help": "for help type :help, or ?NAME for one name (e.g. ?gamma); :help commands, :help keys, :help functions list more",
        "vars": "to list the variables, type :vars",
        "clear": "to clear the variables, type :reset",
    ]

    /// A diagnostic for a bare `exit`, `quit` or `help` (unless the user bound that name).
    static func hint(for line: String, lineNumber: Int) -> Diagnostic? {
        let word = line.trimmingCharacters(in: .whitespaces)
        guard let advice = words[word] else { return nil }
        let column = (line.firstIndex { !$0.isWhitespace }.map { line.distance(from: line.startIndex, to: $0) } ?? 0) + 1
        return Diagnostic("'\(word)' is not a statement here; \(advice)",
                          at: SourceRange(line: lineNumber, column: column, endColumn: column + word.count), source: line)
    }

    /// `d?` and `d.rsample?` as `?d`, `?d.rsample`; other lines unchanged.
    static func rewritten(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > 1, trimmed.hasSuffix("?"), !trimmed.hasPrefix("?") else { return line }
        let name = trimmed.dropLast()
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return line }
        return "?" + name
    }
}
