import Foundation
import Reparam

/// The engine's error messages in the language's words.
///
/// The engine names its own Swift API (`logProb`, `inverseRegularizedBeta: …`); a user of the
/// language never sees those names, so they are translated or dropped:
///
///     "Mixture: … estimate it by Monte Carlo as -mean(logProb(sample(n)))"
///         → "Mixture: … estimate it by Monte Carlo as -mean(d.log_prob(d.sample(n)))"
///     "inverseRegularizedBeta: p must be in [0, 1], got 1.5"  →  "p must be in [0, 1], got 1.5"
enum EngineMessages {
    /// Swift names and the language's spelling of them.
    static let spellings: [(swift: String, language: String)] = [
        ("-mean(logProb(sample(n)))", "-mean(d.log_prob(d.sample(n)))"),
        ("logProb", "log_prob"), ("batchShape", "batch_shape"), ("eventShape", "event_shape"),
        ("standardDeviation", "stddev"), ("hasRsample", "has_rsample"),
    ]

    static func translate(_ message: String) -> String {
        var text = message
        // An internal function's name as the message's prefix (lowerCamelCase, then ": ").
        if let colon = text.range(of: ": "), let first = text.first, first.isLowercase {
            let prefix = text[..<colon.lowerBound]
            if prefix.allSatisfy({ $0.isLetter || $0.isNumber }), prefix.contains(where: \.isUppercase) {
                text = String(text[colon.upperBound...])
            }
        }
        for (swift, language) in spellings { text = text.replacingOccurrences(of: swift, with: language) }
        return text
    }

    /// What to tell the user about any error a statement ran into.
    static func message(of error: any Error) -> String {
        if let diagnostic = error as? Diagnostic { return diagnostic.message }
        if let engine = error as? ReparamError { return engine.languageMessage }
        return "\(error)"
    }
}

extension ReparamError {
    /// The message in the language's words (see `EngineMessages`).
    var languageMessage: String { EngineMessages.translate(description) }
}
