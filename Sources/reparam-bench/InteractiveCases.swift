import Foundation
import Reparam
import ReparamLanguage
import ReparamPlots

/// What a person at the prompt waits for: drawing a histogram, answering a
/// `grad`, running a `fit` (issues 5 and 6 set targets for these).
func runInteractiveCases(_ options: Options) throws -> [Record] {
    var records: [Record] = []
    let cpu = options.cpuTime
    if options.wants("histogram-render") {
        var stream = RandomStream(seed: 2)
        let samples = stream.normal(count: 1_000_000)
        let style = PlotStyle(width: 80, height: 24, charset: .braille)
        let density = { (x: Double) in Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot() }
        let seconds = medianSeconds(options.repetitions, cpu: cpu) {
            _ = HistogramPlot.render(samples, options: HistogramOptions(density: density), style: style)
        }
        records.append(Record(family: "histogram-render", mode: "1e6 samples into 80x24", n: samples.count, threads: options.threads,
                              samples_per_second: Double(samples.count) / seconds, seconds_median: seconds))
    }
    if options.wants("heatmap-render") {
        // Issue 15: a 2-D heat map of 1,000,000 points at 100×40 in under 30 ms (building the
        // figure: moments, central ranges; and drawing it: one counting pass per cell grid).
        var stream = RandomStream(seed: 5)
        let x = stream.normal(count: 1_000_000), noise = stream.normal(count: 1_000_000)
        let y = zip(x, noise).map { 0.8 * $0 + 0.6 * $1 }
        let style = PlotStyle(width: 100, height: 40, charset: .unicode)
        let seconds = medianSeconds(options.repetitions, cpu: cpu) {
            _ = FigureText.render(Density2DPlot.figure(x: x, y: y), style: style)
        }
        records.append(Record(family: "heatmap-render", mode: "1e6 points into 100x40", n: x.count, threads: options.threads,
                              samples_per_second: Double(x.count) / seconds, seconds_median: seconds))
    }
    if options.wants("knob-nudge") {
        // Issue 15: one knob nudge of a 100,000-sample histogram in under 50 ms (quantiles of
        // the fixed uniforms, their exact velocities, both panels drawn).
        let session = Session(seed: 6)
        session.plotStyle = PlotStyle(width: 100, height: 40, charset: .braille)
        _ = session.run("let g = gamma(2, 1)")
        let outputs = session.run("knob g.concentration samples 100000")
        if let error = outputs.first(where: { $0.kind == .error }) { throw BenchError.statementFailed(error.text) }
        var direction = 1
        let seconds = medianSeconds(options.repetitions, cpu: cpu) {
            _ = session.nudgeKnob(steps: direction)
            direction = -direction
        }
        _ = session.leaveKnob(keep: false)
        records.append(Record(family: "knob-nudge", mode: "gamma, 1e5 samples, 100x40", n: 100_000, threads: options.threads,
                              samples_per_second: 100_000 / seconds, seconds_median: seconds))
    }
    if options.wants("grad-dirichlet") {
        let session = Session(seed: 3)
        _ = session.run("let d = dirichlet([1,2,3])")
        let seconds = try medianSeconds(max(options.repetitions, 50), cpu: cpu) {
            let outputs = session.run("grad mean(d.rsample(1000))")
            if let error = outputs.first(where: { $0.kind == .error }) { throw BenchError.statementFailed(error.text) }
        }
        records.append(Record(family: "grad-dirichlet", mode: "grad mean(d.rsample(1000))", n: 1000, threads: options.threads,
                              samples_per_second: 1000 / seconds, seconds_median: seconds))
    }
    if options.wants("fit-gamma") {
        let session = Session(seed: 4)
        let seconds = try medianSeconds(max(1, options.repetitions / 3), cpu: cpu) {
            _ = session.run("let q = gamma(1, rate: 1)")
            let outputs = session.run("fit q to gamma(5, rate: 2) steps 1000")   // 256 samples a step
            if let error = outputs.first(where: { $0.kind == .error }) { throw BenchError.statementFailed(error.text) }
        }
        records.append(Record(family: "fit-gamma", mode: "reverse KL, 1000 steps x 256 samples", n: 256_000, threads: options.threads,
                              samples_per_second: 256_000 / seconds, seconds_median: seconds))
    }
    // Issue 13: gradvar, 1,000 repetitions × 1,000 samples, under 2 s for five estimators (this runs the
    // expectation form's eight on a Normal, the exact gradient by quadrature too); a 20-point landscape (five estimators
    // and the two exact curves) under 10 s.
    let estimatorCases = [("gradvar-1000x1000", "gradvar mean((d.rsample(1000) - 2)^2) reps 1000", "8 estimators, 1000 reps x 1000 samples", 8_000_000),
                          ("landscape-20", "gradvar mean((normal(t, 1).rsample(1000) - 2)^2) for t in -2..2 reps 100 points 20",
                           "20 points x 5 estimators x 100 reps x 1000", 10_000_000)]
    for (name, line, mode, items) in estimatorCases where options.wants(name) {
        let session = Session(seed: 7)
        _ = session.run("let d = normal(0.5, 1)")
        let seconds = try medianSeconds(max(1, options.repetitions / 3), cpu: cpu) {
            let outputs = session.run(line)
            if let error = outputs.first(where: { $0.kind == .error }) { throw BenchError.statementFailed(error.text) }
        }
        records.append(Record(family: name, mode: mode, n: items, threads: options.threads,
                              samples_per_second: Double(items) / seconds, seconds_median: seconds))
    }
    return records
}

enum BenchError: Error { case statementFailed(String) }
