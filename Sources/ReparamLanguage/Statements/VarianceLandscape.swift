import Foundation
import Reparam
import ReparamPlots

/// `gradvar EXPR for VAR in A..B [reps R] [points K]`: each estimator's variance across a swept
/// value, on a log axis, with the exact variance by quadrature for pathwise and score.
///
///     gradvar mean((normal(θ, 1).rsample(100) - 2)^2) for θ in -2..2     // Mohamed et al. 2020, Fig. 2
///     gradvar mean(cos(3 * normal(0, 1).rsample(n))) for n in 10..10000  // variance ∝ 1/n
///
/// VAR is a local name inside EXPR. The points are evenly spaced, or evenly in log VAR (rounded to
/// whole numbers) when both ends are whole, positive and B ≥ 10·A: a sample-size sweep. The
/// variance shown is that of the first gradient element (the first parameter of the distribution).
extension Session {
    static let defaultLandscapePoints = 12
    /// Five curves and the two exact ones: as many as a plot tells apart in ASCII.
    static let landscapeEstimators: [GradientEstimator] = [
        GradientEstimator(.pathwise), GradientEstimator(.score), GradientEstimator(.score, baseline: .leaveOneOut),
        GradientEstimator(.pathwise, deltaControlVariate: true), GradientEstimator(.measureValued),
    ]
    /// Short column heads, so the table keeps inside 80 columns.
    static let landscapeColumn = ["pathwise": "path", "score+loo": "loo", "score+optimal": "optimal", "pathwise+delta": "delta",
                                  "mvd-uncoupled": "mvd-unc", "pathwise exact": "path*", "score exact": "score*"]

    func varianceLandscape(_ expression: Expression, _ landscape: Landscape, repetitions: Int) throws -> Output {
        guard repetitions >= 2 else { throw Diagnostic("gradvar needs at least 2 repetitions, e.g. reps 100", at: expression.range) }
        let domain = landscape.domain
        let lower = try scalar(domain.lower, "the start of the range"), upper = try scalar(domain.upper, "the end of the range")
        let span = domain.lower.range.union(domain.upper.range)
        guard lower < upper else {
            throw Diagnostic("the range must run from a smaller to a larger number, got \(format.number(lower))..\(format.number(upper))", at: span)
        }
        let count = landscape.points?.value ?? Session.defaultLandscapePoints
        guard count >= 2 else { throw Diagnostic("a landscape needs at least 2 points", at: landscape.points?.range ?? span) }
        let logarithmic = lower > 0 && lower.rounded() == lower && upper.rounded() == upper && upper >= 10 * lower
        var xs = (0..<count).map { i -> Double in
            let t = Double(i) / Double(count - 1)
            return logarithmic ? (lower * pow(upper / lower, t)).rounded() : lower + (upper - lower) * t
        }
        if logarithmic { xs = xs.reduce(into: [Double]()) { if $0.last != $1 { $0.append($1) } } }

        let estimators = Session.landscapeEstimators
        var variances = [[Double]](repeating: [], count: estimators.count)
        var exactPathwise: [Double] = [], exactScore: [Double] = []
        var parameter = ""
        var unavailable: [String: String] = [:]
        var done = 0
        points: for x in xs {
            let form = try expectationForm(expression, locals: [domain.variable: .tensor(Tensor(x), .none)])
            parameter = form.names.first ?? ""
            let n = Double(form.samples)
            let exact = { (kind: Estimator) in (try? ExactVariance.perSample(of: form.f, under: form.distribution, estimator: kind)).map { $0[0] / n } ?? .nan }
            exactPathwise.append(exact(.pathwise))
            exactScore.append(exact(.score))
            for (k, estimator) in estimators.enumerated() {
                guard unavailable[estimator.description] == nil else { variances[k].append(.nan); continue }
                var state = EstimatorState()
                var estimates: [Double] = []
                do {
                    for _ in 0..<repetitions {
                        if interrupted { break points }
                        let gradients = try interpreter.engine(expression.range) {
                            try estimator.gradients(of: form.f, under: form.distribution, samples: form.samples, state: &state, using: &interpreter.stream)
                        }
                        estimates.append(gradients[0].scalars[0])
                    }
                } catch let diagnostic as Diagnostic {
                    unavailable[estimator.description] = diagnostic.message
                }
                variances[k].append(estimates.count >= 2 ? SampleSummary(estimates).variance : .nan)
            }
            done += 1
        }
        xs = Array(xs.prefix(done))
        let shown = estimators.indices.filter { unavailable[estimators[$0].description] == nil }
        var series = shown.map { LineSeries(name: estimators[$0].description, x: xs, y: Array(variances[$0].prefix(done))) }
        if exactPathwise.contains(where: \.isFinite) { series.append(LineSeries(name: "pathwise exact", x: xs, y: Array(exactPathwise.prefix(done)))) }
        if exactScore.contains(where: \.isFinite) { series.append(LineSeries(name: "score exact", x: xs, y: Array(exactScore.prefix(done)))) }

        // Variances below 1e-12 of the largest are rounding (a control variate equal to f, coupled parts
        // that cancel): zero, which a log axis leaves out and counts.
        let largest = series.flatMap(\.y).filter(\.isFinite).max() ?? 0
        for s in series.indices { series[s].y = series[s].y.map { $0 < 1e-12 * largest ? 0 : $0 } }

        let short = { (v: Double) in NumberFormat.short(v, digits: 2) }
        var rows = [[domain.variable] + series.map { Session.landscapeColumn[$0.name] ?? $0.name }]
        for (i, x) in xs.enumerated() { rows.append([NumberFormat.short(x, digits: 4)] + series.map { short($0.y[i]) }) }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        var lines = ["variance of the gradient in \(parameter), \(repetitions) repetitions; * exact (quadrature)"]
        lines += rows.map { row in row.enumerated().map { c, cell in String(repeating: " ", count: widths[c] - cell.count) + cell }.joined(separator: " ") }
        for (estimator, reason) in unavailable.sorted(by: { $0.key < $1.key }) { lines += Session.wrapped("\(estimator): not available (\(reason))", width: 80) }
        if done < xs.count || interrupted { lines.append("interrupted after \(done) of \(count) points") }
        let json = JSON.array(series.map { curve in
            .object([("name", .string(curve.name)), ("x", .array(curve.x.map { .number($0) })), ("y", .array(curve.y.map { .number($0) }))])
        })
        let options = LinePlotOptions(title: "variance in \(parameter): " + interpreter.text(expression.range), logY: true, logX: logarithmic)
        return Output(kind: .gradvar, text: lines.joined(separator: "\n"),
                      fields: [("variable", .string(domain.variable)), ("parameter", .string(parameter)), ("repetitions", .number(Double(repetitions))),
                               ("series", json), ("unavailable", .object(unavailable.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))],
                      plot: LinePlot.render(series, options: options, style: plotStyle))
    }
}
