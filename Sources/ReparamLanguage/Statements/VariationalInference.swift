import Foundation
import Reparam
import ReparamPlots

/// `fit q to posterior(lj) [using E1, E2, …] [samples N]`: variational inference. Each estimator of
/// the ELBO's gradient (`VariationalFit.Gradient`, `stl` by default) runs its own Adam (or SGD) from
/// the same start with its own copy of the same random stream, step by step side by side; the live
/// picture draws each one's ELBO and, when the exact posterior is recognised (`ConjugatePosterior`),
/// its KL divergence to it. q keeps the first estimator's result.
///
/// The ELBO estimate at each step is mean(log p(x, z) − log q(z)) over the draws the estimator made
/// from q (stl, pathwise, score), or over n fresh draws (mvd and the delta method draw elsewhere). The log-joint is a function of one z; it is called on all n draws at
/// once when that gives the same numbers as calling it on each draw (checked at the first step),
/// else once per draw (so `z => sum(poisson(z).log_prob(data)) + …` works as written).
extension Session {
    /// Draws a step when the log-joint takes all draws at once, and when it is called per draw.
    static let posteriorSamples = 256, perDrawPosteriorSamples = 16

    /// One estimator's run.
    private struct VariationalRun {
        let gradient: VariationalFit.Gradient
        var values: [Tensor]
        var optimizer: ParameterOptimizer
        var stream: RandomStream
        var state = EstimatorState()
        var elbo: [Double] = []
        var kl: [Double] = []
        var traces: [[Tensor]]
        var failure: String?
    }

    func variationalFit(_ q: DistributionValue, parameters: [Parameter], modelExpression: Expression, logJoint function: Function,
                        targetExpression: Expression, _ options: OptimizationOptions,
                        current: @escaping () throws -> any Distribution) throws -> Output {
        let function = try Session.logJoint(.function(function), described: interpreter.text(targetExpression.range), at: targetExpression.range)
        try checkFiniteData(used: function, range: targetExpression.range)
        let start = try interpreter.engine(modelExpression.range) { try current() }
        guard start.batchShape.isEmpty, start.eventShape.isEmpty, start.reparameterization != .none else {
            throw Diagnostic("variational inference here fits one univariate continuous distribution with a reparameterized sampler; "
                             + "\(Interpreter.describe(modelExpression)) is \(start.name)"
                             + (start.batchShape.isEmpty ? "" : " with batch shape \(start.batchShape)") + ", e.g. let q = gamma(1, 1)",
                             at: modelExpression.range)
        }
        let range = targetExpression.range
        let vectorised = try logJointTakesAllDraws(function, q: start, range: range)
        let n = options.samples?.value ?? (vectorised ? Session.posteriorSamples : Session.perDrawPosteriorSamples)
        guard n >= 2 else { throw Diagnostic("a variational fit needs at least 2 draws a step; got samples \(n)", at: options.samples?.range ?? range) }
        let logJoint: (Tensor) throws -> Tensor = { z in try self.logJointValues(function, at: z, allAtOnce: vectorised, range: range) }
        let exact = ConjugatePosterior.Form(familyOf: start).flatMap { form in
            try? ConjugatePosterior.recognise(form) { points in try logJoint(Tensor(points)).scalars }
        }
        let steps = options.steps?.value ?? Session.defaultSteps
        let kind = options.optimizer?.value ?? .adam
        let rate = options.learningRate?.value ?? (kind == .adam ? Session.defaultAdamRate : Session.defaultSGDRate)
        let startValues = parameters.map(\.value)
        let gradients = options.estimators.isEmpty ? [VariationalFit.Gradient.stl] : options.estimators.map(\.value)
        var runs = gradients.map { gradient in
            VariationalRun(gradient: gradient, values: startValues,
                           optimizer: ParameterOptimizer(kind: kind, learningRate: rate, steps: steps, parameters: parameters),
                           stream: interpreter.stream, traces: parameters.map { _ in [] })
        }
        let interval = progressInterval > 0 ? progressInterval : max(1, steps / (progressPictures ? 100 : 10))
        // With `pace` set, a live screen gets a frame at every step, held that long.
        let hold = fitPaced ? paceMilliseconds / 1000 : 0
        var interrupted = false
        var completed = 0
        for step in 1...steps {
            if self.interrupted { interrupted = true; break }
            for index in runs.indices where runs[index].failure == nil {
                do {
                    try advance(&runs[index], parameters: parameters, logJoint: logJoint, exact: exact, samples: n, current: current,
                                range: range, firstStep: step == 1)
                } catch let diagnostic as Diagnostic where step == 1 {
                    for (parameter, value) in zip(parameters, startValues) { parameter.restore(value) }
                    throw diagnostic
                }
            }
            completed = step
            let reports = step % interval == 0 || step == steps
            if reports || (hold > 0 && onFrame != nil && progressPictures) {
                adoptRequestedPlotSize()
                let traces = runs.map { ELBOTrace(name: $0.gradient.description, elbo: $0.elbo, kl: exact == nil ? nil : $0.kl) }
                let render = { (style: PlotStyle) in
                    ELBOTracePlot.render(traces, steps: steps, logEvidence: exact?.logEvidence, style: style)
                }
                if progressPictures { lastRendering = render }
                if let live = onFrame, progressPictures {
                    live(LiveFrame(picture: { [self] in render(plotStyle) }, hold: step > 1 ? hold : 0, isLast: step == steps))
                } else if reports {
                    onProgress?(variationalProgress(step: step, of: steps, runs, picture: progressPictures ? render(plotStyle) : nil))
                }
            }
            if runs.allSatisfy({ $0.failure != nil }) { break }
        }
        // q keeps the first estimator's values; the session's stream continues from its run.
        for (parameter, value) in zip(parameters, runs[0].values) { parameter.restore(value) }
        interpreter.stream = runs[0].stream
        interpreter.recomputeBindings()
        return variationalReport(runs, parameters: parameters, exact: exact, steps: completed, samples: n, interrupted: interrupted,
                                 modelName: Interpreter.describe(modelExpression), current: current)
    }

    /// One step of one run: its values into the parameters, the ELBO estimate, the gradient, the update.
    private func advance(_ run: inout VariationalRun, parameters: [Parameter], logJoint: @escaping (Tensor) throws -> Tensor,
                         exact: ConjugatePosterior?, samples n: Int, current: () throws -> any Distribution,
                         range: SourceRange, firstStep: Bool) throws {
        for (parameter, value) in zip(parameters, run.values) { parameter.restore(value) }
        do {
            let q = try interpreter.engine(range) { try current() }
            let divergence = try exact.map { try $0.divergence(from: q) }
            let θ = q.parameters.map(\.value)
            let (g, seen) = try interpreter.engine(range) {
                try VariationalFit.gradients(of: logJoint, under: q, gradient: run.gradient, samples: n, state: &run.state, using: &run.stream)
            }
            let elbo = try seen ?? interpreter.engine(range) { try VariationalFit.elbo(of: logJoint, under: q, samples: n, using: &run.stream) }
            // ∇ of −ELBO for the language's parameters: the vector–Jacobian product through q's construction.
            var pulled = Tensor(0)
            for (value, gradient) in zip(θ, g) { pulled = try pulled.adding(value.multiplying(gradient.detached).sum()) }
            let parameterGradients = try Reparam.gradients(of: pulled, withRespectTo: parameters.map(\.value)).map { -$0 }
            guard elbo.isFinite, parameterGradients.allSatisfy({ $0.scalars.allSatisfy(\.isFinite) }) else {
                let what = elbo.isFinite ? "its gradient" : "the ELBO estimate"
                if firstStep {
                    throw Diagnostic("\(what) is not finite at the start (\(elbo)): the log-joint must be finite wherever q puts mass; "
                                     + "check it and the data", at: range)
                }
                run.failure = "stopped at step \(run.elbo.count + 1): \(what) became \(elbo.isNaN ? "nan" : "not finite")"
                return
            }
            try run.optimizer.update(gradients: parameterGradients)
            run.elbo.append(elbo)
            run.kl.append(divergence ?? .nan)
            run.values = parameters.map(\.value)
            for k in parameters.indices { run.traces[k].append(parameters[k].value.detached) }
        } catch let error as Diagnostic {
            if firstStep { throw error }
            run.failure = "stopped at step \(run.elbo.count + 1): " + error.message
        } catch {
            if firstStep { throw Diagnostic(EngineMessages.message(of: error), at: range) }
            run.failure = "stopped at step \(run.elbo.count + 1): " + EngineMessages.message(of: error)
        }
    }

    /// log p(x, z) for each draw: the function on all of them at once, or once per draw.
    private func logJointValues(_ function: Function, at z: Tensor, allAtOnce: Bool, range: SourceRange) throws -> Tensor {
        if allAtOnce { return try applyLogJoint(function, z, range: range) }
        var values: [Tensor] = []
        for index in 0..<z.count {
            let draw = try z.select(axis: 0, index)
            let value: Tensor
            do {
                value = try applyLogJoint(function, draw, range: range)
            } catch let error as Diagnostic {
                throw Diagnostic("the log-joint fails at z = \(format.number(draw.scalars[0])), a draw of q: \(error.message); "
                                 + "q must put its mass where the log-joint is defined (e.g. a gamma q for a rate)", at: range)
            }
            guard value.count == 1 else {
                throw Diagnostic("the log-joint must give one number for one value of z, but at z = \(format.number(draw.scalars[0])) it gave "
                                 + "\(value.rank == 1 ? "a vector of \(value.count)" : "shape \(value.shape)"); sum the data's terms, "
                                 + "e.g. z => sum(poisson(z).log_prob(data)) + gamma(2, 1).log_prob(z)", at: range)
            }
            values.append(try value.reshaped([]))
        }
        return try stack(values)
    }

    private func applyLogJoint(_ function: Function, _ z: Tensor, range: SourceRange) throws -> Tensor {
        let value = try interpreter.apply(function, Arguments(callee: "the log-joint", items: [.init(label: nil, value: .tensor(z, .none), range: range)],
                                                             range: range))
        guard case let .tensor(values, _) = value else {
            throw Diagnostic("the log-joint must give a number, got \(value.kindDescription)", at: range)
        }
        return values
    }

    /// Whether calling the log-joint on n draws at once gives, draw by draw, what calling it on each does.
    private func logJointTakesAllDraws(_ function: Function, q: any Distribution, range: SourceRange) throws -> Bool {
        var probe = RandomStream(seed: interpreter.seed ^ 0x5eed)
        let z = try interpreter.engine(range) { try q.sample([8], using: &probe) }
        let each = try logJointValues(function, at: z, allAtOnce: false, range: range).scalars
        if let bad = each.firstIndex(where: { !$0.isFinite }) {
            throw Diagnostic("the log-joint is \(each[bad]) at z = \(format.number(z.scalars[bad])), a draw of q: it must be finite wherever q puts "
                             + "mass; check it and the data", at: range)
        }
        guard let together = try? applyLogJoint(function, z, range: range), together.shape == z.shape else { return false }
        return zip(together.scalars, each).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
    }

    /// Names the log-joint's body uses that hold numbers: each must be finite (the data).
    private func checkFiniteData(used function: Function, range: SourceRange) throws {
        guard case let .lambda(_, body, captured) = function.body else { return }
        for name in Set(body.identifiers).sorted() {
            guard let value = captured[name] ?? interpreter.bindings[name]?.value, case let .tensor(tensor, _) = value,
                  let bad = tensor.scalars.firstIndex(where: { !$0.isFinite }) else { continue }
            throw Diagnostic("the log-joint uses \(name), which holds \(tensor.scalars[bad])" + (tensor.count > 1 ? " at position \(bad)" : "")
                             + "; data must be finite numbers", at: range)
        }
    }

    private func variationalProgress(step: Int, of steps: Int, _ runs: [VariationalRun], picture: [String]?) -> Output {
        let parts = runs.map { run in
            "\(run.gradient.description) ELBO \(format.number(run.elbo.last ?? .nan))" + (run.kl.last.map { $0.isNaN ? "" : " KL \(format.number($0))" } ?? "")
        }
        return Output(kind: .progress, text: "step \(step)/\(steps)  " + parts.joined(separator: "  "),
                      fields: [("step", .number(Double(step))), ("steps", .number(Double(steps)))], plot: picture)
    }

    private func variationalReport(_ runs: [VariationalRun], parameters: [Parameter], exact: ConjugatePosterior?, steps: Int, samples: Int,
                                   interrupted: Bool, modelName: String, current: () throws -> any Distribution) -> Output {
        let estimators = runs.map(\.gradient.description)
        var lines = ["fit \(modelName) by the ELBO (variational inference): \(steps) steps, \(samples) draws a step"
                     + (interrupted ? " (interrupted)" : "")]
        if let exact {
            lines.append("  log p(x, z) = \(exact.logJointDescription): exact posterior \(Session.describe(exact.posterior))")
            lines.append("  log p(x) = \(format.number(exact.logEvidence)): ELBO = log p(x) - KL(q || posterior)")
        }
        // One row per estimator: final ELBO estimate (mean of the last 10%), KL at the final values, the values.
        let names = parameters.map(\.name)
        var header = ["estimator", "ELBO"] + (exact == nil ? [] : ["KL"]) + names
        var rows: [[String]] = []
        var json: [(String, JSON)] = []
        for run in runs {
            for (parameter, value) in zip(parameters, run.values) { parameter.restore(value) }
            let tail = run.elbo.suffix(max(1, run.elbo.count / 10))
            let elbo = tail.isEmpty ? Double.nan : tail.reduce(0, +) / Double(tail.count)
            let kl = (try? current()).flatMap { q in try? exact?.divergence(from: q) }
            rows.append([run.gradient.description, format.number(elbo)] + (exact == nil ? [] : [kl.map(format.number) ?? "-"])
                        + run.values.map { format.tensor($0).replacingOccurrences(of: "\n", with: " ") })
            var fields: [(String, JSON)] = [("elbo", .number(elbo)), ("kl", kl.map { .number($0) } ?? .null),
                                            ("parameters", .object(zip(names, run.values).map { ($0, JSON.tensor($1)) })),
                                            ("trace", .object([("elbo", .array(run.elbo.map { .number($0) })),
                                                               ("kl", .array(run.kl.map { $0.isNaN ? .null : .number($0) }))]))]
            if let failure = run.failure { fields.append(("warning", .string(failure))) }
            json.append((run.gradient.description, .object(fields)))
        }
        for (parameter, value) in zip(parameters, runs[0].values) { parameter.restore(value) }
        if exact != nil {
            header.append("")
            rows = rows.map { $0 + [""] }
            if let exact {
                rows.append(["exact", format.number(exact.logEvidence), "0"]
                            + exact.posterior.parameters.map { format.number($0.value.scalars.first ?? .nan) } + [""])
            }
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        let table = ([header] + rows).map { row in
            "  " + zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        lines += table
        lines += runs.compactMap { run in run.failure.map { "  \(run.gradient.description): \($0)" } }
        if runs.count > 1 { lines.append("  \(modelName) keeps the \(estimators[0]) fit") }
        var fields: [(String, JSON)] = [("method", .string("elbo")), ("steps", .number(Double(steps))), ("samples", .number(Double(samples))),
                                        ("interrupted", .bool(interrupted)), ("estimators", .object(json)),
                                        ("parameters", .object(zip(names, runs[0].values).map { ($0, JSON.tensor($1)) })),
                                        ("loss", .number(-(runs[0].elbo.last ?? .nan)))]
        if let exact {
            fields.append(("exact", .object([("posterior", .string(Session.describe(exact.posterior))), ("log_evidence", .number(exact.logEvidence)),
                                            ("parameters", .object(exact.posterior.parameters.map { ($0.name, JSON.number($0.value.scalars.first ?? .nan)) }))])))
        }
        return Output(kind: .fit, text: lines.joined(separator: "\n"), fields: fields)
    }

    /// `gamma(22, rate: 6)`: a recognised posterior as the language writes it.
    static func describe(_ posterior: any Distribution) -> String {
        let values = posterior.parameters.map { NumberFormat.short($0.value.scalars.first ?? .nan, digits: 6) }
        switch posterior {
        case is Gamma: return "gamma(\(values[0]), rate: \(values[1]))"
        case is Beta: return "beta(\(values[0]), \(values[1]))"
        default: return "normal(\(values[0]), \(values[1]))"
        }
    }
}

extension Expression {
    /// Every identifier the expression mentions (callees included).
    var identifiers: [String] {
        switch kind {
        case let .identifier(name): return [name]
        case let .call(callee, arguments): return callee.identifiers + arguments.flatMap(\.value.identifiers)
        case let .array(elements): return elements.flatMap(\.identifiers)
        case let .unary(_, operand): return operand.identifiers
        case let .binary(_, left, right): return left.identifiers + right.identifiers
        case let .member(base, _): return base.identifiers
        case let .index(base, components):
            return base.identifiers + components.flatMap { component -> [String] in
                switch component {
                case let .single(index): return index.identifiers
                case let .slice(start, end, step, _): return [start, end, step].compactMap { $0 }.flatMap(\.identifiers)
                }
            }
        case let .range(low, high): return low.identifiers + high.identifiers
        case let .lambda(_, body): return body.identifiers
        case .number, .string, .boolean: return []
        }
    }
}
