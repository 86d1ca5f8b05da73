import Foundation
import ReparamLanguage

extension TerminalOutput {
    /// One language output as what the terminal shows: a picture apart from its text, errors
    /// as errors, `:quit` as leaving, and a `:replay` request as `.replay`.
    ///
    ///     TerminalOutput.outputs(for: session.run("hist normal(0, 1)")[0])   // [.plot(…), .text("n = …")]
    static func outputs(for output: Output) -> [TerminalOutput] {
        switch output.kind {
        case .error: return [.error(output.text)]
        case .quit: return [.quit]
        case .empty: return []
        case .command:
            if case let .string(path)? = output.fields.first(where: { $0.0 == "replay" })?.1 { return [.replay(path: path)] }
            fallthrough
        default:
            var shown: [TerminalOutput] = []
            if let picture = output.plot { shown.append(.plot(picture)) }
            let text = output.plot.map { output.text.replacingOccurrences(of: $0.joined(separator: "\n"), with: "") } ?? output.text
            let trimmed = text.trimmingCharacters(in: .newlines)
            if !trimmed.isEmpty { shown.append(.text(trimmed)) }
            return shown
        }
    }
}
