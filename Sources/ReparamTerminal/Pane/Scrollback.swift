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

    /// `rows` screen rows at width `columns`, oldest first, ending `scrolledBack` rows above
    /// the newest (0: the newest rows). `scrolledBack` is clamped so the window never runs
    /// past the oldest row.
    public func visibleRows(columns: Int, rows: Int, scrolledBack: Int = 0) -> [String] {
        guard rows > 0, columns > 0 else { return [] }
        let wanted = rows + max(scrolledBack, 0)
        var visible: [String] = []
        for line in lines.reversed() {
            visible.insert(contentsOf: TerminalText.wrap(line, columns: columns), at: 0)
            if visible.count >= wanted { break }
        }
        let end = max(visible.count - max(scrolledBack, 0), min(rows, visible.count))
        return Array(visible[max(0, end - rows)..<end])
    }

    /// How many screen rows all lines take at width `columns`.
    public func rowCount(columns: Int) -> Int {
        guard columns > 0 else { return 0 }
        return lines.reduce(0) { $0 + TerminalText.wrap($1, columns: columns).count }
    }
}
