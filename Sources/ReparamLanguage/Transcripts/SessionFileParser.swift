import Foundation
import ReparamPlots

extension SessionFile {
    /// Reads a session from its text; `name` is used in error messages.
    ///
    /// Throws `SessionFileError` naming the line for anything that is not the format:
    /// a missing or unknown first line, an unknown or misplaced `@` line, output before any
    /// command, a line that is none of command, output, comment or blank, text after `@end`,
    /// and a file without `@end` (cut short).
    ///
    ///     let file = try SessionFile.parse("@reparam session 1\nreparam> 1+1\n| 2\n@end\n", name: "x")
    ///     // file.steps[0].command == "1+1"
    public static func parse(_ text: String, name: String) throws -> SessionFile {
        // Split on the scalar, not the Character: in a CRLF file "\r\n" is one Character.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        if lines.last == "" { lines.removeLast() }   // the final newline
        func fail(_ line: Int, _ message: String) -> SessionFileError {
            SessionFileError(file: name, line: line, message: message)
        }
        guard let first = lines.first?.trimmingTrailingSpaces(), !first.isEmpty else {
            throw fail(1, "the file is empty; a session starts with '\(formatLine)'")
        }
        if first != formatLine {
            if first.hasPrefix("@reparam session ") {
                throw fail(1, "this is '\(first)'; this reparam reads '\(formatLine)'")
            }
            throw fail(1, "not a reparam session: the first line should be '\(formatLine)', got '\(first)'")
        }

        var file = SessionFile()
        var current: Step?
        var sawCommand = false
        var ended = false
        func flush() {
            if let step = current { file.items.append(.step(step)) }
            current = nil
        }

        for (index, raw) in lines.enumerated().dropFirst() {
            let number = index + 1
            let line = raw.trimmingTrailingSpaces()
            if ended {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                throw fail(number, "text after '\(endMarker)' (the end of the session): '\(line)'")
            }
            if line.hasPrefix("|") || line.hasPrefix("!") {
                guard current != nil else {
                    throw fail(number, "output with no command before it; commands start with '\(promptMarker)'")
                }
                var body = Substring(line.dropFirst())
                if body.hasPrefix(" ") { body = body.dropFirst() }
                current?.output.append(OutputLine(String(body), isError: line.hasPrefix("!"), fileLine: number))
                continue
            }
            if line.hasPrefix(promptMarker) || line == promptMarker.trimmingTrailingSpaces() {
                flush()
                current = Step(command: String(line.dropFirst(min(line.count, promptMarker.count))), output: [], fileLine: number)
                sawCommand = true
                continue
            }
            if line.hasPrefix("#") {
                flush()
                file.items.append(.comment(String(line.dropFirst())))
                continue
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
                file.items.append(.blank)
                continue
            }
            if line == endMarker {
                flush()
                ended = true
                continue
            }
            if line.hasPrefix("@plot"), sawCommand {
                flush()
                file.items.append(.plot(try plotStyle(String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces),
                                                      fail: { fail(number, $0) })))
                continue
            }
            if line.hasPrefix("@") {
                guard !sawCommand else {
                    throw fail(number, "'\(line)' is a header line; header lines come before the first command")
                }
                try file.readHeader(line, fail: { fail(number, $0) })
                continue
            }
            throw fail(number, "'\(line)' is not a command, an output or a comment "
                       + "(commands start with '\(promptMarker)', output lines with '| ' or '! ', comments with '#')")
        }
        guard ended else {
            throw fail(lines.count, "the session ends without '\(endMarker)': the file was cut short (truncated?)")
        }
        // Blank lines just before @end are spacing the writer adds back; keep the items tidy.
        while file.items.last == .blank { file.items.removeLast() }
        while file.items.first == .blank { file.items.removeFirst() }
        return file
    }

    /// Reads a session file from disk; errors name the path and the line (invalid UTF-8 included).
    public static func load(path: String) throws -> SessionFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw SessionFileError(file: path, line: 0, message: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            var line = 1
            for piece in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                if String(data: Data(piece), encoding: .utf8) == nil { break }
                line += 1
            }
            throw SessionFileError(file: path, line: line, message: "not UTF-8 text (a binary or damaged file?)")
        }
        return try parse(text, name: path)
    }

    private mutating func readHeader(_ line: String, fail: (String) -> SessionFileError) throws {
        let parts = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let key = parts[0]
        let value = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch key {
        case "title":
            title = value
        case "seed":
            guard let seed = UInt64(value) else {
                throw fail("@seed needs a whole number from 0 up, e.g. '@seed 1'; got '\(value)'")
            }
            self.seed = seed
        case "precision":
            guard let digits = Int(value), (1...17).contains(digits) else {
                throw fail("@precision needs a number of significant digits from 1 to 17, e.g. '@precision 6'; got '\(value)'")
            }
            precision = digits
        case "plot":
            plotStyle = try Self.plotStyle(value, fail: fail)
        default:
            let known = ["title", "seed", "plot", "precision"]
            let hint = Suggestions.closest(to: key, among: known).map { " (did you mean @\($0)?)" } ?? ""
            throw fail("unknown header line '@\(key)'\(hint); known: @title, @seed, @plot, @precision, @end")
        }
    }

    /// `80x24 ascii` → a plot style.
    static func plotStyle(_ value: String, fail: (String) -> SessionFileError) throws -> PlotStyle {
        let words = value.split(separator: " ")
        let size = words.first?.split(separator: "x") ?? []
        guard words.count == 2, size.count == 2, let width = Int(size[0]), let height = Int(size[1]),
              (10...1000).contains(width), (5...1000).contains(height),
              let charset = PlotCharset(rawValue: String(words[1])) else {
            throw fail("@plot needs WIDTHxHEIGHT and a character set (ascii, unicode or braille), e.g. '@plot 80x24 ascii'; got '\(value)'")
        }
        return PlotStyle(width: width, height: height, charset: charset)
    }
}
