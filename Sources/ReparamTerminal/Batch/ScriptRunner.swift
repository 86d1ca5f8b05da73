import Foundation
import ReparamLanguage

/// Feeds lines to the evaluator one by one and prints the answers: `reparam run`, `-e`,
/// and the plain REPL on a pipe.
///
/// `script` policy: errors go to stderr (stdout with `--json`) and stop the run with exit
/// status 1 unless `keepGoing`, in which case the status is 1 if any line failed. `pipe`
/// policy: errors are answers like any other (stdout), every line is read, status 0.
///
/// ```swift
/// let status = ScriptRunner(evaluator: e, policy: .script(keepGoing: false, json: false))
///     .run(["let a = 1", "a + 1"])
/// ```
struct ScriptRunner {
    enum Policy: Equatable {
        case script(keepGoing: Bool, json: Bool)
        case pipe
    }

    let evaluator: LineEvaluator
    let policy: Policy
    /// Where answers go (the console by default; tests collect them).
    /// `@Sendable`: progress lines reach it through the evaluator's `onProgress`.
    let write: @Sendable (String, Console.Stream) -> Void

    init(evaluator: LineEvaluator, policy: Policy,
         write: @escaping @Sendable (String, Console.Stream) -> Void = { Console().write($0, to: $1) }) {
        self.evaluator = evaluator
        self.policy = policy
        self.write = write
    }

    /// Runs every statement (a `\n` inside a line splits it too; an unclosed `(` or `[` joins the
    /// next lines to it) and returns the exit status.
    func run<Lines: Sequence>(_ lines: Lines) -> Int32 where Lines.Element == String {
        evaluator.onProgress = { [write] line in write(line, .output) }
        defer { evaluator.onProgress = nil }
        var failed = false
        // A statement with an open bracket continues on the next line, as at the prompt.
        var input = InputAssembler(pastedTranscripts: false)
        func answerAll(_ statements: [String]) -> Int32? {
            for statement in statements {
                switch answer(statement) {
                case .goOn: continue
                case .failed:
                    failed = true
                    if case .script(keepGoing: false, _) = policy { return 1 }
                case .quit:
                    return failed && policy != .pipe ? 1 : 0
                }
            }
            return nil
        }
        for chunk in lines {
            if let status = answerAll(input.feed(chunk)) { return status }
        }
        if let status = answerAll(input.finish().map { [$0] } ?? []) { return status }
        return failed && policy != .pipe ? 1 : 0
    }

    private enum Outcome { case goOn, failed, quit }

    private func answer(_ statement: String) -> Outcome {
        var outcome = Outcome.goOn
        for output in evaluator.evaluate(statement) {
            switch output {
            case .text(let text):
                write(text, .output)
            case .plot(let lines):
                write(lines.joined(separator: "\n"), .output)
            case .error(let message):
                switch policy {
                case .pipe, .script(_, json: true): write(message, .output)
                case .script(_, json: false): write(message, .error)
                }
                outcome = .failed
            case .quit:
                return .quit
            case .replay(let path):
                do {
                    ReplayTranscript.play(try SessionFile.load(path: path), pace: nil) { write($0, .output) }
                } catch {
                    write("reparam: \(error)", policy == .pipe ? .output : .error)
                    outcome = .failed
                }
            }
        }
        return outcome
    }
}

/// The lines of stdin, read lazily so a pipe is answered as it arrives.
struct StandardInputLines: Sequence, IteratorProtocol {
    mutating func next() -> String? { readLine(strippingNewline: true) }
}
