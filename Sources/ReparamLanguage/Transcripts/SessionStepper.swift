import ReparamPlots

/// Steps through a session forward and back, for a replay a person watches.
///
/// Forward runs the next command; back re-runs the session from the start up to the step
/// before (seeds make that exact), so the state is always what it was at that point.
///
///     var stepper = SessionStepper(file)
///     stepper.forward()   // runs the first command
///     stepper.back()      // back to before it
public struct SessionStepper {
    public let file: SessionFile
    public let plotStyleOverride: PlotStyle?
    private var replay: SessionReplay
    /// The commands run so far, each with its comments and outputs.
    public private(set) var shown: [SessionReplay.Played] = []

    public init(_ file: SessionFile, plotStyleOverride: PlotStyle? = nil) {
        self.file = file
        self.plotStyleOverride = plotStyleOverride
        replay = SessionReplay(file, plotStyleOverride: plotStyleOverride)
    }


    /// How many commands the session has.
    public var count: Int { file.steps.count }
    /// How many have run.
    public var position: Int { shown.count }
    public var atEnd: Bool { position >= count }

    /// The command the next `forward` runs, if any.
    public var upcoming: SessionFile.Step? { atEnd ? nil : file.steps[position] }

    /// Runs the next command; returns it, or nil at the end.
    ///
    /// With `frames`, the command draws live as at a prompt with a pane: a `fit`'s trace and a
    /// `sweep`'s frames go to `frames` as they are made (on this thread); the sink builds, draws
    /// and paces them. The viewer only passes the sink; the session's settings stay the stepper's.
    @discardableResult
    public mutating func forward(frames: ((LiveFrame) -> Void)? = nil) -> SessionReplay.Played? {
        let session = replay.session
        if let frames {
            session.progressPictures = true
            session.onFrame = frames
        }
        defer {
            session.onFrame = nil
            session.progressPictures = false
        }
        guard let played = replay.next() else { return nil }
        shown.append(played)
        return played
    }

    /// Runs a line the viewer typed in the lesson's session as it stands (a live prompt inside a
    /// replay); what it produced. The lesson's own steps are not changed.
    public func run(_ line: String) -> [Output] {
        replay.session.run(line)
    }

    /// Goes back one command by re-running the session from the start; false at the start.
    @discardableResult
    public mutating func back() -> Bool {
        guard position > 0 else { return false }
        let target = position - 1
        replay = SessionReplay(file, plotStyleOverride: plotStyleOverride)
        shown = []
        while shown.count < target, forward() != nil {}
        return true
    }

    /// Goes to the point after `target` commands (0: the start, `count`: the end): forward by
    /// running the commands in between, back (or with `fresh`, e.g. after live commands changed
    /// the session) by re-running the session from the start up to there.
    public mutating func jump(to target: Int, fresh: Bool = false) {
        let target = min(max(target, 0), count)
        if fresh || target < position {
            replay = SessionReplay(file, plotStyleOverride: plotStyleOverride)
            shown = []
        }
        while shown.count < target, forward() != nil {}
    }

    /// The newest picture among the commands run so far.
    public var lastPicture: [String]? {
        shown.reversed().lazy.flatMap { $0.outputs.reversed() }.first { $0.plot != nil }?.plot
    }
}
