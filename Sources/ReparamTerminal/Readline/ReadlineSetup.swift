import Foundation
@preconcurrency import _CReadline

/// The readline settings both interactive modes share: the program name for `~/.inputrc`
/// (`$if reparam`), the word breaks and completion through the evaluator, bracketed paste,
/// and no signal handling of readline's own (the loops handle Ctrl-C and resizes).
enum ReadlineSetup {
    /// The evaluator Tab asks; set while an interactive loop runs.
    nonisolated(unsafe) static var completer: EvaluatorHost?

    static let prompt = "reparam> "

    static func configure(completer: EvaluatorHost) {
        self.completer = completer
        rl_readline_name = UnsafePointer(strdup("reparam"))
        rl_catch_signals = 0
        rl_catch_sigwinch = 0
        rl_change_environment = 0
        let breaks = UnsafePointer(strdup(CompletionWord.breakCharacters))
        rl_completer_word_break_characters = breaks
        rl_basic_word_break_characters = breaks
        rl_attempted_completion_function = { _, start, end in
            ReadlineSetup.attemptCompletion(end: Int(end))
        }
        rl_variable_bind("enable-bracketed-paste", "on")
        // One Tab lists the candidates when it cannot add to the word (d. → all methods).
        rl_variable_bind("show-all-if-unmodified", "on")
        rl_initialize()   // reads ~/.inputrc, whose settings win over the two above
    }

    /// Builds readline's match array: `[common prefix, candidates…, NULL]`, or `[sole, NULL]`.
    private static func attemptCompletion(end: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        rl_attempted_completion_over = 1   // never fall back to file names
        guard let completer, let buffer = rl_line_buffer else { return nil }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                        count: max(0, min(end, Int(rl_end))))
        let before = String(decoding: bytes, as: UTF8.self)
        let word = CompletionWord.split(before).word
        let candidates = Array(Set(completer.completions(for: word, line: before))).sorted()
        guard !candidates.isEmpty else { return nil }
        if candidates.count == 1 && !CompletionWord.appendsSpace(after: candidates[0]) {
            rl_completion_append_character = 0
        }
        let entries = candidates.count == 1 ? candidates : [CompletionWord.commonPrefix(candidates)] + candidates
        // readline frees the array and its strings with free(), so both come from malloc.
        guard let raw = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1)) else { return nil }
        let array = raw.assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self)
        for (index, entry) in entries.enumerated() { array[index] = strdup(entry) }
        array[entries.count] = nil
        return array
    }
}
