/// Where the prompt's history file lives.
///
/// `$XDG_STATE_HOME/reparam/history` when `XDG_STATE_HOME` is an absolute path (the XDG
/// base-directory spec says relative values are to be ignored), else
/// `$HOME/.local/state/reparam/history`, else the account's home directory from the
/// password database; `nil` when there is no home at all (history then stays in memory).
///
/// ```swift
/// HistoryLocation.path(environment: ["HOME": "/home/ada"], accountHome: nil)
/// // "/home/ada/.local/state/reparam/history"
/// ```
public enum HistoryLocation {
    /// At most this many entries are kept in the file (older ones are dropped on start).
    public static let capacity = 5000

    public static func path(environment: [String: String], accountHome: String?) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return join(state, "reparam/history")
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return join(home, ".local/state/reparam/history")
        }
        if let home = accountHome, home.hasPrefix("/") {
            return join(home, ".local/state/reparam/history")
        }
        return nil
    }

    private static func join(_ directory: String, _ rest: String) -> String {
        var directory = directory
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        return directory == "/" ? "/" + rest : directory + "/" + rest
    }
}
