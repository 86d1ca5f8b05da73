/// Parses `reparam`'s arguments by hand (no dependencies).
///
/// Grammar: `reparam [OPTIONS]`, `reparam [OPTIONS] run FILE`, `reparam [OPTIONS] -e STMT...`,
/// `reparam replay ...` (see `ReplayRequest`). Options may come before or after the command; `--`
/// ends options, so `reparam run -- -odd-name.rp` works.
///
/// ```swift
/// try ArgumentParser.parse(["-e", "1+1", "-e", "2*3"]).command
/// // .evaluate(statements: ["1+1", "2*3"])
/// ```
public enum ArgumentParser {
    /// Parses the arguments after the program name.
    public static func parse(_ arguments: [String]) throws -> Invocation {
        var invocation = Invocation()
        var statements: [String] = []
        var positionals: [String] = []
        var wantsHelp = false, wantsVersion = false
        var index = 0
        var optionsEnded = false

        func value(for option: String) throws -> String {
            index += 1
            guard index < arguments.count else {
                throw CommandLineError("\(option) needs a statement, e.g. \(option) '1 + 1'")
            }
            return arguments[index]
        }

        while index < arguments.count {
            let argument = arguments[index]
            if positionals.isEmpty && argument == "replay" && !optionsEnded {
                if wantsHelp || wantsVersion {
                    invocation.command = wantsHelp ? .help : .version
                    return invocation
                }
                invocation.command = .replay(try ReplayRequest.parse(Array(arguments[(index + 1)...]), plain: invocation.plain))
                return invocation
            } else if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                positionals.append(argument)
            } else {
                switch argument {
                case "--": optionsEnded = true
                case "-h", "--help": wantsHelp = true
                case "-V", "--version": wantsVersion = true
                case "--plain": invocation.plain = true
                case "--json": invocation.json = true
                case "--keep-going", "-k": invocation.keepGoing = true
                case "--demo-evaluator": invocation.demoEvaluator = true
                case "-e", "--eval": statements.append(try value(for: argument))
                default:
                    if argument.hasPrefix("--eval=") {
                        statements.append(String(argument.dropFirst("--eval=".count)))
                    } else if argument.hasPrefix("-e"), !argument.hasPrefix("--") {
                        statements.append(String(argument.dropFirst(2)))
                    } else {
                        throw CommandLineError(unknownOptionMessage(argument))
                    }
                }
            }
            index += 1
        }

        if wantsHelp { invocation.command = .help; return invocation }
        if wantsVersion { invocation.command = .version; return invocation }

        if let command = positionals.first {
            switch command {
            case "run":
                guard statements.isEmpty else {
                    throw CommandLineError("'run' and '-e' cannot be combined; put the statements in the file")
                }
                guard positionals.count >= 2 else {
                    throw CommandLineError("'run' needs a FILE (or - for stdin): reparam run script.rp")
                }
                guard positionals.count == 2 else {
                    throw CommandLineError("'run' takes one FILE; got \(positionals.count - 1): \(positionals.dropFirst().joined(separator: " "))")
                }
                invocation.command = .run(path: positionals[1])
            case "lessons":
                guard positionals.count == 1, statements.isEmpty else {
                    throw CommandLineError("'lessons' takes no arguments; replay one with: reparam replay N")
                }
                invocation.command = .lessons
            default:
                if command.hasSuffix(".reparam") {
                    throw CommandLineError("unknown command '\(command)'; \(command) is a saved session: reparam replay \(command)")
                }
                if command.hasSuffix(".rp") || command.contains("/") || command == "-" {
                    throw CommandLineError("unknown command '\(command)'; to run a script: reparam run \(command)")
                }
                throw CommandLineError("unknown command '\(command)' (commands: run, replay, lessons)")
            }
        } else if !statements.isEmpty {
            invocation.command = .evaluate(statements: statements)
        }

        if invocation.command == .interactive {
            if invocation.json { throw CommandLineError("--json works with 'run' and '-e'") }
            if invocation.keepGoing { throw CommandLineError("--keep-going works with 'run' and '-e'") }
        }
        return invocation
    }

    private static let knownOptions = ["--help", "--version", "--plain", "--json", "--keep-going", "--eval"]

    /// "unknown option '--jsn' (did you mean --json?)" when one known option is a letter or two away.
    static func unknownOptionMessage(_ option: String) -> String {
        let name = option.split(separator: "=", maxSplits: 1).first.map(String.init) ?? option
        let close = knownOptions.filter { editDistance($0, name) <= 2 }
        if let suggestion = close.first, close.count == 1 {
            return "unknown option '\(option)' (did you mean \(suggestion)?)"
        }
        return "unknown option '\(option)'"
    }

    /// Levenshtein distance between two short strings.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            previous = current
        }
        return previous[b.count]
    }
}
