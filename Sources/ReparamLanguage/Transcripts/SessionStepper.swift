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

    /// The session the commands run in (a viewer sets its progress callback for live pictures).
    public var session: Session { replay.session }

    /// How many commands the session has.
    public var count: Int { file.steps.count }
    /// How many have run.
    public var position: Int { shown.count }
    public var atEnd: Bool { position >= count }

    /// The command the next `forward` runs, if any.
    public var upcoming: SessionFile.Step? { atEnd ? nil : file.steps[position] }

    /// Runs the next command; returns it, or nil at the end.
    @discardableResult
    public mutating func forward() -> SessionReplay.Played? {
        guard let played = replay.next() else { return nil }
        shown.append(played)
        return played
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
