import ArgumentParser
import Foundation
import ReparamLanguage
@preconcurrency import _CNcurses   // langinfo.h, for the locale's character set

/// The `reparam` program: parses the command line, picks the mode, builds the evaluator and
/// runs it. `Sources/reparam/main.swift` only calls `main` with the language's evaluator (the
/// terminal tests' `reparam-demo` calls it with a stand-in).
///
/// ```swift
/// exit(ReparamTerminal.main(arguments: CommandLine.arguments) { configuration in
///     SessionEvaluator(configuration: configuration)
/// })
/// ```
public enum ReparamTerminal {
    /// Runs the program and returns its exit status: 0 success, 1 a statement failed,
    /// 2 a bad command line or unreadable file. `arguments[0]` is the program name.
    /// `makeEvaluator` builds the evaluator once the mode is known.
    public static func main(arguments: [String], makeEvaluator factory: EvaluatorFactory) -> Int32 {
        let console = Console()
        let invocation: Invocation
        do {
            invocation = try ReparamCommand.invocation(for: Array(arguments.dropFirst()))
        } catch {
            // --help, --version and --generate-completion-script end here too, as clean exits.
            if ReparamCommand.exitCode(for: error) == .success {
                console.write(ReparamCommand.fullMessage(for: error))
                return 0
            }
            console.write("reparam: \(ReparamCommand.message(for: error))\nTry 'reparam --help'.", to: .error)
            return 2
        }

        switch invocation.command {
        case .replay(var request):
            let terminal = TerminalFacts(environment: ProcessInfo.processInfo.environment, unicode: localeIsUTF8())
            do {
                // `replay 3` and `replay 03-gamma` name lessons of the course.
                let folder = courseFolder(arguments)
                request.files = try request.files.map { try LessonCatalog.resolve($0, folder: folder) }
            } catch {
                console.write("reparam: \(error)", to: .error)
                return 2
            }
            return ReplayCommand.run(request, terminal: terminal)
        case .lessons:
            console.write(LessonCatalog.listing(folder: courseFolder(arguments)))
            return 0
        case .interactive, .run, .evaluate:
            break
        }

        let environment = ProcessInfo.processInfo.environment
        let terminal = TerminalFacts(environment: environment, unicode: localeIsUTF8())
        switch invocation.command {
        case .run(let path):
            if let advice = SavedSessionAdvice.message(for: path) {
                console.write("reparam: \(advice)", to: .error)
                return 2
            }
            guard let lines = scriptLines(path, console: console) else { return 2 }
            return runScript(lines, invocation, factory, terminal)
        case .evaluate(let statements):
            return runScript(AnySequence(statements), invocation, factory, terminal)
        default:
            return runInteractive(invocation, factory, terminal, environment: environment)
        }
    }

    private static func runScript(_ lines: AnySequence<String>, _ invocation: Invocation,
                                  _ factory: EvaluatorFactory, _ terminal: TerminalFacts) -> Int32 {
        let evaluator = factory(EvaluatorConfiguration(mode: .script, json: invocation.json,
                                                       color: terminal.color(on: .output), unicode: terminal.unicode))
        return ScriptRunner(evaluator: evaluator, policy: .script(keepGoing: invocation.keepGoing, json: invocation.json))
            .run(lines)
    }

    private static func runInteractive(_ invocation: Invocation, _ factory: EvaluatorFactory,
                                       _ terminal: TerminalFacts, environment: [String: String]) -> Int32 {
        let mode = InteractiveMode.choose(plain: invocation.plain, terminal: terminal)
        let configuration = EvaluatorConfiguration(mode: mode, color: mode == .plain ? false : terminal.color(on: .output),
                                                   unicode: terminal.unicode)
        if mode == .plain {
            return ScriptRunner(evaluator: factory(configuration), policy: .pipe).run(StandardInputLines())
        }
        let history = HistoryStore(path: HistoryLocation.path(environment: environment, accountHome: accountHome()))
        if mode == .readline {
            return ReadlineREPL(evaluator: EvaluatorHost(factory(configuration)), history: history).run()
        }
        return PaneREPL(evaluator: EvaluatorHost(factory(configuration)), history: history, color: configuration.color).run()
    }

    /// The lines of a script file, or of stdin for `-`; nil (with the reason said) when unreadable.
    private static func scriptLines(_ path: String, console: Console) -> AnySequence<String>? {
        if path == "-" { return AnySequence(StandardInputLines()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            console.write("reparam: \(path): \(reason)", to: .error)
            return nil
        }
        var lines = TerminalText.lines(String(decoding: data, as: UTF8.self))
        if lines.last == "" { lines.removeLast() }   // the file's final newline
        return AnySequence(lines)
    }

    /// The course's `Sessions` folder (see `LessonCatalog.folder`).
    private static func courseFolder(_ arguments: [String]) -> String? {
        LessonCatalog.folder(environment: ProcessInfo.processInfo.environment,
                             workingDirectory: FileManager.default.currentDirectoryPath,
                             executable: arguments.first ?? CommandLine.arguments[0])
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
