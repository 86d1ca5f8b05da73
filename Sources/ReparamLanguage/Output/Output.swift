/// What one statement produced, in both the human and the machine form.
///
/// Plain mode prints `text`; `--json` prints `json(line:input:)`, one object
/// per statement. Plots also carry their lines separately for the pane.
///
/// The JSON form: every object has `line`, `input` and `kind`; numbers are
/// written at full round-trip precision (integers without a point; NaN and
/// infinities as the strings "NaN", "Infinity", "-Infinity"); a tensor is
/// nested arrays following its shape, a scalar a bare number.
///
///     value      {"line":1,"input":"1+1","kind":"value","value":2,"shape":[]}
///     binding    {…,"kind":"binding","name":"d","value":{"family":"Dirichlet","parameters":{"concentration":[1,2,3]}},"shape":[3]}
///     grad       {…,"kind":"grad","estimator":"pathwise","value":0.33,"gradients":{"d.concentration":[…],"a":0.5}}
///     gradvar    {…,"kind":"gradvar","repetitions":100,"estimators":{"pathwise":{"d.loc":{"mean":…,"std":…,"stderr":…}},…},"unavailable":{"explicit":"…"}}
///     gradcheck  {…,"kind":"gradcheck","value":…,"parameters":{"d.loc":{"pathwise":…,"finite_difference":…,"relative_error":…}},"max_relative_error":…}
///     fit        {…,"kind":"fit","method":"reverse_kl"|"maximum_likelihood","steps":1000,"loss":…,"interrupted":false,
///                 "parameters":{"q.loc":…},"trace":{"loss":[…],"q.loc":[…]}}   (minimize: "kind":"minimize","method":"minimize")
///     plot, hist {…,"kind":"plot","text":"…the rendered lines…"}; a hist of one series adds
///                "bins":{"edges":[…],"counts":[…],"density":[…]}, an overlay "series":[{"name","bins"}],
///                a plot "series":[{"name","x","y"}], velocity "parameter" and "mean_velocity"
///     error      {"line":3,"input":"…","kind":"error","message":"…","column":7}
///     others     seed {"seed":N}, pace {"milliseconds":…}, help {"topic","text"}, vars {"variables":{name:{value,shape}}},
///                command {"name","argument"} for commands the layer above handles (:save, :load, :replay), quit, reset, empty
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
