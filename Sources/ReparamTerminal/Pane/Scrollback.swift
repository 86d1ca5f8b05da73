/// The results shown under the pane: the newest lines, wrapped to the window's width.
///
/// Keeps at most `capacity` logical lines (oldest dropped first); drawing wraps them at
/// the current width, so a resize re-flows the text instead of losing it.
///
/// ```swift
/// var scrollback = Scrollback()
/// scrollback.append("reparam> 1 + 1")
/// scrollback.append("2")
/// scrollback.visibleRows(columns: 80, rows: 5)   // ["reparam> 1 + 1", "2"]
/// ```
public struct Scrollback: Sendable {
    public let capacity: Int
    public private(set) var lines: [String] = []

    public init(capacity: Int = 2000) {
        self.capacity = max(capacity, 1)
    }

    /// Adds text, one logical line per `\n`-separated piece, escape sequences removed.
    public mutating func append(_ text: String) {
        for line in TerminalText.lines(text) {
            lines.append(TerminalText.stripEscapes(line))
        }
        if lines.count > capacity { lines.removeFirst(lines.count - capacity) }
    }

    /// The last `rows` screen rows at width `columns`, oldest first.
    public func visibleRows(columns: Int, rows: Int) -> [String] {
        guard rows > 0, columns > 0 else { return [] }
        var visible: [String] = []
        for line in lines.reversed() {
            let wrapped = TerminalText.wrap(line, columns: columns)
            visible.insert(contentsOf: wrapped, at: 0)
            if visible.count >= rows { break }
        }
        return Array(visible.suffix(rows))
    }
}
