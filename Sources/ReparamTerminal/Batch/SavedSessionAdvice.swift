import Foundation

/// `reparam run` given a saved session (`.reparam`) instead of a script: what it is and how to
/// replay it, rather than running its transcript lines as statements.
///
///     SavedSessionAdvice.message(for: "Sessions/03-gamma-implicit.reparam")
///     // "Sessions/03-gamma-implicit.reparam is a saved session (commands with their recorded output), not a script: …"
enum SavedSessionAdvice {
    static func message(for path: String) -> String? {
        guard path != "-", path.hasSuffix(".reparam") || startsLikeASession(path) else { return nil }
        return "\(path) is a saved session (commands with their recorded output), not a script: "
            + "replay it step by step with 'reparam replay \(path)', or re-run and compare it with 'reparam replay --check \(path)'"
    }

    /// Whether the file's first line is the session header `@reparam session N`.
    private static func startsLikeASession(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 64), as: UTF8.self)
        return head.hasPrefix("@reparam session")
    }
}
