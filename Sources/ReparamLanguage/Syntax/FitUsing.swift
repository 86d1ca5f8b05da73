import Reparam

/// `fit … using ITEM {, ITEM}`: each item an estimator of the ELBO's gradient (for a variational fit)
/// or the optimizer. Estimator and optimizer names are disjoint, so one word says which:
///
///     fit q to posterior(lj) using stl                      one estimator (the default)
///     fit q to posterior(lj) using pathwise, score          two, side by side from the same start
///     fit q to posterior(lj) using score baseline loo, sgd  an estimator with its options, and SGD
///     fit q to gamma(5, 2) using sgd                        the optimizer alone, as before
///
/// An estimator's options (`baseline mean|loo|optimal`, `control delta`, `coupling on|off`) follow
/// its name, before the next comma.
extension Parser {
    /// The estimator names `using` takes in `fit`: `stl` and the estimators of `grad`.
    static let fitEstimatorNames = ["stl"] + Estimator.allCases.map(\.rawValue)

    mutating func parseFitUsing(_ options: inout OptimizationOptions) throws {
        repeat {
            let token = current
            guard let word = token.identifier else {
                throw error("expected an estimator or an optimizer after 'using': " + Parser.fitUsingChoices
                            + (token.kind == .end ? "" : "; got \(token.quoted)"), at: token.range)
            }
            if let optimizer = OptimizerKind(rawValue: word) {
                if let earlier = options.optimizer {
                    throw error("two optimizers: '\(earlier.value.rawValue)' and '\(word)'; choose one", at: token.range)
                }
                _ = advance()
                options.optimizer = Located(optimizer, token.range)
            } else if word == "stl" {
                _ = advance()
                options.estimators.append(Located(.stl, token.range))
            } else if Estimator(rawValue: word) != nil {
                options.estimators.append(try parseFitEstimator())
            } else {
                let names = Parser.fitEstimatorNames + OptimizerKind.allCases.map(\.rawValue)
                throw error("unknown estimator or optimizer '\(word)': " + Parser.fitUsingChoices + Suggestions.hint(for: word, among: names),
                            at: token.range)
            }
            if let repeated = options.estimators.dropLast().first(where: { $0.value == options.estimators.last?.value }),
               let last = options.estimators.last {
                throw error("'\(last.value.words)' is given twice (first at column \(repeated.range.column))", at: last.range)
            }
        } while consume(.comma) != nil
    }

    /// `estimators pathwise, stl, score [baseline …] [control delta], mvd [coupling off], … or optimizers adam, sgd`
    static var fitUsingChoices: String {
        "an estimator (" + Parser.list(fitEstimatorNames, conjunction: "or") + ", with baseline/control/coupling as in grad) "
            + "or an optimizer (" + Parser.list(OptimizerKind.allCases.map(\.rawValue), conjunction: "or") + ")"
    }

    /// One estimator with the options that follow it, up to the next comma or fit option.
    private mutating func parseFitEstimator() throws -> Located<VariationalFit.Gradient> {
        let kind = try parseChoice(Estimator.self, what: "estimator")
        var baseline: Located<ScoreBaseline>?, control: Located<ControlVariateChoice>?, coupling: Located<CouplingChoice>?
        while let word = current.identifier, ["baseline", "control", "coupling"].contains(word) {
            let option = advance()
            let given = word == "baseline" ? baseline != nil : word == "control" ? control != nil : coupling != nil
            guard !given else { throw error("'\(word)' is given twice for \(kind.value.rawValue)", at: option.range) }
            switch word {
            case "baseline": baseline = try parseChoice(ScoreBaseline.self, what: "baseline", after: "baseline")
            case "control": control = try parseChoice(ControlVariateChoice.self, what: "control variate", after: "control")
            default: coupling = try parseChoice(CouplingChoice.self, what: "coupling", after: "coupling")
            }
        }
        guard let estimator = try Parser.estimator(kind, baseline: baseline, control: control, coupling: coupling) else {
            throw error("expected an estimator after 'using'", at: kind.range)
        }
        return Located(.estimator(estimator.value), estimator.range.union(previous.range))
    }
}

extension VariationalFit.Gradient {
    /// The words that choose it after `using`: `stl`, `score baseline loo`.
    var words: String {
        switch self {
        case .stl: return "stl"
        case let .estimator(estimator): return String(estimator.canonicalOptions.dropFirst(" using ".count))
        }
    }
}
