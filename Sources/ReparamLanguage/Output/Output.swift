/// What one statement produced, in both the human and the machine form.
///
/// Plain mode prints `text`; `--json` prints `json(line:input:)`, one object
/// per statement. Plots also carry their lines separately for the pane.
public struct Output {
    public enum Kind: String, Sendable {
        case empty, value, binding, grad, gradvar, gradcheck, fit, minimize, plot, hist, sweep
        case seed, pace, help, vars, reset, quit, command, error, progress
    }

    public var kind: Kind
    /// The human form: short, aligned, several lines when needed.
    public var text: String
    /// The kind-specific fields of the JSON object.
    public var fields: [(String, JSON)]
    /// Set for `.error`.
    public var diagnostic: Diagnostic?
    /// The rendered lines of a plot or histogram, for the pane.
    public var plot: [String]?

    public init(kind: Kind, text: String, fields: [(String, JSON)] = [], diagnostic: Diagnostic? = nil, plot: [String]? = nil) {
        self.kind = kind
        self.text = text
        self.fields = fields
        self.diagnostic = diagnostic
        self.plot = plot
    }

    static func error(_ diagnostic: Diagnostic) -> Output {
        Output(kind: .error, text: diagnostic.rendered,
               fields: [("message", .string(diagnostic.message)), ("column", .number(Double(diagnostic.column)))],
               diagnostic: diagnostic)
    }

    /// The machine form: `{"line":…,"input":…,"kind":…, …fields}` on one line.
    /// An error's line is the line it points at.
    public func json(line: Int, input: String) -> JSON {
        .object([("line", .number(Double(diagnostic?.line ?? line))), ("input", .string(input)),
                 ("kind", .string(kind.rawValue))] + fields)
    }
}
