/// Turns what is typed or pasted at the prompt into statements.
///
/// * A pasted transcript runs as its commands: when the text starts with a `reparam> ` prompt,
///   only the prompted lines run (prompt stripped) and the lines after them — their recorded
///   output — are skipped, as Julia's REPL does; `| …` and `! …` lines (a saved session's output
///   and errors) are skipped anywhere.
/// * A line with an unclosed `(` or `[` continues on the next line; the statement runs, and goes
///   into the history, as one line once its brackets close.
///
/// Scripts and pipes (`InputAssembler(pastedTranscripts: false)`) only join brackets: their lines
/// are statements as written, and `finish` hands back a statement left open at the end, so the
/// language can say which bracket was never closed.
///
/// ```swift
/// var input = InputAssembler()
/// input.feed("reparam> let d = normal(0, 1)\nd = Normal(loc: 0, scale: 1)\nreparam> d.mean")
/// // ["let d = normal(0, 1)", "d.mean"]
/// input.feed("grad mean(d.rsample(10)")   // []: waiting, input.isContinuing
/// input.feed("  ^2)")                      // ["grad mean(d.rsample(10) ^2)"]
/// ```
struct InputAssembler {
    static let prompt = "reparam> "
    /// What the continuation of an unfinished statement is shown with.
    static let continuationPrompt = "   ...> "

    /// The start of a statement whose brackets are still open.
    private(set) var pending = ""
    var isContinuing: Bool { !pending.isEmpty }
    /// Whether prompts are stripped and recorded output skipped (what is pasted at the prompt).
    let pastedTranscripts: Bool

    init(pastedTranscripts: Bool = true) {
        self.pastedTranscripts = pastedTranscripts
    }

    /// The complete statements in `text` (with any pending start), in order.
    mutating func feed(_ text: String) -> [String] {
        var lines = TerminalText.lines(text)
        let transcript = pastedTranscripts
            && lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.hasPrefix(Self.prompt) == true
        var statements: [String] = []
        var inOutput = false
        for index in lines.indices {
            var line = lines[index]
            if pastedTranscripts, line.hasPrefix("| ") || line == "|" || line.hasPrefix("! ") { continue }
            if transcript && !isContinuing {
                if line.hasPrefix(Self.prompt) {
                    line.removeFirst(Self.prompt.count)
                    inOutput = false
                } else if line.hasPrefix(Self.continuationPrompt) {
                    line.removeFirst(Self.continuationPrompt.count)
                } else {
                    inOutput = true
                }
                if inOutput { continue }
            } else if transcript, line.hasPrefix(Self.continuationPrompt) {
                line.removeFirst(Self.continuationPrompt.count)
            }
            lines[index] = line
            pending = pending.isEmpty ? line : pending + " " + line.trimmingCharacters(in: .whitespaces)
            if Self.openBrackets(pending) <= 0 {
                statements.append(pending)
                pending = ""
            }
        }
        return statements
    }

    /// The statement still open at the end of the input, if any (it runs, and fails naming the bracket).
    mutating func finish() -> String? {
        defer { pending = "" }
        return pending.isEmpty ? nil : pending
    }

    /// Forgets an unfinished statement (Ctrl-C at the continuation prompt).
    mutating func abandon() { pending = "" }

    /// Brackets opened and not closed, outside string literals.
    static func openBrackets(_ text: String) -> Int {
        var depth = 0
        var inString = false
        for character in text {
            if character == "\"" { inString.toggle(); continue }
            if inString { continue }
            if character == "(" || character == "[" { depth += 1 }
            if character == ")" || character == "]" { depth -= 1 }
        }
        return depth
    }
}
