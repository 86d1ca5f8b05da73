/// Replays a session file and lists where the output it produces now differs from the recorded one.
///
/// Lines are compared with `NumericTolerance` (numbers within a relative tolerance, text exactly).
/// Each difference names the file line of the first recorded line that differs (or of the command
/// when output is missing) and shows both texts.
///
///     let differences = SessionCheck(tolerance: NumericTolerance(relative: 1e-9)).check(file, name: "lesson.reparam")
///     for difference in differences { print(difference) }   // "lesson.reparam:14: …"
public struct SessionCheck {
    public var tolerance: NumericTolerance

    public init(tolerance: NumericTolerance = NumericTolerance()) {
        self.tolerance = tolerance
    }

    /// One command whose output is not what was recorded.
    public struct Difference: Equatable, CustomStringConvertible, Sendable {
        public var file: String
        /// The file line of the first differing recorded line (the command's line if none was recorded there).
        public var line: Int
        public var command: String
        /// The first differing line as recorded and as produced; nil where one side has no line there.
        public var recorded: String?
        public var produced: String?

        public var description: String {
            func show(_ text: String?) -> String { text.map { "'\($0)'" } ?? "(no line)" }
            return "\(file):\(line): the output of '\(command)' differs\n  recorded: \(show(recorded))\n  produced: \(show(produced))"
        }
    }

    /// Replays `file` from its header and returns every step whose output differs (empty when all match).
    public func check(_ file: SessionFile, name: String) -> [Difference] {
        var replay = SessionReplay(file)
        var differences: [Difference] = []
        while let played = replay.next() {
            if let difference = compare(played.step, played.lines, name: name) { differences.append(difference) }
        }
        return differences
    }

    /// The first differing line of one step, if any.
    func compare(_ step: SessionFile.Step, _ produced: [SessionFile.OutputLine], name: String) -> Difference? {
        let recorded = step.output
        for index in 0..<max(recorded.count, produced.count) {
            let expected = index < recorded.count ? recorded[index] : nil
            let actual = index < produced.count ? produced[index] : nil
            if let expected, let actual, expected.isError == actual.isError, tolerance.matches(expected.text, actual.text) {
                continue
            }
            func marked(_ line: SessionFile.OutputLine?) -> String? {
                line.map { ($0.isError ? "! " : "| ") + $0.text }
            }
            let line = expected?.fileLine ?? (recorded.last.map { $0.fileLine } ?? step.fileLine)
            return Difference(file: name, line: line, command: step.command,
                              recorded: marked(expected), produced: marked(actual))
        }
        return nil
    }
}
