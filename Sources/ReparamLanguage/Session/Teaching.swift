import Foundation
import Reparam
import ReparamPlots

/// `gradvar` and `gradcheck`: statements that show how estimators behave.
extension Session {
    /// Mean, standard deviation and standard error of each gradient element
    /// over `repetitions` fresh evaluations, for every estimator that applies.
    func gradientVariance(_ expression: Expression, repetitions: Int) throws -> Output {
        guard repetitions >= 2 else { throw Diagnostic("gradvar needs at least 2 repetitions, e.g. reps 100", at: expression.range) }
        struct Row { var estimator: String; var name: String; var mean, deviation, error: Double }
        var rows: [Row] = []
        var unavailable: [(String, String)] = []
        var json: [(String, JSON)] = []
        var spreads: [EstimatorSpread] = []
        for estimator in GradientEstimator.allCases {
            var draws: [[Double]] = []
            var parameters: [Parameter] = []
            do {
                for _ in 0..<repetitions {
                    if interrupted { break }
                    let result = try differentiate(expression, estimator: estimator, refresh: true)
                    parameters = result.parameters
                    draws.append(result.gradients.flatMap(\.scalars))
                }
            } catch let diagnostic as Diagnostic {
                // The same expression fails the same way under every estimator: report it once.
                if estimator == .pathwise { throw diagnostic }
                unavailable.append((estimator.rawValue, diagnostic.message))
                continue
            }
            guard draws.count >= 2 else { continue }
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
        lines.append("\(repetitions) repetitions each")
        return Output(kind: .gradvar, text: lines.joined(separator: "\n"),
                      fields: [("repetitions", .number(Double(repetitions))), ("estimators", .object(json)),
                               ("unavailable", .object(unavailable.map { ($0.0, .string($0.1)) }))],
                      plot: EstimatorComparisonPlot.render(spreads, options: EstimatorComparisonOptions(title: interpreter.text(expression.range)),
                                                           style: plotStyle))
    }

    /// `d.concentration[0]`, `d.concentration[1]`, … for vector parameters; the bare name for scalars.
    func elementNames(_ parameters: [Parameter]) -> [String] {
        parameters.flatMap { parameter in
            parameter.value.rank == 0 ? [parameter.name] : (0..<parameter.value.count).map { "\(parameter.name)[\($0)]" }
        }
    }

    /// The pathwise gradient beside central finite differences of the same
    /// Monte-Carlo expectation, with common random numbers: each evaluation
    /// replays the same stream, so the difference quotient differentiates the
    /// very sample average the pathwise gradient differentiates. Univariate
    /// draws are made by inversion, z = F⁻¹(u; θ), so a rejection sampler's
    /// accept/reject pattern cannot jump between θ − h and θ + h.
    func gradientCheck(_ expression: Expression) throws -> Output {
        interpreter.drawsByInversion = true
        defer { interpreter.drawsByInversion = false }
        let start = interpreter.stream
        let pathwise = try differentiate(expression, estimator: .pathwise, refresh: true)
        var rows: [(name: String, pathwise: Double, difference: Double)] = []
        let names = elementNames(pathwise.parameters)
        var nameIndex = 0
        for (parameter, gradient) in zip(pathwise.parameters, pathwise.gradients) {
            let leaf = parameter.value
            defer { parameter.restore(leaf) }
            for i in 0..<leaf.count {
                let θ = leaf.scalars[i]
                let step = 1e-5 * max(1, abs(θ))
                func value(at x: Double) throws -> Double {
                    var shifted = leaf.scalars
                    shifted[i] = x
                    parameter.assign(try Tensor(shape: leaf.shape, scalars: shifted))
                    interpreter.stream = start
                    return try differentiateValue(expression)
                }
                let difference = (try value(at: θ + step) - value(at: θ - step)) / (2 * step)
                rows.append((names[nameIndex], gradient.scalars[i], difference))
                nameIndex += 1
            }
        }
        let width = max(9, names.map(\.count).max() ?? 0)
        func cell(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        let numberWidth = max(12, precision + 7)
        var lines = [cell("parameter", width) + "  " + cell("pathwise", numberWidth) + "  " + cell("finite diff", numberWidth) + "  rel. error"]
        var json: [(String, JSON)] = []
        var worst = 0.0
        for row in rows {
            let relative = abs(row.pathwise - row.difference) / max(abs(row.difference), abs(row.pathwise), 1e-300)
            worst = max(worst, row.pathwise == row.difference ? 0 : relative)
            lines.append(cell(row.name, width) + "  " + cell(format.number(row.pathwise), numberWidth) + "  "
                         + cell(format.number(row.difference), numberWidth) + "  " + NumberFormat.short(relative, digits: 2))
            json.append((row.name, .object([("pathwise", .number(row.pathwise)), ("finite_difference", .number(row.difference)),
                                            ("relative_error", .number(relative))])))
        }
        lines.append(worst < 1e-4 ? "agree (largest relative error \(NumberFormat.short(worst, digits: 2)))"
                     : "largest relative error \(NumberFormat.short(worst, digits: 2)); differences this large suggest a wrong gradient or a non-smooth sampler")
        return Output(kind: .gradcheck, text: lines.joined(separator: "\n"),
                      fields: [("value", .number(pathwise.value)), ("parameters", .object(json)),
                               ("max_relative_error", .number(worst))])
    }

    /// The value of `expression` with bound draws recomputed (no gradient needed).
    private func differentiateValue(_ expression: Expression) throws -> Double {
        interpreter.refreshed = [:]
        defer { interpreter.refreshed = nil }
        let value = try interpreter.evaluate(expression)
        guard case let .tensor(tensor, _) = value, let number = tensor.scalar else {
            throw Diagnostic("gradcheck needs a single number", at: expression.range)
        }
        return number
    }
}
