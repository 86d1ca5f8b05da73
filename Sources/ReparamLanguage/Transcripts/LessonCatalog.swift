import Foundation

/// The course: the teaching sessions in a `Sessions` folder, found by number or name.
///
/// Plain functions the command line calls (`reparam lessons`, `reparam replay 3`), so they move
/// with whatever parses the arguments.
///
///     let folder = LessonCatalog.folder(environment: ProcessInfo.processInfo.environment,
///                                       workingDirectory: FileManager.default.currentDirectoryPath,
///                                       executable: CommandLine.arguments[0])
///     try LessonCatalog.resolve("3", folder: folder)          // ".../Sessions/03-gamma-implicit.reparam"
///     try LessonCatalog.resolve("03-gamma", folder: folder)   // the same
///     LessonCatalog.lessons(in: folder).map(\.title)          // ["1. The explicit trick on a Normal", …]
public enum LessonCatalog {
    /// One session file of the course.
    public struct Lesson: Equatable, Sendable {
        /// The number its name starts with (`03-gamma-implicit` → 3), if any.
        public var number: Int?
        /// The file name without `.reparam`.
        public var name: String
        public var path: String
        /// Its `@title` line, or the name.
        public var title: String
    }

    /// Where the course lives: `$REPARAM_SESSIONS`, else `./Sessions`, else a `Sessions` folder
    /// next to the executable or up to four folders above it (`.build/debug/reparam` in a
    /// checkout); nil when none holds a session.
    public static func folder(environment: [String: String], workingDirectory: String, executable: String) -> String? {
        var candidates: [String] = []
        if let configured = environment["REPARAM_SESSIONS"], !configured.isEmpty { candidates.append(configured) }
        candidates.append((workingDirectory as NSString).appendingPathComponent("Sessions"))
        var directory = ((executable as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
        for _ in 0..<5 {
            candidates.append((directory as NSString).appendingPathComponent("Sessions"))
            directory = (directory as NSString).deletingLastPathComponent
        }
        return candidates.first { !lessons(in: $0).isEmpty }
    }

    /// The sessions in `folder`, by file name (so by number).
    public static func lessons(in folder: String) -> [Lesson] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasSuffix(".reparam") }.sorted().map { file in
            let name = String(file.dropLast(".reparam".count))
            let path = (folder as NSString).appendingPathComponent(file)
            let title = (try? SessionFile.load(path: path))?.title ?? name
            return Lesson(number: Int(name.prefix { $0.isNumber }), name: name, path: path, title: title)
        }
    }

    /// The session a `replay` argument means: an existing file as it is; else a lesson by number
    /// (`3`, `03`) or by the start of its name (`03-gamma`, `gamma-implicit`, `gamma`).
    public static func resolve(_ argument: String, folder: String?) throws -> String {
        if argument == "-" || FileManager.default.fileExists(atPath: argument) { return argument }
        let looksLikeAPath = argument.contains("/") || argument.hasSuffix(".reparam")
        guard let folder, !looksLikeAPath else { return argument }   // loading it says what is wrong
        let course = lessons(in: folder)
        let matches: [Lesson]
        if let number = Int(argument) {
            matches = course.filter { $0.number == number }
        } else {
            let exact = course.filter { $0.name == argument }
            let starts = course.filter { $0.name.hasPrefix(argument) || $0.name.drop { $0.isNumber || $0 == "-" }.hasPrefix(argument) }
            let contains = course.filter { $0.name.contains(argument) }
            matches = !exact.isEmpty ? exact : !starts.isEmpty ? starts : contains
        }
        if matches.count == 1 { return matches[0].path }
        let listing = (matches.isEmpty ? course : matches).map { "  " + describe($0) }.joined(separator: "\n")
        if matches.isEmpty {
            throw LessonLookupError("no lesson '\(argument)' in \(folder); the lessons are:\n" + listing)
        }
        throw LessonLookupError("'\(argument)' names \(matches.count) lessons; say which:\n" + listing)
    }

    /// `03-gamma-implicit  3. Gamma: the implicit trick`.
    public static func describe(_ lesson: Lesson) -> String {
        lesson.name.padding(toLength: max(lesson.name.count, 30), withPad: " ", startingAt: 0) + "  " + lesson.title
    }

    /// What `reparam lessons` prints.
    public static func listing(folder: String?) -> String {
        guard let folder else {
            return "no Sessions folder found (set REPARAM_SESSIONS to the folder holding the .reparam lessons)"
        }
        let course = lessons(in: folder)
        return (["The course (\(folder)):"] + course.map { "  " + describe($0) }
                + ["", "Replay one with 'reparam replay N' (e.g. reparam replay \(course.first?.number ?? 1)) or by name; "
                   + "space steps, ← goes back, q leaves."]).joined(separator: "\n")
    }
}

/// A `replay` argument that names no lesson, or several.
public struct LessonLookupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
