import ReparamPlots

/// Re-runs a session file's commands in a fresh `Session` set up from its header.
///
/// The session starts from the file's `@seed`, `@precision` and `@plot`, without color and
/// without real-time pauses, so the same file produces the same text on any machine.
/// `:save`, `:load` and `:replay` inside a file do nothing while replaying.
///
///     var replay = SessionReplay(file)
///     while let (step, produced) = replay.next() { print(step.command, produced) }
public struct SessionReplay {
    public let file: SessionFile
    public let session: Session
    private var position = 0

    public init(_ file: SessionFile) {
        self.file = file
        session = Session(seed: file.seed)
        session.precision = file.precision
        session.plotStyle = file.plotStyle
        session.plotStyle.color = false
        session.realtime = false
    }

    /// Runs the next command (applying any `@plot` before it) and returns it with what it produced now;
    /// nil at the end.
    public mutating func next() -> (step: SessionFile.Step, produced: [SessionFile.OutputLine])? {
        while position < file.items.count {
            let item = file.items[position]
            position += 1
            switch item {
            case let .plot(style):
                session.plotStyle = style
            case let .step(step):
                return (step, Self.run(step.command, in: session))
            case .comment, .blank:
                continue
            }
        }
        return nil
    }

    /// The output lines one command produces in `session`.
    static func run(_ command: String, in session: Session) -> [SessionFile.OutputLine] {
        session.run(command).flatMap(SessionFile.outputLines(of:))
    }

    /// The file with every command's output replaced by what it produces now: how an author
    /// writes a lesson (commands and comments) and lets reparam fill in the output.
    public static func rerecord(_ file: SessionFile) -> SessionFile {
        let replay = SessionReplay(file)
        var updated = file
        updated.items = file.items.map { item in
            switch item {
            case let .plot(style):
                replay.session.plotStyle = style
                return item
            case var .step(step):
                step.output = run(step.command, in: replay.session)
                return .step(step)
            default:
                return item
            }
        }
        return updated
    }
}
