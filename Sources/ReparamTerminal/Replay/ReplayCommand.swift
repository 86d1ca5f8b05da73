import Foundation
import ReparamLanguage

/// Runs `reparam replay`: checks, records, or shows sessions (see `ReplayRequest`).
///
/// Exit status: 0 when everything matched (or was shown or recorded), 1 when a check found a
/// difference or a file is corrupt, 2 when a file cannot be read.
///
/// ```swift
/// ReplayCommand.run(ReplayRequest(files: ["Sessions/01-explicit-normal.reparam"], mode: .check),
///                   terminal: facts)
/// ```
enum ReplayCommand {
    static func run(_ request: ReplayRequest, terminal: TerminalFacts) -> Int32 {
        let console = Console()
        switch request.mode {
        case .check: return check(request, console: console)
        case .record: return record(request, console: console)
        case .show: break
        }
        let path = request.files[0]
        let file: SessionFile
        do {
            file = try SessionFile.load(path: path)
        } catch {
            console.write("reparam: \(error)", to: .error)
            return status(for: error)
        }
        let inPane = !request.plain && terminal.inputIsTerminal && terminal.outputIsTerminal && !terminal.isDumb
        if inPane, let status = ReplayPane(file: file, name: path, pace: request.pace,
                                           color: terminal.color(on: .output)).run() {
            return status
        }
        return ReplayTranscript.print(file, pace: request.pace, console: console)
    }

    /// `--check`: every file replayed and compared; a summary line at the end.
    static func check(_ request: ReplayRequest, console: Console) -> Int32 {
        let checker = SessionCheck(tolerance: NumericTolerance(relative: request.tolerance))
        var passed = 0, failed = 0, worst: Int32 = 0
        for path in request.files {
            do {
                let file = try SessionFile.load(path: path)
                let differences = checker.check(file, name: path)
                if differences.isEmpty {
                    passed += 1
                    console.write("ok    \(path) (\(file.steps.count) commands)")
                } else {
                    failed += 1
                    worst = max(worst, 1)
                    for difference in differences { console.write(difference.description) }
                    console.write("FAIL  \(path): \(differences.count) of \(file.steps.count) commands differ")
                }
            } catch {
                failed += 1
                worst = max(worst, status(for: error))
                console.write("FAIL  \(error)")
            }
        }
        console.write("\(passed) passed, \(failed) failed (numbers within a relative \(request.tolerance))")
        return worst
    }

    /// `--record`: each file's outputs replaced by what its commands produce now (atomic write).
    static func record(_ request: ReplayRequest, console: Console) -> Int32 {
        var worst: Int32 = 0
        for path in request.files {
            do {
                let file = SessionReplay.rerecord(try SessionFile.load(path: path))
                try AtomicFile.write(file.text, to: path, replacing: true)
                console.write("recorded \(path) (\(file.steps.count) commands)")
            } catch {
                console.write("reparam: \(error)", to: .error)
                worst = max(worst, status(for: error))
            }
        }
        return worst
    }

    /// 2 for a file that cannot be read at all, 1 for one that reads but is not a session.
    static func status(for error: Error) -> Int32 {
        if let error = error as? SessionFileError, error.line == 0 { return 2 }
        return error is SessionFileError ? 1 : 2
    }
}
