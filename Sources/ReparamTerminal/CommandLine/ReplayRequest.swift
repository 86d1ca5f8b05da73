/// What `reparam replay …` asked for.
///
///     reparam replay FILE                    step through FILE (pane in a terminal, transcript otherwise)
///     reparam replay --pace 2 FILE           play it unattended, one command every 2 seconds
///     reparam replay --check FILE...         re-run and report differences; exit 1 on any
///     reparam replay --check --tolerance 1e-6 FILE...
///     reparam replay --record FILE           rewrite FILE's outputs with what its commands produce now
///
/// ```swift
/// try ReplayRequest(validating: ["a.reparam", "b.reparam"], check: true)
/// // ReplayRequest(files: ["a.reparam", "b.reparam"], mode: .check)
/// ```
public struct ReplayRequest: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        /// Show the session: keys step it (or `pace` does), in the pane when there is a terminal.
        case show
        /// Re-run and compare with the recorded output.
        case check
        /// Re-run and write the produced output into the file (for lesson authors).
        case record
    }

    public var files: [String]
    public var mode: Mode
    /// Relative tolerance for numbers in `--check` (see `NumericTolerance`).
    public var tolerance: Double
    /// Seconds between commands when playing unattended; nil waits for keys.
    public var pace: Double?
    /// `--plain`: print the transcript even in a terminal.
    public var plain: Bool

    public static let defaultTolerance = 1e-9

    public init(files: [String], mode: Mode = .show, tolerance: Double = defaultTolerance, pace: Double? = nil, plain: Bool = false) {
        self.files = files
        self.mode = mode
        self.tolerance = tolerance
        self.pace = pace
        self.plain = plain
    }

    /// The request for these files and flags, or the rule they break.
    ///
    ///     try ReplayRequest(validating: ["a.reparam"], check: true, tolerance: 1e-6)   // mode .check
    ///     try ReplayRequest(validating: ["a.reparam"], check: true, record: true)
    ///     // throws "--check and --record cannot be combined: check first, record on purpose"
    public init(validating files: [String], check: Bool = false, record: Bool = false, tolerance: Double? = nil,
                pace: Double? = nil, plain: Bool = false) throws {
        guard !files.isEmpty else {
            throw CommandLineError("'replay' needs a session file: reparam replay Sessions/01-explicit-normal.reparam")
        }
        if check && record { throw CommandLineError("--check and --record cannot be combined: check first, record on purpose") }
        if tolerance != nil && !check { throw CommandLineError("--tolerance works with --check") }
        if pace != nil && (check || record) { throw CommandLineError("--pace works when showing a session, not with --check or --record") }
        let mode: Mode = check ? .check : record ? .record : .show
        if mode == .show && files.count > 1 {
            throw CommandLineError("replay shows one session at a time; got \(files.count) files (--check takes several)")
        }
        self.init(files: files, mode: mode, tolerance: tolerance ?? Self.defaultTolerance, pace: pace, plain: plain)
    }

    /// A `--tolerance` or `--pace` value: a finite number from 0 up.
    static func number(_ text: String, for option: String, example: String) throws -> Double {
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw CommandLineError("a number from 0 up is needed, e.g. \(option) \(example)")
        }
        return value
    }
}
