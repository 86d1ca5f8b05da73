import Reparam

/// `grad EXPR using KIND [baseline mean|loo|optimal] [control delta] [coupling on|off]`: the words
/// that choose a `GradientEstimator`, checked together.
///
///     grad mean((d.rsample(100) - 2)^2) using score baseline loo
///     grad mean(cos(d.rsample(100))) using pathwise control delta
///     grad mean(d.rsample(100)^2) using mvd coupling off
enum ControlVariateChoice: String, CaseIterable, Sendable {
    case delta
}

enum CouplingChoice: String, CaseIterable, Sendable {
    case on, off
}

extension Parser {
    /// The estimator the options choose, or a diagnostic naming the option that does not fit.
    static func estimator(_ kind: Located<Estimator>?, baseline: Located<ScoreBaseline>?, control: Located<ControlVariateChoice>?,
                          coupling: Located<CouplingChoice>?) throws -> Located<GradientEstimator>? {
        if let baseline, kind?.value != .score {
            throw Diagnostic("'baseline' goes with the score-function estimator: add 'using score'", at: baseline.range)
        }
        if let control, kind == nil || kind?.value == .measureValued || kind?.value == .rebar || kind?.value == .straightThrough {
            throw Diagnostic("'control delta' goes with a score or pathwise estimator, as in 'using score control delta'", at: control.range)
        }
        if let coupling, kind?.value != .measureValued {
            throw Diagnostic("'coupling' goes with the measure-valued estimator: add 'using mvd'", at: coupling.range)
        }
        guard let kind else { return nil }
        return Located(GradientEstimator(kind.value, baseline: baseline?.value, deltaControlVariate: control != nil,
                                         coupled: coupling?.value != .off), kind.range)
    }
}

extension GradientEstimator {
    /// The options as typed: ` using score baseline loo control delta`.
    var canonicalOptions: String {
        " using \(kind.rawValue)" + (baseline.map { " baseline \($0.rawValue)" } ?? "") + (deltaControlVariate ? " control delta" : "")
            + (kind == .measureValued && !coupled ? " coupling off" : "")
    }

    /// Differentiates any expression on the tape (no option beyond the kind).
    var isTapeEstimator: Bool { ![.measureValued, .rebar, .straightThrough].contains(kind) && baseline == nil && !deltaControlVariate }
}
