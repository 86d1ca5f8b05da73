/// Where the pane, the scrollback and the input line go on a screen of a given size.
///
/// With room (at least `minimumColumns` × `minimumRows`): the plot pane on top, a rule,
/// the scrollback, and the input line on the last row; the pane takes 3/5 of the rows
/// left after the rule and the input line:
///
///     paneRows = ⌊(rows − 2) · 3 / 5⌋,  scrollbackRows = rows − 2 − paneRows
///
/// Without room: no pane; a one-line notice on top (when there are 3 rows or more), the
/// scrollback, the input line; plots then print into the scrollback.
///
/// ```swift
/// let layout = PaneLayout(columns: 80, rows: 24)
/// // layout.paneRows == 13, layout.ruleRow == 13, layout.scrollbackRows == 9, layout.inputRow == 23
/// ```
public struct PaneLayout: Equatable, Sendable {
    public static let minimumColumns = 40
    public static let minimumRows = 16

    public let columns: Int
    public let rows: Int
    /// Rows of the plot pane, from row 0; 0 when the pane does not fit.
    public let paneRows: Int
    /// The row of the rule between pane and scrollback, or of the too-small notice; nil when neither.
    public let ruleRow: Int?
    public let scrollbackTop: Int
    public let scrollbackRows: Int
    public let inputRow: Int
    /// The one-line explanation shown when the pane does not fit.
    public let notice: String?

    public var showsPane: Bool { paneRows > 0 }

    /// The size of a picture: the pane's, or without a pane the width and at least
    /// `fallbackPlotRows` rows, since plots then print into the (scrollable) results.
    public var plotColumns: Int { columns }
    public var plotRows: Int { showsPane ? paneRows : max(scrollbackRows, Self.fallbackPlotRows) }
    public static let fallbackPlotRows = 12

    public init(columns: Int, rows: Int) {
        let columns = max(columns, 1), rows = max(rows, 1)
        self.columns = columns
        self.rows = rows
        inputRow = rows - 1
        if columns >= Self.minimumColumns && rows >= Self.minimumRows {
            paneRows = (rows - 2) * 3 / 5
            ruleRow = paneRows
            scrollbackTop = paneRows + 1
            scrollbackRows = rows - 2 - paneRows
            notice = nil
        } else {
            paneRows = 0
            let text = "terminal too small for the plot pane (needs \(Self.minimumColumns)×\(Self.minimumRows)); plots print below"
            if rows >= 3 {
                ruleRow = 0
                notice = text
                scrollbackTop = 1
                scrollbackRows = rows - 2
            } else {
                ruleRow = nil
                notice = nil
                scrollbackTop = 0
                scrollbackRows = rows - 1
            }
        }
    }
}
