import Synchronization

/// A request to stop, raised on one thread and read on another (Ctrl-C while a `fit` runs).
///
/// A running `fit`, `minimize`, `sweep` or `gradvar` checks the session's flag at the end of each
/// step; the terminal's keyboard thread raises it. Only this flag crosses threads, so it is
/// `Sendable` and the session is not.
///
///     let flag = session.interruption
///     Thread { flag.raise() }.start()    // the fit stops after its current step
public final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    /// Asks the running statement to stop after its current step.
    public func raise() { raised.store(true, ordering: .relaxed) }

    /// Clears the request (each statement starts with the flag lowered).
    public func lower() { raised.store(false, ordering: .relaxed) }

    public var isRaised: Bool { raised.load(ordering: .relaxed) }
}
