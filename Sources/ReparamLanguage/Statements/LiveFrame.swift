/// One moment of a running `fit`, `minimize` or `sweep` that a live screen may show.
///
/// The language keeps no clock. A running statement hands out a frame wherever its picture
/// could change and says how long it asks that moment to last (`pace`); the terminal decides
/// whether and when to build the picture (at most so many a second, a small share of the run)
/// and does the waiting, inside `Session.onFrame`, which may block.
///
///     session.progressPictures = true
///     session.onFrame = { frame in
///         wait(frame.hold)                        // the terminal's clock, not the language's
///         if screenIsFree || frame.isLast { show(frame.picture?() ?? []) }
///     }
///     session.run("pace 20ms")
///     session.run("sweep d.loc from 0 to 3")      // 50 frames, 20 ms apart
///
/// A sweep's frames each hold `pace` (50 ms until set); a fit's frames come about 100 times a run,
/// and once `pace` was set, at every step, each holding it.
public struct LiveFrame {
    /// Builds the picture at the session's current size; nil when the session was not asked for
    /// live pictures (`Session.progressPictures` off: the frame only paces the statement).
    public let picture: (() -> [String])?
    /// The least time in seconds the statement asks between the previous frame and this one
    /// (0: as soon as it is ready).
    public let hold: Double
    /// The statement's last frame, always worth drawing.
    public let isLast: Bool

    public init(picture: (() -> [String])?, hold: Double, isLast: Bool) {
        self.picture = picture
        self.hold = hold
        self.isLast = isLast
    }
}
