import Foundation
import Reparam
import ReparamPlots

/// `gradvar`: every estimator's gradient spread over repeated draws.
extension Session {
    static let defaultRepetitions = 100

    /// Mean, standard deviation and standard error of each gradient element
    /// over `repetitions` fresh evaluations, for every estimator that applies.
    func gradientVariance(_ expression: Expression, repetitions: Int) throws -> Output {
        guard repetitions >= 2 else { throw Diagnostic("gradvar needs at least 2 repetitions, e.g. reps 100", at: expression.range) }
        struct Row { var estimator: String; var name: String; var mean, deviation, error: Double }
        var rows: [Row] = []
        var unavailable: [(String, String)] = []
        var json: [(String, JSON)] = []
        var spreads: [EstimatorSpread] = []
        /// Repetitions each estimator finished (fewer than asked when Ctrl-C stopped the run).
        var completed: [Int] = []
        var stopped = false
        var notRun: [String] = []
        for estimator in Estimator.allCases {
            var draws: [[Double]] = []
            var parameters: [Parameter] = []
            do {
                for _ in 0..<repetitions {
                    if interrupted { stopped = true; break }
                    let result = try differentiate(expression, estimator: estimator, refresh: true)
                    parameters = result.parameters
                    draws.append(result.gradients.flatMap(\.scalars))
                }
            } catch let diagnostic as Diagnostic {
                unavailable.append((estimator.rawValue, diagnostic.message))
                continue
            }
            guard draws.count >= 2 else {
                if stopped { notRun.append(estimator.rawValue) }
                continue
            }
            completed.append(draws.count)
            let names = elementNames(parameters)
            var perParameter: [(String, JSON)] = []
            for (j, name) in names.enumerated() {
                let statistics = Statistics(draws.map { $0[j] })
                let error = statistics.standardDeviation / Double(draws.count).squareRoot()
                rows.append(Row(estimator: estimator.rawValue, name: name, mean: statistics.mean,
                                deviation: statistics.standardDeviation, error: error))
                spreads.append(EstimatorSpread(parameter: name, estimator: estimator.rawValue, values: draws.map { $0[j] }))
                perParameter.append((name, .object([("mean", .number(statistics.mean)), ("std", .number(statistics.standardDeviation)),
                                                    ("stderr", .number(error))])))
            }
            json.append((estimator.rawValue, .object(perParameter)))
        }
        // An expression that fails under every estimator is wrong in itself: report its error once.
        if rows.isEmpty, notRun.isEmpty, unavailable.count == Estimator.allCases.count {
            throw Diagnostic(unavailable[0].1, at: expression.range)
        }
        let nameWidth = max(9, rows.map(\.name.count).max() ?? 0)
        let estimatorWidth = 9
        func cell(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        let numberWidth = max(10, precision + 7)
        var lines = [cell("parameter", nameWidth) + "  " + cell("estimator", estimatorWidth) + "  "
                     + cell("mean", numberWidth) + "  " + cell("std", numberWidth) + "  stderr"]
        for row in rows.sorted(by: { $0.name == $1.name ? false : $0.name < $1.name }) {
            lines.append(cell(row.name, nameWidth) + "  " + cell(row.estimator, estimatorWidth) + "  "
                         + cell(format.number(row.mean), numberWidth) + "  " + cell(format.number(row.deviation), numberWidth)
                         + "  " + format.number(row.error))
        }
        for (estimator, reason) in unavailable { lines.append("\(estimator): not available (\(reason))") }
        if !notRun.isEmpty { lines.append(notRun.joined(separator: ", ") + ": not run (interrupted before 2 repetitions)") }
        if !stopped {
            lines.append("\(repetitions) repetitions each")
        } else {
            let counts = Set(completed).sorted()
            let done = counts.count == 1 ? "\(counts[0]) repetitions each" : "\(counts.map(String.init).joined(separator: "/")) repetitions"
            lines.append("interrupted: " + (completed.isEmpty ? "no estimator finished 2 repetitions" : done) + " of the \(repetitions) asked for")
        }
        return Output(kind: .gradvar, text: lines.joined(separator: "\n"),
                      fields: [("repetitions", .number(Double(repetitions))), ("completed", .array(completed.map { .number(Double($0)) })),
                               ("interrupted", .bool(stopped)), ("estimators", .object(json)),
                               ("unavailable", .object(unavailable.map { ($0.0, .string($0.1)) }))],
                      plot: EstimatorComparisonPlot.render(spreads, options: EstimatorComparisonOptions(title: interpreter.text(expression.range)),
                                                           style: comparisonStyle))
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
