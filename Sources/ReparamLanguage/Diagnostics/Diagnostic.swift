/// An error in a line, with the place it points at.
///
/// The message says what is wrong and what would be right; `rendered` shows
/// it the way a person reads it, with the line and a caret under the column:
///
///     error: expected ')' to close '(' at column 10
///       grad mean(d.rsample(1000)
///                                ^
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var range: SourceRange
    /// The full text of the line the range points into (for the caret display).
    public var source: String

    public init(_ message: String, at range: SourceRange, source: String = "") {
        self.message = message
        self.range = range
        self.source = source
    }

    public var line: Int { range.line }
    public var column: Int { range.column }

    /// `error: …`, then the source line and a caret, each indented by two spaces.
    public var rendered: String {
        guard !source.isEmpty else { return "error: \(message)" }
        // Tabs would shift the caret: show each as one space.
        let shown = String(source.map { $0 == "\t" ? " " : $0 })
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return "error: \(message)\n  \(shown)\n  \(caret)"
    }

    public var description: String { rendered }
}
