import ReparamPlots

/// Re-runs a session file's commands in a fresh `Session` set up from its header.
///
/// The session starts from the file's `@seed`, `@precision` and `@plot`, without color and
/// without real-time pauses, so the same file produces the same text on any machine.
/// `:save`, `:load` and `:replay` inside a file do nothing while replaying.
///
///     var replay = SessionReplay(file)
///     while let played = replay.next() { print(played.step.command, played.lines) }
public struct SessionReplay {
    /// One command as replayed: the comments just before it, the recorded step, what it produced now.
    public struct Played {
        public var comments: [String]
        public var step: SessionFile.Step
        public var outputs: [Output]
        /// `outputs` as the file would record them.
        public var lines: [SessionFile.OutputLine] { outputs.flatMap(SessionFile.outputLines(of:)) }
    }

    public let file: SessionFile
    public let session: Session
    /// When set, pictures use this style and `@plot` lines are ignored (a pane draws at its own size).
    public let plotStyleOverride: PlotStyle?
    private var position = 0

    public init(_ file: SessionFile, plotStyleOverride: PlotStyle? = nil) {
        self.file = file
        self.plotStyleOverride = plotStyleOverride
        session = Session(seed: file.seed)
        session.precision = file.precision
        session.plotStyle = plotStyleOverride ?? file.plotStyle
        if plotStyleOverride == nil { session.plotStyle.color = false }
    }

    /// Runs the next command (applying any `@plot` before it); nil at the end.
    public mutating func next() -> Played? {
        var comments: [String] = []
        while position < file.items.count {
            let item = file.items[position]
            position += 1
            switch item {
            case let .plot(style):
                if plotStyleOverride == nil { session.plotStyle = style }
            case let .comment(text):
                comments.append(text)
            case .blank:
                continue
            case let .step(step):
                return Played(comments: comments, step: step, outputs: session.run(step.command))
            }
        }
        return nil
    }

    /// The file with every command's output replaced by what it produces now: how an author
    /// writes a lesson (commands and comments) and lets reparam fill in the output.
    public static func rerecord(_ file: SessionFile) -> SessionFile {
        var replay = SessionReplay(file)
        var updated = file
        updated.items = file.items.map { item in
            guard case var .step(step) = item else { return item }
            step.output = replay.next()?.lines ?? []   // steps come back in the file's order
            return .step(step)
        }
        return updated
    }
}
