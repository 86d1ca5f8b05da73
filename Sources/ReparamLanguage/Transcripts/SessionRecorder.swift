import Foundation
import ReparamPlots

/// A `Session` that remembers what was typed and answered, and handles `:save` and `:load`.
///
/// The record holds every command and its output since the start or the last `:reset`
/// (which restarts it from the seed then in force). `:save` and `:load` lines are not recorded;
/// the commands a `:load` runs are, so a saved session replays on its own.
///
/// * `:save NAME` writes `Sessions/NAME.reparam` (or NAME itself when it contains a `/` or ends
///   in `.reparam`); it refuses when the file exists and says to use `:save! NAME` to replace it.
///   The write is atomic (`AtomicFile`).
/// * `:load FILE` (a path, or a NAME in `Sessions/`) sets the file's seed and runs its commands,
///   returning each as `reparam> COMMAND` followed by what it produced.
/// * `:replay FILE` checks that FILE (a path, or a NAME in `Sessions/`) is a session and asks the
///   layer above to show it: a `.command` output whose `replay` field is the path.
///
///     let recorder = SessionRecorder(session: Session())
///     recorder.run("let d = normal(2, 5)")
///     recorder.run(":save normal")      // "saved 1 command to Sessions/normal.reparam"
public final class SessionRecorder {
    public let session: Session
    /// Where `:save NAME` and `:load NAME` look for bare names.
    public var directory: String
    /// The session so far, as `:save` would write it.
    public private(set) var record: SessionFile

    public init(session: Session, directory: String = "Sessions") {
        self.session = session
        self.directory = directory
        session.externalCommands = Array(Set(session.externalCommands + ["save", "save!", "load"])).sorted()
        record = SessionFile()
        restart()
    }

    /// Runs one line (one statement) and records it; `:save` and `:load` are answered here.
    public func run(_ line: String) -> [Output] {
        let outputs = session.run(line)
        if outputs.count == 1, outputs[0].kind == .command, let name = Self.field(outputs[0], "name") {
            let argument = Self.field(outputs[0], "argument") ?? ""
            switch name {
            case "save": return [save(argument, replacing: false)]
            case "save!": return [save(argument, replacing: true)]
            case "load": return load(argument)
            case "replay": return [replay(argument)]
            default: break
            }
        }
        // An export writes a file; replaying it would write (or refuse to overwrite) that file again.
        if outputs.count == 1, let name = Self.field(outputs[0], "name"), Session.exportCommands.contains(name) {
            return outputs
        }
        if outputs.contains(where: { $0.kind == .reset }) {
            restart()
            return outputs
        }
        noteStep(line, outputs)
        return outputs
    }

    /// Forgets the record and starts a new one from the session's current settings.
    func restart() {
        var style = session.plotStyle
        style.color = false
        record = SessionFile(seed: session.interpreter.seed, plotStyle: style, precision: session.precision)
    }

    private func noteStep(_ line: String, _ outputs: [Output]) {
        var style = session.plotStyle
        style.color = false
        if record.steps.isEmpty {
            record.plotStyle = style
        } else if style != currentRecordedStyle {
            record.items.append(.plot(style))
        }
        record.items.append(.step(SessionFile.Step(command: line, output: outputs.flatMap(SessionFile.outputLines(of:)))))
    }

    private var currentRecordedStyle: PlotStyle {
        for item in record.items.reversed() { if case let .plot(style) = item { return style } }
        return record.plotStyle
    }

    /// The file a `:save`/`:load` argument names: a path as given when it has a `/` or the
    /// extension, otherwise `directory/NAME.reparam`.
    public func path(for name: String) -> String {
        if name.contains("/") || name.hasSuffix(SessionRecorder.fileExtension) { return name }
        return (directory as NSString).appendingPathComponent(name + SessionRecorder.fileExtension)
    }

    public static let fileExtension = ".reparam"

    func save(_ argument: String, replacing: Bool) -> Output {
        let name = argument.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(" ") else {
            return message(":save needs a name, e.g. :save gamma-lesson (writes \(path(for: "gamma-lesson")))", error: true)
        }
        let target = path(for: name)
        var file = record
        if file.title == nil { file.title = (name as NSString).lastPathComponent.replacingOccurrences(of: SessionRecorder.fileExtension, with: "") }
        do {
            let folder = (target as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try AtomicFile.write(file.text, to: target, replacing: replacing)
        } catch AtomicFile.Failure.exists {
            return message("\(target) already exists; not overwritten. To replace it: :save! \(name)", error: true)
        } catch {
            return message("\(error)", error: true)
        }
        let count = file.steps.count
        return message("saved \(count) command\(count == 1 ? "" : "s") to \(target)", error: false)
    }

    func load(_ argument: String) -> [Output] {
        let name = argument.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return [message(":load needs a session file, e.g. :load \(path(for: "01-explicit-normal"))", error: true)] }
        var target = path(for: name)
        if !FileManager.default.fileExists(atPath: target), FileManager.default.fileExists(atPath: name) { target = name }
        let file: SessionFile
        do {
            file = try SessionFile.load(path: target)
        } catch {
            return [message("cannot load: \(error)", error: true)]
        }
        var outputs: [Output] = []
        var preamble = ["seed \(file.seed)"]
        if file.precision != session.precision { preamble.append(":precision \(file.precision)") }
        for command in preamble + file.steps.map(\.command) {
            outputs.append(Output(kind: .command, text: SessionFile.promptMarker + command))
            outputs += run(command)
        }
        outputs.append(message("loaded \(file.steps.count) command\(file.steps.count == 1 ? "" : "s") from \(target)", error: false))
        return outputs
    }

    func replay(_ argument: String) -> Output {
        let name = argument.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            return message(":replay needs a session file, e.g. :replay \(path(for: "01-explicit-normal"))", error: true)
        }
        var target = path(for: name)
        if !FileManager.default.fileExists(atPath: target), FileManager.default.fileExists(atPath: name) { target = name }
        do {
            _ = try SessionFile.load(path: target)
        } catch {
            return message("cannot replay: \(error)", error: true)
        }
        return Output(kind: .command, text: "", fields: [("replay", .string(target))])
    }

    private func message(_ text: String, error: Bool) -> Output {
        error ? .error(Diagnostic(text, at: SourceRange(line: session.lineNumber - 1, column: 1, endColumn: 1)))
              : Output(kind: .command, text: text, fields: [("message", .string(text))])
    }

    private static func field(_ output: Output, _ key: String) -> String? {
        if case let .string(value)? = output.fields.first(where: { $0.0 == key })?.1 { return value }
        return nil
    }
}
