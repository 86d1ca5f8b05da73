import ReparamPlots

/// A saved session: a title, the settings it started from, and its story as comments,
/// commands and the output each produced. Plain text a teacher reads and edits.
///
/// The format (`.reparam` files, UTF-8, one item per line):
///
///     @reparam session 1                       first line: the format and its version
///     @title The explicit trick on a Normal    optional header lines, before the first command:
///     @seed 0                                    the seed the session starts from (default 0)
///     @plot 80x24 ascii                          the size and characters of pictures (default 80x24 ascii)
///     @precision 6                               significant digits (default 6)
///
///     # A comment: the lesson's story. Blank lines are only spacing.
///     reparam> let d = normal(2, 5)            a command, exactly as typed
///     | d = Normal(loc: 2, scale: 5)           a line of its output ("|" alone for a blank one)
///     reparam> grad d.sampel(3)
///     ! unknown method 'sampel' …              a line of an error it gave
///     @plot 100x30 braille                     between commands: pictures from here on have this size
///     @end                                     last line: a file without it was cut short
///
/// Every output line carries its marker, so plots (many lines, some blank) round-trip and a
/// blank line in the file never belongs to an output. Trailing spaces are not significant:
/// writers drop them and the check ignores them, so an editor that strips them changes nothing.
/// Seeds make replays exact: a fresh `Session(seed:)` re-running the commands reproduces the output.
///
///     let file = try SessionFile.parse(text, name: "lesson.reparam")
///     let report = SessionCheck(tolerance: 1e-9).check(file)
public struct SessionFile: Equatable, Sendable {
    /// One line of output as recorded: ordinary text, or part of an error message.
    public struct OutputLine: Equatable, Sendable {
        public var text: String
        public var isError: Bool
        /// The line in the file (1-based); 0 for lines not read from a file.
        public var fileLine: Int

        public init(_ text: String, isError: Bool = false, fileLine: Int = 0) {
            self.text = text
            self.isError = isError
            self.fileLine = fileLine
        }

        /// Equal when the text and the kind are: where a line was read from does not matter.
        public static func == (a: OutputLine, b: OutputLine) -> Bool { a.text == b.text && a.isError == b.isError }
    }

    /// A command and the output it produced.
    public struct Step: Equatable, Sendable {
        public var command: String
        public var output: [OutputLine]
        /// The command's line in the file (1-based); 0 when not read from a file.
        public var fileLine: Int

        public init(command: String, output: [OutputLine], fileLine: Int = 0) {
            self.command = command
            self.output = output
            self.fileLine = fileLine
        }

        /// Equal when the command and its output are, wherever they were read from.
        public static func == (a: Step, b: Step) -> Bool { a.command == b.command && a.output == b.output }
    }

    /// What the file holds after its header, in order.
    public enum Item: Equatable, Sendable {
        case comment(String)
        case blank
        /// `@plot` between commands: pictures from here on have this size (the pane was resized).
        case plot(PlotStyle)
        case step(Step)
    }

    public static let formatLine = "@reparam session 1"
    public static let promptMarker = "reparam> "
    public static let endMarker = "@end"

    public var title: String?
    public var seed: UInt64
    public var plotStyle: PlotStyle
    public var precision: Int
    public var items: [Item]

    public init(title: String? = nil, seed: UInt64 = 0, plotStyle: PlotStyle = PlotStyle(),
                precision: Int = 6, items: [Item] = []) {
        self.title = title
        self.seed = seed
        self.plotStyle = plotStyle
        self.precision = precision
        self.items = items
    }

    /// The commands with their outputs, without the comments.
    public var steps: [Step] {
        items.compactMap { if case let .step(step) = $0 { return step } else { return nil } }
    }

    /// The recorded lines of one language output: its text split at newlines, trailing spaces
    /// dropped and ANSI color sequences removed; nothing for an output without text or picture.
    /// A picture the text does not already hold (a sweep's last frame) comes first, as on screen.
    public static func outputLines(of output: Output) -> [OutputLine] {
        var text = stripANSI(output.text)
        if let picture = output.plot.map({ stripANSI($0.joined(separator: "\n")) }), !picture.isEmpty, !text.contains(picture) {
            text = text.isEmpty ? picture : picture + "\n" + text
        }
        guard !text.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map {
            OutputLine(String($0).trimmingTrailingSpaces(), isError: output.kind == .error)
        }
    }

    /// The text without `ESC [ … letter` sequences (colors).
    static func stripANSI(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var result = ""
        var inEscape = false, sawBracket = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if !sawBracket { sawBracket = scalar == "["; if !sawBracket { inEscape = false }; continue }
                if (0x40...0x7E).contains(scalar.value) { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; sawBracket = false; continue }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var scalars = Substring(self).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
