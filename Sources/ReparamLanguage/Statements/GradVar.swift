import Foundation
import Reparam
import ReparamPlots

/// `gradvar`: every estimator's gradient spread over repeated draws, judged against the exact
/// gradient where quadrature gives one.
extension Session {
    static let defaultRepetitions = 100
    /// The estimators that differentiate any expression on the tape.
    static let tapeEstimators: [Estimator] = [.pathwise, .implicit, .explicit, .score]
    /// The estimators compared on an expectation `mean(f(d.rsample(n)))` (`ExpectationForm`); REBAR
    /// where the variable is a Bernoulli or a Categorical (elsewhere it has no relaxation to use), and
    /// straight-through for a Categorical (biased: gradvar shows by how much).
    static func formEstimators(for distribution: any Distribution) -> [GradientEstimator] {
        let all = [
            GradientEstimator(.pathwise), GradientEstimator(.score), GradientEstimator(.score, baseline: .mean),
            GradientEstimator(.score, baseline: .leaveOneOut), GradientEstimator(.score, baseline: .optimal),
            GradientEstimator(.pathwise, deltaControlVariate: true), GradientEstimator(.measureValued),
            GradientEstimator(.measureValued, coupled: false),
        ]
        return all + (distribution is Bernoulli || distribution is Categorical ? [GradientEstimator(.rebar)] : [])
            + (distribution is Categorical ? [GradientEstimator(.straightThrough)] : [])
    }

    /// One estimator's run: its name, and per repetition the gradient elements in order.
    private struct Run {
        var estimator: String
        var names: [String] = []
        var draws: [[Double]] = []
    }

    /// Mean, standard deviation and standard error of each gradient element over `repetitions`
    /// fresh evaluations, for every estimator that applies; with the exact gradient by quadrature,
    /// each estimator's bias ± its standard error, mean squared error, and whether it looks unbiased.
    func gradientVariance(_ expression: Expression, repetitions: Int) throws -> Output {
        guard repetitions >= 2 else { throw Diagnostic("gradvar needs at least 2 repetitions, e.g. reps 100", at: expression.range) }
        var runs: [Run] = []
        var unavailable: [(String, String)] = []
        var stopped = false
        let form = try? expectationForm(expression)
        var exact: [String: Double] = [:]
        var noExact: String?
        if let form {
            do {
                // A finite support by enumeration, a continuous family by quadrature.
                let reference = try interpreter.engine(expression.range) { () throws -> [Tensor] in
                    if let discrete = form.distribution as? any DiscreteDistribution { return try Enumeration.gradients(of: form.f, under: discrete) }
                    return try ExactGradient.expectation(of: form.f, under: form.distribution).gradients
                }
                for (name, value) in zip(form.elementNames, reference.flatMap(\.scalars)) { exact[name] = value }
            } catch let diagnostic as Diagnostic {
                noExact = diagnostic.message
            }
            for estimator in Session.formEstimators(for: form.distribution) {
                var run = Run(estimator: estimator.description, names: form.elementNames)
                var state = EstimatorState()
                do {
                    for _ in 0..<repetitions {
                        if interrupted { stopped = true; break }
                        let gradients = try interpreter.engine(expression.range) {
                            try estimator.gradients(of: form.f, under: form.distribution, samples: form.samples, state: &state, using: &interpreter.stream)
                        }
                        run.draws.append(gradients.flatMap(\.scalars))
                    }
                } catch let diagnostic as Diagnostic {
                    unavailable.append((run.estimator, diagnostic.message))
                    continue
                }
                runs.append(run)
            }
        } else {
            noExact = "an exact gradient needs the form \(ExpectationForm.shape)"
            for estimator in Session.tapeEstimators {
                var run = Run(estimator: estimator.rawValue)
                do {
                    for _ in 0..<repetitions {
                        if interrupted { stopped = true; break }
                        let result = try differentiate(expression, estimator: estimator, refresh: true)
                        run.names = elementNames(result.parameters)
                        run.draws.append(result.gradients.flatMap(\.scalars))
                    }
                } catch let diagnostic as Diagnostic {
                    unavailable.append((estimator.rawValue, diagnostic.message))
                    continue
                }
                runs.append(run)
            }
            // An expression that fails under every estimator is wrong in itself: report its error once.
            if runs.isEmpty, unavailable.count == Session.tapeEstimators.count {
                throw Diagnostic(unavailable[0].1, at: expression.range)
            }
        }
        let notRun = runs.filter { $0.draws.count < 2 }.map(\.estimator)
        runs = runs.filter { $0.draws.count >= 2 }
        let completed = runs.map(\.draws.count)

        var spreads: [GradientSpread] = []
        var json: [(String, JSON)] = []
        for run in runs {
            var perParameter: [(String, JSON)] = []
            for (j, name) in run.names.enumerated() {
                let spread = GradientSpread(parameter: name, estimator: run.estimator, values: run.draws.map { $0[j] })
                spreads.append(spread)
                var fields: [(String, JSON)] = [("mean", .number(spread.summary.mean)), ("std", .number(spread.summary.standardDeviation)),
                                                ("stderr", .number(spread.summary.standardError))]
                if let value = exact[name] {
                    let judged = spread.judged(against: value)
                    fields += [("bias", .number(judged.bias)), ("bias_stderr", .number(judged.biasStandardError)),
                               ("mse", .number(judged.meanSquaredError)), ("unbiased", .bool(judged.looksUnbiased))]
                }
                perParameter.append((name, .object(fields)))
            }
            json.append((run.estimator, .object(perParameter)))
        }
        var lines = table(spreads, exact: exact)
        if let noExact, form != nil { lines.append("no exact gradient: \(noExact)") }
        var reasons: [(String, [String])] = []
        for (estimator, reason) in unavailable {
            if let k = reasons.firstIndex(where: { $0.0 == reason }) { reasons[k].1.append(estimator) } else { reasons.append((reason, [estimator])) }
        }
        for (reason, estimators) in reasons {
            lines += Session.wrapped("\(estimators.joined(separator: ", ")): not available (\(reason))", width: 80)
        }
        if !notRun.isEmpty { lines.append(notRun.joined(separator: ", ") + ": not run (interrupted before 2 repetitions)") }
        if !stopped {
            lines.append("\(repetitions) repetitions each" + (exact.isEmpty ? "" : "; ok: |bias| within 4 standard errors"))
        } else {
            let counts = Set(completed).sorted()
            let done = counts.count == 1 ? "\(counts[0]) repetitions each" : "\(counts.map(String.init).joined(separator: "/")) repetitions"
            lines.append("interrupted: " + (completed.isEmpty ? "no estimator finished 2 repetitions" : done) + " of the \(repetitions) asked for")
        }
        var fields: [(String, JSON)] = [("repetitions", .number(Double(repetitions))), ("completed", .array(completed.map { .number(Double($0)) })),
                                        ("interrupted", .bool(stopped)), ("estimators", .object(json)),
                                        ("unavailable", .object(unavailable.map { ($0.0, .string($0.1)) }))]
        if !exact.isEmpty { fields.append(("exact", .object(exact.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) }))) }
        return Output(kind: .gradvar, text: lines.joined(separator: "\n"), fields: fields,
                      plot: EstimatorComparisonPlot.render(spreads, options: EstimatorComparisonOptions(title: interpreter.text(expression.range), exact: exact),
                                                           style: comparisonStyle))
    }

    /// One row per parameter and estimator: mean, std and standard error; or, against the exact
    /// gradient, one block per parameter headed by its exact value, each row with bias ± standard
    /// error, MSE and the unbiased mark (four digits or fewer: the JSON has them all).
    private func table(_ spreads: [GradientSpread], exact: [String: Double]) -> [String] {
        let ordered = spreads.enumerated().sorted { $0.element.parameter == $1.element.parameter ? $0.offset < $1.offset : $0.element.parameter < $1.element.parameter }
            .map(\.element)
        guard !exact.isEmpty else {
            return aligned([["parameter", "estimator", "mean", "std", "stderr"]] + ordered.map { spread in
                [spread.parameter, spread.estimator, format.number(spread.summary.mean), format.number(spread.summary.standardDeviation),
                 format.number(spread.summary.standardError)]
            })
        }
        var rows = [["  estimator", "mean", "std", "bias +- se", "mse", "ok"]]
        var headings: [Int: String] = [:]
        for spread in ordered {
            if spread.parameter != (rows.count > 1 ? ordered[rows.count - 2].parameter : nil) {
                headings[rows.count] = spread.parameter + (exact[spread.parameter].map { "  (exact \(format.number($0)))" } ?? "")
            }
            let short = { (x: Double) in NumberFormat.short(x, digits: 3) }
            var row = ["  " + spread.estimator, short(spread.summary.mean), short(spread.summary.standardDeviation)]
            if let value = exact[spread.parameter] {
                let judged = spread.judged(against: value)
                row += [NumberFormat.short(judged.bias, digits: 2) + " +- " + NumberFormat.short(judged.biasStandardError, digits: 2),
                        NumberFormat.short(judged.meanSquaredError, digits: 2), judged.looksUnbiased ? "yes" : "no"]
            } else {
                row += ["", "", ""]
            }
            rows.append(row)
        }
        var lines: [String] = []
        for (index, line) in aligned(rows).enumerated() {
            if let heading = headings[index] { lines.append(heading) }
            lines.append(line)
        }
        return lines
    }

    /// Rows as columns padded to their widest cell, two spaces apart.
    private func aligned(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[c] - cell.count) }
                .joined(separator: "  ")
        }
    }

    /// `text` broken at spaces into lines of at most `width` characters, continuations indented by two.
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = "  " + word
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        return lines + [line]
    }

    /// The comparison's size: the pane's, or as tall as its blocks need where output scrolls.
    private var comparisonStyle: PlotStyle {
        var style = plotStyle
        if picturesGrowToFit { style.height = max(style.height, Session.tallestComparison) }
        return style
    }

    /// Rows a scrolling gradvar picture may take (its canvas keeps only the rows it fills).
    static let tallestComparison = 400

    /// `d.concentration[0]`, `d.concentration[1]`, … for vector parameters; the bare name for scalars.
    func elementNames(_ parameters: [Parameter]) -> [String] {
        parameters.flatMap { parameter in
            parameter.value.rank == 0 ? [parameter.name] : (0..<parameter.value.count).map { "\(parameter.name)[\($0)]" }
        }
    }
}
