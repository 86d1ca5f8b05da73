import Foundation
@preconcurrency import _CReadline

/// The prompt's persistent history, kept through readline's history list.
///
/// Each accepted line is appended to the file at once (so a crash loses nothing); the file
/// is trimmed to `HistoryLocation.capacity` entries on start. A file that exists but cannot
/// be read is never written over: history then stays in memory and one warning says why.
///
/// ```swift
/// let history = HistoryStore(path: "/tmp/h")
/// history.add("let d = dirichlet([1,2,3])")
/// ```
final class HistoryStore {
    let path: String?
    /// Why the history is not being saved, to show once; nil when all is well.
    private(set) var warning: String?
    private var writable = false
    private var lastLine: String?

    init(path: String?) {
        self.path = path
        using_history()
        stifle_history(Int32(HistoryLocation.capacity))
        guard let path else {
            warning = "no home directory: history will not be saved"
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            warning = "cannot create \(directory): \(error.localizedDescription); history will not be saved"
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if descriptor >= 0 { close(descriptor) }
        }
        let readStatus = read_history(path)
        guard readStatus == 0 else {
            warning = "cannot read \(path): \(String(cString: strerror(readStatus))); history will not be saved"
            return
        }
        writable = access(path, W_OK) == 0
        if !writable {
            warning = "\(path) is not writable; history will not be saved"
            return
        }
        if history_length > Int32(HistoryLocation.capacity) || fileLineCount(path) > HistoryLocation.capacity {
            history_truncate_file(path, Int32(HistoryLocation.capacity))
        }
        if history_length > 0, let entry = history_get(history_base + history_length - 1), let line = entry.pointee.line {
            lastLine = String(cString: line)
        }
    }

    /// Records one accepted line (blank lines and immediate repeats are skipped).
    func add(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty, line != lastLine else { return }
        lastLine = line
        add_history(line)
        guard writable, let path else { return }
        let status = append_history(1, path)
        if status != 0 {
            writable = false
            warning = "cannot write \(path): \(String(cString: strerror(status))); history kept in memory only"
        }
    }

    /// Takes the warning (so it is shown only once).
    func takeWarning() -> String? {
        defer { warning = nil }
        return warning
    }

    private func fileLineCount(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}
