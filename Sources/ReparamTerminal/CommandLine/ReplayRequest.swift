/// What `reparam replay …` asked for.
///
///     reparam replay FILE                    step through FILE (pane in a terminal, transcript otherwise)
///     reparam replay --pace 2 FILE           play it unattended, one command every 2 seconds
///     reparam replay --check FILE...         re-run and report differences; exit 1 on any
///     reparam replay --check --tolerance 1e-6 FILE...
///     reparam replay --record FILE           rewrite FILE's outputs with what its commands produce now
///
/// ```swift
/// try ReplayRequest.parse(["--check", "a.reparam", "b.reparam"], plain: false)
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

    /// Parses the arguments after `replay`.
    public static func parse(_ arguments: [String], plain: Bool) throws -> ReplayRequest {
        var request = ReplayRequest(files: [], plain: plain)
        var check = false, record = false, tolerance: Double?
        var index = 0
        var optionsEnded = false
        func number(for option: String, example: String) throws -> Double {
            index += 1
            guard index < arguments.count, let value = Double(arguments[index]), value.isFinite, value >= 0 else {
                let got = index < arguments.count ? "'\(arguments[index])'" : "nothing"
                throw CommandLineError("\(option) needs a number from 0 up, e.g. \(option) \(example); got \(got)")
            }
            return value
        }
        while index < arguments.count {
            let argument = arguments[index]
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                request.files.append(argument)
            } else {
                switch argument {
                case "--": optionsEnded = true
                case "--check": check = true
                case "--record": record = true
                case "--plain": request.plain = true
                case "--tolerance": tolerance = try number(for: argument, example: "1e-6")
                case "--pace": request.pace = try number(for: argument, example: "2")
                default:
                    throw CommandLineError("unknown replay option '\(argument)' (replay options: --check, --tolerance X, --pace SECONDS, --record, --plain)")
                }
            }
            index += 1
        }
        guard !request.files.isEmpty else {
            throw CommandLineError("'replay' needs a session file: reparam replay Sessions/01-explicit-normal.reparam")
        }
        if check && record { throw CommandLineError("--check and --record cannot be combined: check first, record on purpose") }
        if tolerance != nil && !check { throw CommandLineError("--tolerance works with --check") }
        if request.pace != nil && (check || record) { throw CommandLineError("--pace works when showing a session, not with --check or --record") }
        request.mode = check ? .check : record ? .record : .show
        if request.mode == .show && request.files.count > 1 {
            throw CommandLineError("replay shows one session at a time; got \(request.files.count) files (--check takes several)")
        }
        request.tolerance = tolerance ?? defaultTolerance
        return request
    }
}
