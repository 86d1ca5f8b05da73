import ReparamLanguage
import ReparamPlots

/// The real language behind the terminal: a `ReparamLanguage.Session` seen as a `LineEvaluator`.
///
/// Human mode returns each statement's text (and its picture for the pane); `--json`
/// returns one JSON object per statement. A running fit's progress goes to `onFrame`
/// (its live picture) when a pane draws it, and to `onProgress` as text otherwise.
///
///     let evaluator = SessionEvaluator(configuration: EvaluatorConfiguration(mode: .script))
///     evaluator.evaluate("let d = dirichlet([1,2,3])")
public final class SessionEvaluator: LineEvaluator {
    public let session: Session
    /// Records what is typed and answers `:save` and `:load`.
    public let recorder: SessionRecorder
    public var onFrame: (@Sendable (LiveFrame) -> Void)?
    public var drawsFramePictures = false
    public var onProgress: (@Sendable (String) -> Void)?
    private let configuration: EvaluatorConfiguration

    public init(configuration: EvaluatorConfiguration, seed: UInt64 = 0) {
        self.configuration = configuration
        session = Session(seed: seed)
        session.plotStyle = PlotStyle(width: 80, height: 24, charset: configuration.unicode ? .braille : .ascii,
                                      color: configuration.color)
        session.picturesGrowToFit = configuration.mode != .pane
        recorder = SessionRecorder(session: session)
    }

    public func evaluate(_ line: String) -> [TerminalOutput] {
        let frames = onFrame
        let drawn = frames != nil && drawsFramePictures
        session.progressPictures = drawn
        session.onFrame = frames.map { sink in { sink($0) } }
        // With --json stdout holds only one object per statement, so progress lines stay out of it.
        let json = configuration.json
        session.onProgress = { [weak self] output in if !json { self?.onProgress?(output.text) } }
        defer {
            session.onProgress = nil
            session.onFrame = nil
        }
        if configuration.json {
            let number = session.lineNumber
            let outputs = recorder.run(line)
            return outputs.flatMap { output -> [TerminalOutput] in
                let object = output.json(line: number, input: line).text
                switch output.kind {
                case .error: return [.error(object)]
                case .quit: return [.text(object), .quit]
                default: return [.text(object)]
                }
            }
        }
        var outputs = recorder.run(line)
        // Without a pane the sweep's frames were printed as progress; don't print the last one twice.
        if !drawn { for i in outputs.indices where outputs[i].kind == .sweep { outputs[i].plot = nil } }
        let shown = outputs.flatMap(TerminalOutput.outputs(for:))
        guard configuration.color else { return shown }
        return shown.map { output in
            if case let .error(text) = output { return .error(Self.colored(error: text)) }
            return output
        }
    }

    /// An error in red where colour is allowed: its message line and the caret under the culprit
    /// (the quoted source line stays plain, so it reads as what was typed).
    static func colored(error text: String) -> String {
        let red = "\u{1B}[31m", bold = "\u{1B}[1m", reset = "\u{1B}[0m"
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            if index == 0 { return bold + red + line + reset }
            if line.trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == "^" || $0 == "~" }) && line.contains("^") {
                return red + line + reset
            }
            return String(line)
        }.joined(separator: "\n")
    }

    public func completions(for word: String, line: String) -> [String] { session.completions(for: word, line: line) }

    public var interrupt: @Sendable () -> Void {
        let flag = session.interruption
        return { flag.raise() }
    }

    public var requestPlotSize: @Sendable (_ columns: Int, _ rows: Int) -> Void {
        let request = session.plotSizeRequest
        return { request.ask(columns: $0, rows: $1) }
    }

    public func resizePlots(columns: Int, rows: Int) -> [String]? {
        session.plotStyle.width = columns
        session.plotStyle.height = rows
        return session.rerenderLastPicture()
    }
}
