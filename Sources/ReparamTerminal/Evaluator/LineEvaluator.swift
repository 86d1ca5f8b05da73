import ReparamLanguage

/// What the terminal needs from a language: evaluate one line, complete a word, stop on request.
///
/// The terminal owns the screen and the keyboard; the evaluator owns meaning. Every mode
/// (the ncurses pane, the plain readline REPL, a pipe, `reparam run`, `-e`) drives the same
/// evaluator through this protocol, so a statement answers the same way everywhere.
///
/// Threads: in the interactive modes the evaluator is handed to an `EvaluatorHost`, which
/// lets one thread at a time use it: `evaluate` runs on a background thread while the main
/// thread keeps reading the keyboard, and completion and resizes come from the main thread
/// between evaluations. Only `interrupt` is called while `evaluate` runs, from the keyboard
/// thread, so it is `@Sendable` (raise an atomic flag that the long loops check). The
/// evaluator calls `onFrame` and `onProgress` on its own (evaluating) thread; they are the
/// terminal's `@Sendable` sinks. The evaluator keeps no clock: pacing is the terminal's.
///
/// ```swift
/// final class Echo: LineEvaluator {
///     var onFrame: (@Sendable (LiveFrame) -> Void)?
///     var drawsFramePictures = false
///     var onProgress: (@Sendable (String) -> Void)?
///     let interrupt: @Sendable () -> Void = {}
///     func evaluate(_ line: String) -> [TerminalOutput] { [.text(line)] }
///     func completions(for word: String, line: String) -> [String] { [] }
/// }
/// ```
public protocol LineEvaluator: AnyObject {
    /// Evaluates one statement (one line, no newline) and returns what it produced, in order.
    func evaluate(_ line: String) -> [TerminalOutput]

    /// The full replacements for `word`, the text before the cursor back to the last word
    /// break (see `CompletionWord`), given the whole `line` for context. `"d.rs"` might give
    /// `["d.rsample("]`; a candidate ending in `(` or `.` gets no space after it.
    func completions(for word: String, line: String) -> [String]

    /// Asks a running `evaluate` to stop soon and return what it has (Ctrl-C); callable from
    /// any thread while `evaluate` runs on another.
    var interrupt: @Sendable () -> Void { get }

    /// Set by the terminal before `evaluate` in the live modes (the pane, the readline REPL);
    /// `nil` in scripts and pipes, which never wait. A running statement sends a frame
    /// wherever its picture could change; the terminal waits out the frame's `hold` (`pace`),
    /// builds the picture when its frame rate allows (at most 30 a second) and draws it. The
    /// call may block: that is how a paced statement is paced. Called on the evaluating thread.
    var onFrame: (@Sendable (LiveFrame) -> Void)? { get set }

    /// Set with `onFrame`: whether the terminal draws the frames' pictures (a pane with room
    /// for them). When false, frames only pace the statement, and its progress (a sweep's
    /// frames included) goes to `onProgress` as text.
    var drawsFramePictures: Bool { get set }

    /// Set by the terminal before `evaluate` in every mode: a line of progress to show while
    /// the evaluation runs (a `fit` reporting every so many steps). Printed at once in the
    /// plain modes, added to the scrollback in the pane. Called on the evaluating thread.
    var onProgress: (@Sendable (String) -> Void)? { get set }

    /// Tells the evaluator how large a picture can be: the pane's inside in the pane (the
    /// width and at least 12 rows when the pane does not fit), the terminal's width × 24 in
    /// the readline REPL (fewer rows when the terminal is shorter); scripts and pipes never
    /// call it, so the evaluator's default holds.
    /// Returns the last picture re-rendered at the new size, or `nil` to keep showing the
    /// old one (clipped). Called on start and after every resize.
    func resizePlots(columns: Int, rows: Int) -> [String]?

    /// Tells a running `evaluate` the pane's new size (columns, rows), so its next live frames
    /// (a `fit`'s, a `sweep`'s) are laid out for it. Like `interrupt`, called from the keyboard
    /// thread while `evaluate` runs; `resizePlots` still follows when it returns.
    var requestPlotSize: @Sendable (_ columns: Int, _ rows: Int) -> Void { get }
}

extension LineEvaluator {
    /// Evaluators whose frames always carry pictures ignore the setting.
    public var drawsFramePictures: Bool {
        get { true }
        set {}
    }
    /// Evaluators that draw at one fixed size ignore the pane's size.
    public func resizePlots(columns: Int, rows: Int) -> [String]? { nil }
    public var requestPlotSize: @Sendable (_ columns: Int, _ rows: Int) -> Void { { _, _ in } }
}
