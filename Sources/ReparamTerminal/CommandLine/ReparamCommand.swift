import ArgumentParser

/// `reparam`'s command line, declared for swift-argument-parser: the interactive default with
/// `-e`, and the subcommands `run` and `replay`. Parsing gives an `Invocation`; running it is
/// `ReparamTerminal.main`'s job (it holds the evaluator factory), so no command here has `run()`.
///
///     reparam                          interactive (pane in a terminal, plain on a pipe)
///     reparam -e 'let a = 1' -e 'a+1'  statements from the command line
///     reparam run fit.rp --json        a script, one JSON object per statement
///     reparam replay --check Sessions/*.reparam
///
/// The help is generated (`reparam --help`, `reparam replay --help`), and so are completion
/// scripts (`reparam --generate-completion-script bash|zsh|fish`).
struct ReparamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reparam",
        abstract: "Reparameterization gradients, interactively.",
        discussion: """
        Without a command: the plot pane and a prompt in a terminal, plain answers on stdout \
        when stdin is a pipe. -e runs statements given on the command line.

        Keys at the prompt:
          Tab          complete names, commands and methods: d.rs → d.rsample(
          Ctrl-R       search the history          Up/Down   previous/next line
          Ctrl-C       clear the line, or stop a running evaluation (three times: leave)
          PageUp/Down  scroll the results (plot pane)   Ctrl-L  redraw the screen
          Ctrl-Z       suspend (fg resumes)        Ctrl-D    leave

        Sessions: :save NAME writes Sessions/NAME.reparam (never over an existing file; \
        :save! NAME replaces it), :load FILE runs a session's commands, :replay FILE shows one.

        Exit status: 0 success, 1 a statement failed (run, -e) or a session differs \
        (replay --check), 2 a bad command line or file.

        History is kept in $XDG_STATE_HOME/reparam/history (or ~/.local/state/reparam/history).
        """,
        version: "reparam 0.1.0",
        subcommands: [Run.self, Replay.self, Lessons.self])

    @Option(name: [.customShort("e"), .customLong("eval")], parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Run STATEMENT (repeatable, in order) instead of the prompt.", valueName: "statement"))
    var statements: [String] = []

    @OptionGroup var script: ScriptOptions

    @Flag(help: "No plot pane: a readline prompt only, plots print as text.")
    var plain = false


    /// Parses `arguments` (after the program name) into what to run.
    ///
    ///     try ReparamCommand.invocation(for: ["-e", "1+1", "--json"]).command   // .evaluate(statements: ["1+1"])
    ///
    /// Throws swift-argument-parser's errors: `--help`, `--version` and
    /// `--generate-completion-script` as clean exits, mistakes as errors (see `main`).
    static func invocation(for arguments: [String]) throws -> Invocation {
        let command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            throw unknownCommand(in: error) ?? error
        }
        switch command {
        case let run as Run:
            return run.invocation
        case let replay as Replay:
            var invocation = Invocation()
            invocation.command = .replay(try replay.request())
            return invocation
        case is Lessons:
            var invocation = Invocation()
            invocation.command = .lessons
            return invocation
        case let interactive as ReparamCommand:
            return try interactive.invocation()
        case var builtIn:
            try builtIn.run()   // the parser's own `help`: ends in a clean exit with the text
            throw CommandLineError("'\(type(of: builtIn).configuration.commandName ?? "?")' is not a reparam command")
        }
    }

    /// A word where a command belongs, said with what would be right.
    private static func unknownCommand(in error: Error) -> CommandLineError? {
        let message = self.message(for: error)
        guard message.hasPrefix("Unexpected argument '"), message.hasSuffix("'") else { return nil }
        let word = String(message.dropFirst("Unexpected argument '".count).dropLast())
        if word.hasSuffix(".reparam") {
            return CommandLineError("unknown command '\(word)'; \(word) is a saved session: reparam replay \(word)")
        }
        if word.hasSuffix(".rp") || word.contains("/") || word == "-" {
            return CommandLineError("unknown command '\(word)'; to run a script: reparam run \(word)")
        }
        return CommandLineError("unknown command '\(word)' (commands: run, replay, lessons)")
    }

    /// The interactive form or `-e`. (Checked here, not in `validate()`, which the parser also
    /// calls on the way to `run` and `replay`, whose options it may have collected.)
    func invocation() throws -> Invocation {
        if statements.isEmpty {
            if script.json { throw CommandLineError("--json works with 'run' and '-e'") }
            if script.keepGoing { throw CommandLineError("--keep-going works with 'run' and '-e'") }
        }
        var invocation = script.invocation
        invocation.plain = plain
        invocation.command = statements.isEmpty ? .interactive : .evaluate(statements: statements)
        return invocation
    }

    /// `reparam run FILE`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a script; stop with status 1 at the first error.")

        @Argument(help: ArgumentHelp("The script (- reads it from stdin).", valueName: "file"))
        var file: String

        @OptionGroup var script: ScriptOptions

        /// The options given around the command (`reparam --json run f`, or `-e` by mistake).
        @ParentCommand var root: ReparamCommand

        func validate() throws {
            if !root.statements.isEmpty {
                throw ValidationError("'run' and '-e' cannot be combined; put the statements in the file")
            }
        }

        var invocation: Invocation {
            var invocation = script.invocation
            invocation.json = invocation.json || root.script.json
            invocation.keepGoing = invocation.keepGoing || root.script.keepGoing
            invocation.command = .run(path: file)
            return invocation
        }
    }

    /// `reparam lessons`: the course with its titles.
    struct Lessons: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the course (Sessions/*.reparam) with titles; replay one with 'reparam replay N'.")
    }

    /// `reparam replay [--check|--record] [--tolerance X] [--pace S] FILE...`.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show, check or re-record saved sessions (Sessions/*.reparam).",
            discussion: """
            A lesson of the course can be named by number or name: reparam replay 3, \
            reparam replay 03-gamma (reparam lessons lists them). Shown in a terminal, a session \
            steps with keys: space/→ next, ←/b back, N Enter step N, g/G start/end, PageUp/PageDown \
            scroll, : a live prompt with the lesson's variables (Esc returns), q quits; --pace \
            plays it by itself (space pauses). --check re-runs sessions and reports every difference \
            (exit status 1 on any); --record rewrites a file's outputs with what its commands \
            produce now.
            """)

        @Argument(help: ArgumentHelp("Session files or lesson numbers/names (--check takes several).", valueName: "file"))
        var files: [String] = []

        @Flag(help: "Re-run the sessions and report differences.")
        var check = false

        @Flag(help: "Rewrite the files' outputs with what the commands produce now.")
        var record = false

        @Option(parsing: .unconditional,
                help: ArgumentHelp("With --check: relative tolerance for numbers (default \(ReplayRequest.defaultTolerance)).",
                                   valueName: "x"),
                transform: { try ReplayRequest.number($0, for: "--tolerance", example: "1e-6") })
        var tolerance: Double?

        @Option(parsing: .unconditional,
                help: ArgumentHelp("Play the session by itself, one command every SECONDS.", valueName: "seconds"),
                transform: { try ReplayRequest.number($0, for: "--pace", example: "2") })
        var pace: Double?

        @Flag(help: "Print the transcript even in a terminal.")
        var plain = false

        /// The options given before the command (`reparam --plain replay f`).
        @ParentCommand var root: ReparamCommand

        func validate() throws {
            _ = try request()
        }

        func request() throws -> ReplayRequest {
            try ReplayRequest(validating: files, check: check, record: record, tolerance: tolerance, pace: pace,
                              plain: plain || root.plain)
        }
    }
}

/// The options `run` and `-e` share.
struct ScriptOptions: ParsableArguments {
    @Flag(help: "With run and -e: one JSON object per statement on stdout.")
    var json = false

    @Flag(name: [.customShort("k"), .long], help: "With run and -e: go on after an error (exit status 1 if any failed).")
    var keepGoing = false

    var invocation: Invocation {
        var invocation = Invocation()
        invocation.json = json
        invocation.keepGoing = keepGoing
        return invocation
    }
}
