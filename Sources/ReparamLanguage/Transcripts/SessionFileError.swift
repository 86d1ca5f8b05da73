/// Why a session file cannot be read, naming the file and the line: `lesson.reparam:12: …`.
public struct SessionFileError: Error, Equatable, CustomStringConvertible {
    /// The file's name or path as the user gave it.
    public var file: String
    /// The line at fault (1-based); 0 when the file as a whole cannot be read.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
