/// Where a piece of source text lives: a line and a half-open span of
/// columns, both counted from 1 in characters.
///
///     // "grad mean(x)": the call `mean(x)` is line 1, columns 6..<13
///     SourceRange(line: 1, column: 6, endColumn: 13)
public struct SourceRange: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// One past the last column covered; equal to `column` for an empty span.
    public var endColumn: Int

    public init(line: Int, column: Int, endColumn: Int) {
        self.line = line
        self.column = column
        self.endColumn = max(column, endColumn)
    }

    /// The smallest range covering both `self` and `other` (same line).
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(line: line, column: min(column, other.column),
                    endColumn: max(endColumn, other.endColumn))
    }

    public var description: String { "\(line):\(column)" }
}
