/// What the terminal needs from a language: evaluate one line, complete a word, stop on request.
///
/// The terminal owns the screen and the keyboard; the evaluator owns meaning. Every mode
/// (the ncurses pane, the plain readline REPL, a pipe, `reparam run`, `-e`) drives the same
/// evaluator through this protocol, so a statement answers the same way everywhere.
///
/// Threads: in the interactive modes `evaluate` runs on a background thread while the main
/// thread keeps reading the keyboard, so `requestInterrupt()` arrives on *another* thread
/// while `evaluate` is running and must be safe to call then (set an atomic flag that the
/// long loops check). The evaluator calls `onFrame` and `onProgress` on its own
/// (evaluating) thread; the terminal's closures are thread-safe. Everything else is called
/// on the main thread, never while `evaluate` is running.
///
/// ```swift
/// final class Echo: LineEvaluator {
///     var onFrame: (([String]) -> Void)?
///     var onProgress: ((String) -> Void)?
///     func evaluate(_ line: String) -> [TerminalOutput] { [.text(line)] }
///     func completions(for word: String, line: String) -> [String] { [] }
///     func requestInterrupt() {}
/// }
/// ```
public protocol LineEvaluator: AnyObject {
    /// Evaluates one statement (one line, no newline) and returns what it produced, in order.
    func evaluate(_ line: String) -> [TerminalOutput]

    /// The full replacements for `word`, the text before the cursor back to the last word
    /// break (see `CompletionWord`), given the whole `line` for context. `"d.rs"` might give
    /// `["d.rsample("]`; a candidate ending in `(` or `.` gets no space after it.
    func completions(for word: String, line: String) -> [String]

    /// Asks a running `evaluate` to stop soon and return what it has (Ctrl-C). Thread-safe.
    func requestInterrupt()

    /// Set by the terminal before `evaluate` when a live pane can show intermediate pictures
    /// (a `fit` redrawing its loss trace); `nil` in the plain modes, where the evaluator
    /// should print progress lines instead. Call it as often as convenient: the terminal
    /// keeps only the newest frame and redraws at most about 30 times a second.
    var onFrame: (([String]) -> Void)? { get set }

    /// Set by the terminal before `evaluate` in every mode: a line of progress to show while
    /// the evaluation runs (a `fit` reporting every so many steps). Printed at once in the
    /// plain modes, added to the scrollback in the pane. Called on the evaluating thread.
    var onProgress: ((String) -> Void)? { get set }

    /// Tells the evaluator how large a picture can be: the pane's inside in the pane (the
    /// width and at least 12 rows when the pane does not fit), the terminal's width × 24 in
    /// the readline REPL; scripts and pipes never call it, so the evaluator's default holds.
    /// Returns the last picture re-rendered at the new size, or `nil` to keep showing the
    /// old one (clipped). Called on start and after every resize.
    func resizePlots(columns: Int, rows: Int) -> [String]?

    /// Tells a running `evaluate` the pane's new size, so its next live frames (a `fit`'s, a
    /// `sweep`'s) are laid out for it. Thread-safe; `resizePlots` still follows when it returns.
    func requestPlotSize(columns: Int, rows: Int)
}

extension LineEvaluator {
    /// Evaluators that draw at one fixed size ignore the pane's size.
    public func resizePlots(columns: Int, rows: Int) -> [String]? { nil }
    public func requestPlotSize(columns: Int, rows: Int) {}
}
