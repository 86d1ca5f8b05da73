import Reparam
import ReparamPlots

/// One interactive session: the entry point the terminal, scripts and tests use.
///
/// Feed it lines; it answers each with outputs in a human and a machine form.
/// A bad line yields an error output and leaves every binding intact.
///
///     let session = Session(seed: 1)
///     session.run("let d = dirichlet([1,2,3])")
///     let outputs = session.run("grad mean(d.rsample(1000))")
///     print(outputs[0].text)
public final class Session {
    let interpreter: Interpreter
    /// Significant digits in the human form (`:precision N`).
    public var precision = 6
    /// The number of the next line (1 for the first), used in messages and JSON.
    public private(set) var lineNumber = 1
    /// Every line run so far with what it produced, for saving the session.
    public private(set) var transcript: [(input: String, output: Output)] = []
    /// Called with progress outputs while a `fit`, `minimize` or `sweep` runs.
    public var onProgress: ((Output) -> Void)?
    /// How often (in steps) `fit` and `minimize` report progress; 0 picks about ten reports per run
    /// (a hundred when `progressPictures` is on).
    public var progressInterval = 0
    /// Whether progress outputs carry a picture (the loss trace so far) for a live pane.
    public var progressPictures = false
    /// Commands the layer above handles (`:save`, `:load`, …); `run` returns
    /// them as `.command` outputs instead of rejecting them.
    public var externalCommands = ["save", "load", "replay"]
    /// The delay between animation frames set by `pace` (milliseconds), asked of the screen as
    /// each `LiveFrame`'s `hold`.
    public private(set) var paceMilliseconds = 50.0
    /// Whether `pace` was set: then a live `fit`/`minimize` also holds each step that long,
    /// so a class can watch it (a sweep's frames always hold the pace).
    public private(set) var fitPaced = false
    /// Raised (from any thread) to stop a running fit, minimize, sweep or gradvar; see `interrupted`.
    public let interruption = InterruptFlag()
    /// A pane size asked for (from any thread) while a statement runs; see `requestPlotSize`.
    public let plotSizeRequest = PlotSizeRequest()
    /// While a sweep redraws a histogram: the fixed uniforms and axis range of its frames.
    var sweepFrame: SweepFrame?
    /// The picture on screen, ready to be laid out again at another size without drawing anew.
    var lastRendering: ((PlotStyle) -> [String])?
    /// The last plot or histogram statement, which `sweep` redraws by default.
    var lastPicture: Statement?
    /// The random stream as it stood when the last picture was drawn: a number knob redraws from it,
    /// so its first frame is the picture on screen and its samples then move.
    var lastPictureStream: RandomStream?
    /// The last picture as data, which `:export` writes.
    var lastDrawing: Picture?
    /// The parameter under the arrow keys after a `knob` statement, until it is left.
    var knob: Knob?
    /// Size and characters of hist, plot and sweep pictures (ASCII 80×24 unless the terminal says otherwise).
    public var plotStyle = PlotStyle(width: 80, height: 24, charset: .ascii)
    /// Whether a picture may take more rows than `plotStyle.height` when it needs them (gradvar's
    /// blocks): true for plain and `-e` output, which scroll; false in a pane, where pictures
    /// lay themselves out more compactly instead.
    public var picturesGrowToFit = false
    /// Where a running `fit`, `minimize` or `sweep` sends its live frames, which the caller builds,
    /// draws and paces (it may block, e.g. for `pace`); nil for scripts and tests, which never wait.
    /// Frames carry pictures when `progressPictures` is on; a fit's progress then goes only to the
    /// frames, otherwise also to `onProgress` as text.
    public var onFrame: ((LiveFrame) -> Void)?

    public init(seed: UInt64 = 0) {
        interpreter = Interpreter(seed: seed)
        interpreter.interruption = interruption
        interpreter.onDrawProgress = { [unowned self] done, total in
            onProgress?(Output(kind: .progress, text: "drew \(done.formatted()) of \(total.formatted()) samples (Ctrl-C stops)",
                               fields: [("drawn", .number(Double(done))), ("samples", .number(Double(total)))]))
        }
    }

    /// Set (e.g. from a SIGINT handler) to stop a running fit, minimize or
    /// sweep at the end of its current step; the values reached are kept.
    public var interrupted: Bool {
        get { interruption.isRaised }
        set { if newValue { interruption.raise() } else { interruption.lower() } }
    }

    /// Asks a running `fit`, `minimize` or `sweep` to lay its next frames out at this size
    /// (the pane was resized). Thread-safe; `plotStyle` takes the size at the next frame.
    public func requestPlotSize(columns: Int, rows: Int) {
        plotSizeRequest.ask(columns: columns, rows: rows)
    }

    /// Takes a size asked for by `requestPlotSize`, if any.
    func adoptRequestedPlotSize() {
        guard let size = plotSizeRequest.take() else { return }
        plotStyle.width = size.columns
        plotStyle.height = size.rows
    }

    /// Runs one line (or several separated by newlines) and returns what each produced.
    public func run(_ text: String) -> [Output] {
        var outputs: [Output] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            outputs.append(runLine(String(line)))
            lineNumber += 1
        }
        return outputs
    }

    /// Runs `text` and returns each output as its JSON object (one per line).
    public func runJSON(_ text: String) -> [JSON] {
        var results: [JSON] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let number = lineNumber
            results.append(runLine(String(line)).json(line: number, input: String(line)))
            lineNumber += 1
        }
        return results
    }

    private func runLine(_ line: String) -> Output {
        let output = answer(line)
        if output.kind == .reset { transcript = [] } else { transcript.append((line, output)) }
        return output
    }

    private func answer(_ line: String) -> Output {
        interrupted = false
        // A knob left without Enter or Esc (a script, a pipe) gives its parameter back.
        if knob != nil { _ = leaveKnob(keep: false) }
        interpreter.source = line
        do {
            if interpreter.binding(line.trimmingCharacters(in: .whitespaces)) == nil,
               let hint = PromptHints.hint(for: line, lineNumber: lineNumber) { throw hint }
            let statement = try Parser.statement(PromptHints.rewritten(line), line: lineNumber)
            return try execute(statement)
        } catch var diagnostic as Diagnostic {
            if diagnostic.source.isEmpty { diagnostic.source = line }
            if diagnostic.range.line != lineNumber { diagnostic.range.line = lineNumber }
            return .error(diagnostic)
        } catch let error as ReparamError {
            return .error(Diagnostic(error.languageMessage, at: SourceRange(line: lineNumber, column: 1, endColumn: 1), source: line))
        } catch {
            return .error(Diagnostic("\(error)", at: SourceRange(line: lineNumber, column: 1, endColumn: 1), source: line))
        }
    }

    var format: ValueFormat { ValueFormat(digits: precision) }

    func execute(_ statement: Statement) throws -> Output {
        switch statement.kind {
        case .empty:
            return Output(kind: .empty, text: "")
        case let .binding(name, expression):
            let value = try interpreter.bind(name, to: expression)
            return Output(kind: .binding, text: "\(name) = " + indentContinuation(format.value(value), by: name.count + 3),
                          fields: [("name", .string(name))] + valueFields(value))
        case let .expression(expression):
            let value = try interpreter.evaluate(expression)
            interpreter.remember(answer: value)
            return Output(kind: .value, text: format.value(value), fields: valueFields(value))
        case let .grad(expression, estimator):
            return try grad(expression, estimator: estimator)
        case let .gradientVariance(expression, repetitions, landscape):
            if let landscape {
                return try varianceLandscape(expression, landscape, repetitions: repetitions?.value ?? Session.defaultRepetitions)
            }
            return try gradientVariance(expression, repetitions: repetitions?.value ?? Session.defaultRepetitions)
        case let .gradientCheck(expression):
            return try gradientCheck(expression)
        case let .minimize(expression, options):
            return try minimize(expression, options)
        case let .fit(model, target, options):
            return try fit(model, to: target, options)
        case .histogram, .plot, .sweep, .velocity:
            return try picture(statement)
        case let .knob(target, step, samples):
            return try startKnob(target, step: step?.value, samples: samples?.value ?? Session.defaultHistogramSamples)
        case let .seed(seed):
            interpreter.reseed(seed.value)
            return Output(kind: .seed, text: "seed \(seed.value)", fields: [("seed", .number(Double(seed.value)))])
        case let .pace(milliseconds):
            paceMilliseconds = milliseconds.value
            fitPaced = true
            return Output(kind: .pace, text: "pace \(NumberFormat.short(milliseconds.value))ms",
                          fields: [("milliseconds", .number(milliseconds.value))])
        case let .help(topic):
            return try help(topic, at: statement.range)
        case let .command(name, argument):
            return try command(name, argument, at: statement.range)
        }
    }

    /// Lines after the first shifted right to sit under the first line's value.
    func indentContinuation(_ text: String, by width: Int) -> String {
        text.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: width))
    }

    /// `"value"` and `"shape"` fields for the JSON form.
    func valueFields(_ value: Value) -> [(String, JSON)] {
        switch value {
        case let .tensor(tensor, _):
            return [("value", .tensor(tensor)), ("shape", .shape(tensor.shape))]
        case let .boolean(flag): return [("value", .bool(flag))]
        case let .string(text): return [("value", .string(text))]
        case let .distribution(distribution):
            let parameters = zip(distribution.parameters, distribution.sources).map { spec, source in
                (spec.name, JSON.tensor(source.tensor))
            }
            let instance = try? distribution.instance()
            let components = distribution.components.map { component in
                valueFields(.distribution(component)).first { $0.0 == "value" }?.1 ?? .null
            }
            return [("value", .object([("family", .string(instance?.name ?? distribution.family.name)),
                                       ("parameters", .object(parameters))]
                                      + (components.isEmpty ? [] : [("components", .array(components))])
                                      // A transform's maps by name, in the order they apply (their values are in parameters).
                                      + (distribution.bijections.isEmpty ? [] : [("maps", .array(distribution.bijections.map { .string($0.rawValue) }))]))),
                    ("shape", .shape(instance.map { $0.batchShape + $0.eventShape } ?? []))]
        case .function: return [("value", .string(format.value(value)))]
        }
    }

    /// Names that complete `prefix` (the word under the cursor, dots included):
    /// `d.rs` → `d.rsample(`, `dir` → `dirichlet(`, `:he` → `:help`, `?gam` → `?gamma`.
    public func completions(for prefix: String) -> [String] {
        if prefix.hasPrefix(":") {
            return (Session.commandNames + externalCommands).map { ":" + $0 }.filter { $0.hasPrefix(prefix) }.sorted()
        }
        if prefix.hasPrefix("?") {
            let topics = Set(interpreter.builtins.keys).union(Session.topics.keys)
            return topics.map { "?" + $0 }.filter { $0.hasPrefix(prefix) }.sorted()
        }
        if let dot = prefix.lastIndex(of: ".") {
            let owner = String(prefix[..<dot]), partial = String(prefix[prefix.index(after: dot)...])
            guard let binding = interpreter.binding(owner) else { return [] }
            let members: [String]
            switch binding.value {
            case let .distribution(distribution):
                members = distribution.methods.map { $0 + "(" }
                    + distribution.memberNames.filter { !distribution.methods.contains($0) }
            case .tensor:
                members = ["shape", "size"] + interpreter.builtins.keys.map { $0 + "(" }
            default:
                members = []
            }
            return members.filter { $0.hasPrefix(partial) }.map { "\(owner).\($0)" }.sorted()
        }
        var names = interpreter.order
        names += interpreter.builtins.keys.map { $0 + "(" }
        names += Array(Interpreter.constants.keys) + Parser.statementWords
        return Set(names.filter { $0.hasPrefix(prefix) }).sorted()
    }

    /// The names bound so far, in order.
    public var variables: [String] { interpreter.order }
}
