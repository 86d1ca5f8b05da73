import Synchronization

/// A picture size asked for on one thread and taken on another (the pane was resized while a
/// `fit` or `sweep` draws live frames).
///
/// The newest request wins; the running statement takes it before its next frame.
///
///     let request = session.plotSizeRequest
///     request.ask(columns: 100, rows: 16)    // the keyboard thread, on a resize
///     request.take()                          // the evaluating thread: (100, 16), then nil
public final class PlotSizeRequest: Sendable {
    /// columns << 32 | rows; 0 for none.
    private let packed = Atomic<UInt64>(0)

    public init() {}

    /// Asks for pictures of `columns` × `rows` (ignored unless both are positive).
    public func ask(columns: Int, rows: Int) {
        guard columns > 0, rows > 0 else { return }
        packed.store(UInt64(columns) << 32 | UInt64(rows), ordering: .relaxed)
    }

    /// The size asked for since the last `take`, if any.
    public func take() -> (columns: Int, rows: Int)? {
        let size = packed.exchange(0, ordering: .relaxed)
        guard size != 0 else { return nil }
        return (Int(size >> 32), Int(size & 0xFFFF_FFFF))
    }
}
