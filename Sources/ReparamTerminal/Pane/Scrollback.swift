/// The results shown under the pane: the newest lines, wrapped to the window's width, each
/// with the role it is drawn in (a replay's comments apart from output, errors in red).
///
/// Keeps at most `capacity` logical lines (oldest dropped first); drawing wraps them at
/// the current width, so a resize re-flows the text instead of losing it. Escape sequences are
/// removed on the way in: how a line looks comes from its `Role`, which the screen draws.
///
/// ```swift
/// var scrollback = Scrollback()
/// scrollback.append("# the mean moves with loc", as: .comment)
/// scrollback.append("reparam> 1 + 1")
/// scrollback.append("2")
/// scrollback.visibleRows(columns: 80, rows: 5)   // ["# the mean moves with loc", "reparam> 1 + 1", "2"]
/// scrollback.visibleStyledRows(columns: 80, rows: 5)[0].role   // .comment
/// ```
public struct Scrollback: Sendable {
    /// How a line is drawn.
    public enum Role: Sendable, Equatable {
        /// Commands and results, in the terminal's own colours.
        case output
        /// A replay's narration (`# …`): dim, so it reads apart from what the commands printed.
        case comment
        /// What went wrong: red where colour is allowed.
        case error
    }

    public let capacity: Int
    private var entries: [(text: String, role: Role)] = []

    /// The logical lines, oldest first.
    public var lines: [String] { entries.map(\.text) }

    public init(capacity: Int = 2000) {
        self.capacity = max(capacity, 1)
    }

    /// Adds text, one logical line per `\n`-separated piece, escape sequences removed.
    public mutating func append(_ text: String, as role: Role = .output) {
        for line in TerminalText.lines(text) {
            entries.append((TerminalText.stripEscapes(line), role))
        }
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// `rows` screen rows at width `columns`, oldest first, ending `scrolledBack` rows above
    /// the newest (0: the newest rows). `scrolledBack` is clamped so the window never runs
    /// past the oldest row.
    public func visibleRows(columns: Int, rows: Int, scrolledBack: Int = 0) -> [String] {
        visibleStyledRows(columns: columns, rows: rows, scrolledBack: scrolledBack).map(\.text)
    }

    /// `visibleRows` with the role of the line each row comes from.
    public func visibleStyledRows(columns: Int, rows: Int, scrolledBack: Int = 0) -> [(text: String, role: Role)] {
        guard rows > 0, columns > 0 else { return [] }
        let wanted = rows + max(scrolledBack, 0)
        var visible: [(text: String, role: Role)] = []
        for entry in entries.reversed() {
            visible.insert(contentsOf: TerminalText.wrap(entry.text, columns: columns).map { ($0, entry.role) }, at: 0)
            if visible.count >= wanted { break }
        }
        let end = max(visible.count - max(scrolledBack, 0), min(rows, visible.count))
        return Array(visible[max(0, end - rows)..<end])
    }

    /// How many screen rows all lines take at width `columns`.
    public func rowCount(columns: Int) -> Int {
        guard columns > 0 else { return 0 }
        return entries.reduce(0) { $0 + TerminalText.wrap($1.text, columns: columns).count }
    }
}
