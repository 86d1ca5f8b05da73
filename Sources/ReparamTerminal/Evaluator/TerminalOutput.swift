/// One piece of what a statement produced, as the terminal routes it.
///
/// | case    | pane mode            | plain REPL / pipe | `run`, `-e`       |
/// |---------|----------------------|-------------------|-------------------|
/// | `text`  | scrollback           | stdout            | stdout            |
/// | `plot`  | the plot pane        | stdout            | stdout            |
/// | `error` | scrollback           | stdout            | stderr, and stops |
/// | `quit`  | leaves               | leaves            | stops (status 0 unless a line failed) |
/// | `replay`| steps through it     | its transcript    | its transcript    |
///
/// With `--json` the evaluator formats every result (errors included) as JSON lines; the
/// terminal prints `error` on stdout then, so stdout stays one object per statement, but
/// still stops at it (unless `--keep-going`).
public enum TerminalOutput: Equatable, Sendable {
    /// Result text; may span several lines (split at `\n`).
    case text(String)
    /// A picture: lines of text, drawn in the pane when there is one.
    case plot([String])
    /// What went wrong, already explained (caret, suggestion); may span several lines.
    case error(String)
    /// The statement asked to leave (`:quit`).
    case quit
    /// `:replay FILE`: show the session at `path` (stepped in the pane, printed elsewhere).
    case replay(path: String)
}
