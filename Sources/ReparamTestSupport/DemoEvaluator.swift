import Foundation
import ReparamLanguage
import ReparamTerminal

/// A tiny stand-in language for testing the terminal without the real one: test support, in
/// no product. The terminal's unit tests use it, and `scripts/tmux-e2e.sh` drives it through
/// the `reparam-demo` test executable.
///
/// Statements: `echo TEXT`, `let NAME = VALUE`, `NAME`, `lines N` (N numbered lines),
/// `progress N` (N progress lines through `onProgress`, then a result),
/// `plot` (a sine wave at the pane's size), `sleep SECONDS` (a long evaluation that posts a
/// live frame every 20 ms and a progress line every 50 frames, and stops early on Ctrl-C), `fail` (an error), `:quit`, and two
/// misbehaviours: `print TEXT` (writes to stdout and stderr behind the terminal's back),
/// `crash` (a fatal error) and `stubborn` (a loop that ignores Ctrl-C).
/// Completion knows the statement words, bound names, and `NAME.` methods
/// (`d.rs` → `d.rsample(`).
public final class DemoEvaluator: LineEvaluator {
    public var onFrame: (@Sendable (LiveFrame) -> Void)?
    public var onProgress: (@Sendable (String) -> Void)?
    private var variables: [String: String] = [:]
    private var plotColumns = 80, plotRows = 20
    /// Whether the last picture was `plot`, so a resize re-renders it at the new size.
    private var showsSineWave = false
    private let interruption = InterruptFlag()

    private static let statementWords = ["echo", "let", "lines", "progress", "plot", "sleep", "fail", "crash", "stubborn", ":quit", ":help"]
    private static let methods = ["rsample(", "sample(", "log_prob(", "mean", "variance"]

    /// Whether `plot` colors its curve (ANSI escapes, as the real plots do where allowed).
    private let color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    public func evaluate(_ line: String) -> [TerminalOutput] {
        interruption.lower()
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let words = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
        guard let head = words.first else { return [] }
        let rest = words.count > 1 ? words[1] : ""
        switch head {
        case "echo":
            return [.text(rest)]
        case "let":
            let parts = rest.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                return [.error("let needs NAME = VALUE, e.g. let d = 3")]
            }
            variables[parts[0]] = parts[1]
            return [.text("\(parts[0]) = \(parts[1])")]
        case "lines":
            guard let count = Int(rest), count >= 0 else { return [.error("lines needs a count, e.g. lines 5")] }
            return (1...max(count, 1)).prefix(count).map { .text("line \($0)") }
        case "progress":
            guard let count = Int(rest), count >= 0 else { return [.error("progress needs a count, e.g. progress 3")] }
            for step in stride(from: 1, through: count, by: 1) { onProgress?("progress \(step)/\(count)") }
            return [.text("done after \(count) steps")]
        case "plot":
            showsSineWave = true
            return [.plot(sineWave(columns: plotColumns, rows: plotRows))]
        case "sleep":
            showsSineWave = false
            guard let seconds = Double(rest), seconds.isFinite, seconds >= 0 else {
                return [.error("sleep needs a number of seconds, e.g. sleep 2")]
            }
            return sleep(seconds: seconds)
        case "fail":
            return [.error("demo error: fail always fails")]
        case "print":
            // A stray write to stdout and stderr, which the pane must catch.
            print("stray stdout: \(rest)")
            FileHandle.standardError.write(Data("stray stderr: \(rest)\n".utf8))
            return [.text("printed")]
        case "crash":
            // Lets the end-to-end test check that a crash still restores the terminal.
            fatalError("demo evaluator crashed on purpose")
        case "stubborn":
            return stubborn()
        case ":quit":
            return [.quit]
        case ":help":
            return [.text("demo statements: " + Self.statementWords.joined(separator: " "))]
        default:
            if words.count == 1, let value = variables[head] { return [.text(value)] }
            return [.error("unknown statement '\(head)' (demo evaluator)")]
        }
    }

    public func completions(for word: String, line: String) -> [String] {
        if let dot = word.lastIndex(of: ".") {
            let owner = String(word[..<dot])
            guard variables[owner] != nil else { return [] }
            let member = word[word.index(after: dot)...]
            return Self.methods.filter { $0.hasPrefix(member) }.map { owner + "." + $0 }
        }
        return (Self.statementWords + variables.keys.sorted()).filter { $0.hasPrefix(word) }
    }

    public var interrupt: @Sendable () -> Void {
        let flag = interruption
        return { flag.raise() }
    }

    public func resizePlots(columns: Int, rows: Int) -> [String]? {
        plotColumns = max(columns, 1)
        plotRows = max(rows, 1)
        return showsSineWave ? sineWave(columns: plotColumns, rows: plotRows) : nil
    }

    private func sleep(seconds: Double) -> [TerminalOutput] {
        let start = Date()
        var frame = 0
        while Date().timeIntervalSince(start) < seconds {
            if interruption.isRaised {
                return [.text("interrupted after \(frame) frames")]
            }
            frame += 1
            if frame % 50 == 0 { onProgress?("progress: \(frame) frames") }
            let picture = ["demo frame \(frame)", String(repeating: "#", count: frame % max(plotColumns, 1))]
            onFrame?(LiveFrame(picture: { picture }, hold: 0, isLast: false))
            Thread.sleep(forTimeInterval: 0.02)
        }
        return [.text("slept \(rest(seconds)) s after \(frame) frames")]
    }

    /// Never stops by itself and ignores `interrupt`.
    private func stubborn() -> [TerminalOutput] {
        while true { Thread.sleep(forTimeInterval: 0.05) }
    }

    private func rest(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e9 ? String(Int(seconds)) : String(seconds)
    }

    /// One period of sin over the width, `*` on a grid of `rows` rows, with a title line.
    private func sineWave(columns: Int, rows: Int) -> [String] {
        let height = max(rows - 1, 1)
        var grid = Array(repeating: Array(repeating: Character(" "), count: columns), count: height)
        for x in 0..<columns {
            let y = sin(2 * Double.pi * Double(x) / Double(max(columns, 1)))
            let row = Int(((1 - y) / 2 * Double(height - 1)).rounded())
            grid[min(max(row, 0), height - 1)][x] = "*"
        }
        let curve = color ? "\u{1B}[36m*\u{1B}[0m" : "*"
        return ["demo plot \(columns)x\(rows)"] + grid.map { String($0).replacingOccurrences(of: "*", with: curve) }
    }
}
