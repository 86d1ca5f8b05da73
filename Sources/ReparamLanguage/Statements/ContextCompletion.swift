import Foundation
import Reparam

/// Tab completion that reads the line around the word: what may come next where the cursor is.
///
///     grad mean(d.rsample(10)) us|      → using
///     grad mean(d.rsample(10)) using s| → score
///     fit q to p st|                    → steps
///     sweep d.|                         → d.loc d.scale (the parameters, nothing else)
///     :load Sess|                       → Sessions/ (files and folders)
///     d.|  with d a Dirichlet           → only the methods a Dirichlet has (no d.cdf()
extension Session {
    /// The words after grad's estimator options.
    static let estimatorOptionChoices: [String: [String]] = [
        "baseline": ScoreBaseline.allCases.map(\.rawValue), "control": ControlVariateChoice.allCases.map(\.rawValue),
        "coupling": CouplingChoice.allCases.map(\.rawValue),
    ]

    /// The options each statement takes after its expression.
    static let statementOptions: [String: [String]] = [
        "grad": ["using", "baseline", "control", "coupling"], "gradvar": ["reps"], "gradcheck": [],
        "minimize": ["steps", "lr", "using", "loss"], "fit": ["to", "steps", "lr", "using", "loss"],
        "hist": ["bins", "samples"], "plot": ["for", "points"], "sweep": ["from", "to", "steps", "then"],
    ]

    /// Completions of `prefix` (the word under the cursor) given the `line` up to the cursor.
    public func completions(for prefix: String, line: String) -> [String] {
        let before = String(line.dropLast(prefix.count))
        let words = before.split(whereSeparator: \.isWhitespace).map(String.init)
        let statement = words.first ?? ""
        // File names after the commands that take one.
        if [":load", ":save", ":save!", ":replay"].contains(statement), let commandEnd = line.range(of: statement)?.upperBound {
            // The path typed so far (the word may be only its last piece: `/` breaks words).
            let path = line[commandEnd...].drop { $0 == " " }
            guard !path.contains(" ") else { return [] }
            return Session.fileCompletions(String(path)).map { String($0.dropFirst(path.count - prefix.count)) }
        }
        // The choice after a keyword: estimators after grad's `using`, optimizers after fit's, scales after `loss`.
        if let keyword = words.last, words.count >= 2, prefix.allSatisfy({ $0.isLetter }) {
            var choices: [String] = []
            if keyword == "using" {
                choices = ["grad", "gradvar"].contains(statement) ? Estimator.allCases.map(\.rawValue)
                    : OptimizerKind.allCases.map(\.rawValue)
            } else if keyword == "loss" {
                choices = LossScale.allCases.map(\.rawValue)
            } else if statement == "grad", let choice = Session.estimatorOptionChoices[keyword] {
                choices = choice
            }
            if !choices.isEmpty { return choices.filter { $0.hasPrefix(prefix) }.sorted() }
        }
        if let maps = bijectionCompletions(for: prefix, before: before) { return maps }
        // sweep moves parameters: after `sweep`, a distribution's parameters only.
        if statement == "sweep", words.count == 1, let dot = prefix.lastIndex(of: ".") {
            let owner = String(prefix[..<dot]), partial = String(prefix[prefix.index(after: dot)...])
            guard case let .distribution(distribution)? = interpreter.binding(owner)?.value else { return [] }
            return distribution.parameters.map(\.name).filter { $0.hasPrefix(partial) }.map { "\(owner).\($0)" }.sorted()
        }
        // A statement's keywords once its expression is complete (brackets closed, a space typed).
        // (A complete expression cannot be followed by a name, so matching keywords are all there is.)
        let awaitsValue = ["to", "from", "then", "for", "in", "steps", "lr", "reps", "bins", "samples", "points", "="]
        if let options = Session.statementOptions[statement], words.count >= 2, !awaitsValue.contains(words.last ?? ""),
           Session.bracketsClosed(before),
           !prefix.contains("."), !prefix.hasPrefix(":"), !prefix.hasPrefix("?") {
            let keywords = options.filter { $0.hasPrefix(prefix) && !words.dropFirst().contains($0) }
            if !keywords.isEmpty { return keywords }
        }
        return completions(for: prefix)
    }

    /// Whether every bracket opened in `text` is closed.
    static func bracketsClosed(_ text: String) -> Bool {
        var depth = 0
        for character in text {
            if "([".contains(character) { depth += 1 } else if ")]".contains(character) { depth -= 1 }
        }
        return depth <= 0
    }

    /// Files and folders whose path starts with `prefix` (folders end in `/`; hidden ones only when asked for).
    static func fileCompletions(_ prefix: String) -> [String] {
        let folder = prefix.lastIndex(of: "/").map { String(prefix[...$0]) } ?? ""
        let partial = String(prefix.dropFirst(folder.count))
        let directory = folder.isEmpty ? "." : folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasPrefix(partial) && (partial.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            return folder + name + (isDirectory.boolValue ? "/" : "")
        }
    }
}
