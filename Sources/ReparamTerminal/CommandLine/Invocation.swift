/// What the command line asked for, after parsing (see `ReparamCommand`).
///
/// ```swift
/// let invocation = try ReparamCommand.invocation(for: ["run", "fit.rp", "--json"])
/// // invocation.command == .run(path: "fit.rp"), invocation.json == true
/// ```
public struct Invocation: Equatable, Sendable {
    public enum Command: Equatable, Sendable {
        /// No command: the pane in a terminal, the plain REPL otherwise.
        case interactive
        /// `run FILE`; `-` reads the script from stdin.
        case run(path: String)
        /// `-e STATEMENT`, repeatable, in order.
        case evaluate(statements: [String])
        /// `replay [--check] [--pace S] FILE...`: replay or check saved sessions.
        case replay(ReplayRequest)
        /// `lessons`: the course with its titles.
        case lessons
    }

    public var command: Command = .interactive
    /// `--plain`: no ncurses pane even in a terminal (readline only).
    public var plain = false
    /// `--json` (with `run` and `-e`): one JSON object per statement.
    public var json = false
    /// `--keep-going` (with `run` and `-e`): do not stop at the first error.
    public var keepGoing = false

    public init() {}
}

/// A command line that cannot be run, with a message saying what would be right (thrown from
/// `validate()`, so swift-argument-parser reports it as it would a `ValidationError`).
public struct CommandLineError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
