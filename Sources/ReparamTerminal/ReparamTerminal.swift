import Foundation
import _CNcurses   // langinfo.h, for the locale's character set

/// The `reparam` program: parses the command line, picks the mode, builds the evaluator and
/// runs it. `Sources/reparam/main.swift` only calls `main`.
///
/// Modes: `run`/`-e` → `ScriptRunner`; stdin not a terminal → plain answers on stdout;
/// a terminal with `--plain` (or stdout not a terminal, or `TERM=dumb`) → `ReadlineREPL`;
/// otherwise the ncurses pane.
///
/// ```swift
/// exit(ReparamTerminal.main(arguments: CommandLine.arguments) { configuration in
///     SessionEvaluator(json: configuration.json)
/// })
/// ```
public enum ReparamTerminal {
    /// Runs the program and returns its exit status: 0 success, 1 a statement failed,
    /// 2 a bad command line or unreadable file. `arguments[0]` is the program name.
    /// `makeEvaluator` nil means no language is linked yet (only `--demo-evaluator` works).
    public static func main(arguments: [String], makeEvaluator: EvaluatorFactory?) -> Int32 {
        let console = Console()
        let invocation: Invocation
        do {
            invocation = try ArgumentParser.parse(Array(arguments.dropFirst()))
        } catch {
            console.write("reparam: \(error)\nTry 'reparam --help'.", to: .error)
            return 2
        }

        switch invocation.command {
        case .help:
            console.write(Usage.help)
            return 0
        case .version:
            console.write(Usage.version)
            return 0
        case .replay:
            console.write("reparam: 'replay' is not yet available (it comes with saved sessions)", to: .error)
            return 2
        case .interactive, .run, .evaluate:
            break
        }

        let factory: EvaluatorFactory
        if invocation.demoEvaluator {
            factory = { configuration in DemoEvaluator(color: configuration.color) }
        } else if let makeEvaluator {
            factory = makeEvaluator
        } else {
            console.write("reparam: the language is not linked into this build yet", to: .error)
            return 2
        }

        let environment = ProcessInfo.processInfo.environment
        let color = environment["NO_COLOR"].map(\.isEmpty) ?? true
        let unicode = localeIsUTF8()

        switch invocation.command {
        case .run(let path):
            let lines: AnySequence<String>
            if path == "-" {
                lines = AnySequence(StandardInputLines())
            } else {
                guard let data = FileManager.default.contents(atPath: path) else {
                    let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
                    console.write("reparam: \(path): \(reason)", to: .error)
                    return 2
                }
                var fileLines = TerminalText.lines(String(decoding: data, as: UTF8.self))
                if fileLines.last == "" { fileLines.removeLast() }   // the file's final newline
                lines = AnySequence(fileLines)
            }
            let evaluator = factory(EvaluatorConfiguration(mode: .script, json: invocation.json,
                                                           color: color && console.outputIsTerminal, unicode: unicode))
            return ScriptRunner(evaluator: evaluator,
                                policy: .script(keepGoing: invocation.keepGoing, json: invocation.json)).run(lines)
        case .evaluate(let statements):
            let evaluator = factory(EvaluatorConfiguration(mode: .script, json: invocation.json,
                                                           color: color && console.outputIsTerminal, unicode: unicode))
            return ScriptRunner(evaluator: evaluator,
                                policy: .script(keepGoing: invocation.keepGoing, json: invocation.json)).run(statements)
        default:
            break
        }

        guard isatty(STDIN_FILENO) == 1 else {
            let evaluator = factory(EvaluatorConfiguration(mode: .plain, color: false, unicode: unicode))
            return ScriptRunner(evaluator: evaluator, policy: .pipe).run(StandardInputLines())
        }

        let history = HistoryStore(path: HistoryLocation.path(environment: environment,
                                                              accountHome: accountHome()))
        let dumb = environment["TERM"].map { $0.isEmpty || $0 == "dumb" } ?? true
        if invocation.plain || dumb || !console.outputIsTerminal {
            let evaluator = factory(EvaluatorConfiguration(mode: .readline, color: color && console.outputIsTerminal,
                                                                  unicode: unicode))
            return ReadlineREPL(evaluator: evaluator, history: history).run()
        }
        let evaluator = factory(EvaluatorConfiguration(mode: .pane, color: color, unicode: unicode))
        return PaneREPL(evaluator: evaluator, history: history, color: color).run()
    }

    /// Whether the locale's character set is UTF-8 (LC_ALL, LC_CTYPE, LANG as the C library sees them).
    private static func localeIsUTF8() -> Bool {
        setlocale(LC_CTYPE, "")
        return String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
    }

    private static func accountHome() -> String? {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}
