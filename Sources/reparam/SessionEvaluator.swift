import ReparamLanguage
import ReparamPlots
import ReparamTerminal

/// Connects the language's `Session` to the terminal: each line's outputs
/// become terminal outputs (human text, or one JSON object per statement
/// with `--json`), progress goes to `onProgress` and live pictures to
/// `onFrame`, Ctrl-C stops a running fit.
final class SessionEvaluator: LineEvaluator {
    var onFrame: (([String]) -> Void)?
    var onProgress: ((String) -> Void)?
    private let session = Session()
    private let json: Bool

    init(configuration: EvaluatorConfiguration) {
        json = configuration.json
        session.plotStyle = PlotStyle(width: 80, height: 24, charset: configuration.unicode ? .braille : .ascii,
                                      color: configuration.color)
        session.realtime = configuration.mode == .pane || configuration.mode == .readline
    }

    func evaluate(_ line: String) -> [TerminalOutput] {
        session.progressPictures = onFrame != nil
        session.onProgress = { [weak self] output in
            guard let self else { return }
            if let picture = output.plot, let onFrame = self.onFrame { onFrame(picture) }
            // Sweep frames are pictures only; fit and minimize also report a line.
            if output.field("frame") == nil, !self.json { self.onProgress?(output.text) }
        }
        defer { session.onProgress = nil }
        let number = session.lineNumber
        let outputs = session.run(line)
        guard let output = outputs.first else { return [] }
        if json {
            let object = output.json(line: number, input: line).text
            switch output.kind {
            case .quit: return [.quit]
            case .error: return [.error(object)]
            case .empty: return []
            default: return [.text(object)]
            }
        }
        switch output.kind {
        case .empty: return []
        case .quit: return [.quit]
        case .error: return [.error(output.text)]
        case .plot, .hist, .sweep: return [.plot(output.plot ?? [])]
        case .command:
            return [.error("error: \(line.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") is not available in this build yet")]
        default:
            return [.text(output.text)] + (output.plot.map { [.plot($0)] } ?? [])
        }
    }

    func completions(for word: String, line: String) -> [String] {
        session.completions(for: word)
    }

    func requestInterrupt() {
        session.interrupted = true
    }

    func resizePlots(columns: Int, rows: Int) -> [String]? {
        session.plotStyle.width = columns
        session.plotStyle.height = rows
        return session.rerenderLastPicture()
    }
}

private extension Output {
    func field(_ name: String) -> JSON? { fields.first { $0.0 == name }?.1 }
}
