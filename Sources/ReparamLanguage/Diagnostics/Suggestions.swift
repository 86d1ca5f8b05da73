/// "Did you mean …" for misspelled names.
public enum Suggestions {
    /// The only candidate `word` is a prefix of, else the candidate closest to `word` by edit distance (insertions, deletions,
    /// substitutions and swaps of neighbours each cost 1), if it is close
    /// enough to be a plausible typo: at most 1 edit for words up to 4
    /// characters, 2 up to 8, 3 beyond. Ties go to the earlier candidate.
    ///
    ///     Suggestions.closest(to: "rsampel", among: ["sample", "rsample"]) // "rsample"
    public static func closest(to word: String, among candidates: [String]) -> String? {
        // A prefix of three or more letters names its only completion (`expl` → `explicit`).
        let lowered = word.lowercased()
        let completions = candidates.filter { $0 != word && $0.lowercased().hasPrefix(lowered) }
        if word.count >= 3, completions.count == 1 { return completions[0] }
        let budget = word.count <= 4 ? 1 : word.count <= 8 ? 2 : 3
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= budget, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// `" (did you mean 'x'?)"`, or the empty string when nothing is close.
    public static func hint(for word: String, among candidates: [String]) -> String {
        guard let match = closest(to: word, among: candidates) else { return "" }
        return "; did you mean '\(match)'?"
    }

    /// Optimal-string-alignment distance: Levenshtein plus adjacent swaps.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, table[i - 2][j - 2] + 1)
                }
                table[i][j] = value
            }
        }
        return table[a.count][b.count]
    }
}
