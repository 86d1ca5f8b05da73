/// How the program was started, for the code that builds the evaluator.
///
/// ```swift
/// ReparamTerminal.main(arguments: CommandLine.arguments) { configuration in
///     LanguageEvaluator(json: configuration.json)
/// }
/// ```
public struct EvaluatorConfiguration: Equatable, Sendable {
    /// Where the answers go.
    public enum Mode: Equatable, Sendable {
        /// ncurses pane with live plots.
        case pane
        /// GNU readline prompt writing to the terminal, no pane (`--plain` in a terminal).
        case readline
        /// Lines from a pipe or file answered on stdout (stdin not a terminal).
        case plain
        /// `reparam run` or `-e`: a script, stopping at the first error.
        case script
    }

    public var mode: Mode
    /// `--json`: one JSON object per statement.
    public var json: Bool
    /// Whether plots may use color (false when `NO_COLOR` is set or stdout is not a terminal).
    public var color: Bool

    /// Whether the terminal shows Unicode (a UTF-8 locale): braille and block plots, or ASCII.
    public var unicode: Bool

    public init(mode: Mode, json: Bool = false, color: Bool = false, unicode: Bool = false) {
        self.mode = mode
        self.json = json
        self.color = color
        self.unicode = unicode
    }
}

/// Builds the evaluator once the mode is known.
public typealias EvaluatorFactory = (EvaluatorConfiguration) -> sending LineEvaluator
