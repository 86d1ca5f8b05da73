import Foundation

/// What the program knows about where it runs: which streams are terminals, `TERM`,
/// `NO_COLOR`, and whether the locale is UTF-8.
struct TerminalFacts: Equatable {
    var inputIsTerminal: Bool
    var outputIsTerminal: Bool
    var errorIsTerminal: Bool
    /// `TERM`, nil when unset.
    var term: String?
    /// `NO_COLOR` set to anything non-empty (https://no-color.org).
    var noColor: Bool
    var unicode: Bool

    init(inputIsTerminal: Bool, outputIsTerminal: Bool, errorIsTerminal: Bool,
         term: String?, noColor: Bool, unicode: Bool) {
        self.inputIsTerminal = inputIsTerminal
        self.outputIsTerminal = outputIsTerminal
        self.errorIsTerminal = errorIsTerminal
        self.term = term
        self.noColor = noColor
        self.unicode = unicode
    }

    init(environment: [String: String], unicode: Bool) {
        self.init(inputIsTerminal: isatty(STDIN_FILENO) == 1, outputIsTerminal: isatty(STDOUT_FILENO) == 1,
                  errorIsTerminal: isatty(STDERR_FILENO) == 1, term: environment["TERM"],
                  noColor: !(environment["NO_COLOR"] ?? "").isEmpty, unicode: unicode)
    }

    /// A terminal that cannot move the cursor (`TERM` unset, empty or `dumb`).
    var isDumb: Bool { term.map { $0.isEmpty || $0 == "dumb" } ?? true }

    /// Whether text written to `stream` may carry colors.
    func color(on stream: Console.Stream) -> Bool {
        let terminal = stream == .output ? outputIsTerminal : errorIsTerminal
        return terminal && !noColor && !isDumb
    }
}

/// Which interactive mode runs when no script is given.
///
/// | stdin    | stdout   | `--plain` or dumb `TERM` | mode       |
/// |----------|----------|--------------------------|------------|
/// | pipe     | any      | any                      | `.plain`   |
/// | terminal | pipe     | any                      | `.readline`|
/// | terminal | terminal | yes                      | `.readline`|
/// | terminal | terminal | no                       | `.pane`    |
enum InteractiveMode {
    static func choose(plain: Bool, terminal: TerminalFacts) -> EvaluatorConfiguration.Mode {
        guard terminal.inputIsTerminal else { return .plain }
        if plain || terminal.isDumb || !terminal.outputIsTerminal { return .readline }
        return .pane
    }
}
