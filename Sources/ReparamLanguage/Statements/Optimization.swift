import Foundation
import Reparam
import ReparamPlots

/// `minimize` and `fit`: gradient descent with fresh draws at every step.
extension Session {
    static let defaultSteps = 500
    static let fitSamples = 256
    /// Learning rates when `lr` is not given.
    static let defaultAdamRate = 0.05, defaultSGDRate = 0.01

    /// Distributions written inline keep their parameters from step to step
    /// (`PinnedLiterals`), so `minimize mean((normal(0, 1).rsample(256) - 3)^2)` moves `normal.loc`.
    func minimize(_ expression: Expression, _ options: OptimizationOptions) throws -> Output {
        try interpreter.pinningLiterals { try minimizePinned(expression, options) }
    }

    private func minimizePinned(_ expression: Expression, _ options: OptimizationOptions) throws -> Output {
        let probe = try differentiate(expression, estimator: .pathwise, refresh: true)
        let picture = progressPictures ? FitPicture(steps: steps(options)) : nil
        let result = try optimize(parameters: probe.parameters, options, range: expression.range, picture: picture) {
            try self.differentiate(expression, estimator: .pathwise, refresh: true, only: probe.parameters)
        }
        return report(result, kind: .minimize, title: "minimize \(interpreter.text(expression.range))", method: "minimize")
    }

    func fit(_ modelExpression: Expression, to targetExpression: Expression, _ options: OptimizationOptions) throws -> Output {
        let model = try interpreter.evaluate(modelExpression)
        guard case let .distribution(q) = model else {
            throw Diagnostic("fit needs a distribution to fit, but \(Interpreter.describe(modelExpression)) is \(model.kindDescription); "
                             + "e.g. let q = gamma(1, 1) then fit q to gamma(5, 2)", at: modelExpression.range)
        }
        let parameters = q.provenance.parameters
        guard !parameters.isEmpty else {
            throw Diagnostic("\(Interpreter.describe(modelExpression)) has no parameters to fit", at: modelExpression.range)
        }
        let modelName = Interpreter.describe(modelExpression)
        let target = try interpreter.evaluate(targetExpression)
        let shared = FitSupports.sharedParameters(model: q.provenance, target: target.provenance)
        if !shared.isEmpty {
            throw Diagnostic("the target depends on \(shared.map(\.name).joined(separator: ", ")), which the fit moves, so it would chase "
                             + "its own target; fit to a copy with fixed values, e.g. let p = \(q.family.example) then fit \(modelName) to p",
                             at: targetExpression.range)
        }
        // Q at the current parameters: arguments computed from parameters are evaluated again.
        let currentModel = { () throws -> any Distribution in
            guard q.hasComputedSources else { return try q.instance() }
            self.interpreter.refreshed = [:]
            defer { self.interpreter.refreshed = nil }
            return try q.recomputed(by: self.interpreter).instance()
        }
        if case .function = target {} else if let first = options.estimators.first ?? options.samples.map({ Located(VariationalFit.Gradient.stl, $0.range) }) {
            throw Diagnostic("estimators and samples go with variational inference, fit q to posterior(logjoint); fitting to "
                             + "\(target.kindDescription) uses the pathwise gradient (using then takes adam or sgd)", at: first.range)
        }
        let method: String
        let loss: () throws -> GradientResult
        var picture: FitPicture?
        switch target {
        case let .distribution(p):
            // Reverse KL, KL(q‖p) = E_q[log q(z) − log p(z)], with z = q.rsample.
            method = "reverse_kl"
            let targetDistribution = try p.instance()
            if let mismatch = FitSupports.reverseKLMismatch(model: try q.instance(), target: targetDistribution, modelName: modelName,
                                                            targetName: interpreter.text(targetExpression.range)) {
                throw Diagnostic(mismatch, at: targetExpression.range)
            }
            if progressPictures {
                picture = FitPicture(steps: steps(options), modelName: modelName, model: q, target: p,
                                     targetName: interpreter.text(targetExpression.range), current: currentModel)
            }
            loss = {
                let qInstance = try currentModel()
                let z = try qInstance.rsample([Session.fitSamples], using: &self.interpreter.stream)
                let divergence = try qInstance.logProb(z).subtracting(targetDistribution.logProb(z)).mean()
                return try self.gradientResult(divergence, parameters, range: modelExpression.range)
            }
        case let .tensor(data, _):
            // Maximum likelihood: minimize −mean log q(x).
            method = "maximum_likelihood"
            let observations = data.detached
            guard observations.count > 0 else { throw Diagnostic("fit needs at least one observation", at: targetExpression.range) }
            if let mismatch = FitSupports.dataMismatch(model: try q.instance(), data: observations.scalars, modelName: modelName) {
                throw Diagnostic(mismatch, at: targetExpression.range)
            }
            if progressPictures {
                picture = FitPicture(steps: steps(options), modelName: modelName, data: observations.scalars, current: currentModel)
            }
            loss = {
                let negativeLogLikelihood = -(try currentModel().logProb(observations).mean())
                return try self.gradientResult(negativeLogLikelihood, parameters, range: modelExpression.range)
            }
        case let .function(logJoint):
            // Variational inference: maximise the ELBO for the posterior ∝ exp(logJoint(z)).
            return try variationalFit(q, parameters: parameters, modelExpression: modelExpression, logJoint: logJoint,
                                      targetExpression: targetExpression, options, current: currentModel)
        default:
            throw Diagnostic("fit needs a distribution (reverse KL), data (maximum likelihood) or a posterior(z => log p(x, z)) (the ELBO) "
                             + "as the target, got \(target.kindDescription)", at: targetExpression.range)
        }
        let result = try optimize(parameters: parameters, options, range: modelExpression.range, picture: picture, loss: loss)
        let how = ["reverse_kl": "reverse KL", "maximum_likelihood": "maximum likelihood"]
        return report(result, kind: .fit, title: "fit \(Interpreter.describe(modelExpression)) by " + (how[method] ?? method), method: method)
    }

    private func gradientResult(_ loss: Tensor, _ parameters: [Parameter], range: SourceRange) throws -> GradientResult {
        let gradients = try interpreter.engine(range) { try Reparam.gradients(of: loss, withRespectTo: parameters.map(\.value)) }
        return GradientResult(value: loss.scalars[0], parameters: parameters, gradients: gradients)
    }

    struct OptimizationResult {
        var parameters: [Parameter]
        var lossTrace: [Double] = []
        var parameterTraces: [[Tensor]]
        var interrupted = false
        var failure: String?
    }

    /// Runs the optimizer, reporting progress; stops early on Ctrl-C or a
    /// non-finite loss, keeping the last good values.
    private func steps(_ options: OptimizationOptions) -> Int { options.steps?.value ?? Session.defaultSteps }

    private func optimize(parameters: [Parameter], _ options: OptimizationOptions, range: SourceRange, picture: FitPicture?,
                          loss: () throws -> GradientResult) throws -> OptimizationResult {
        var picture = picture
        picture?.lossScale = options.lossScale?.value
        let steps = steps(options)
        let kind = options.optimizer?.value ?? .adam
        let rate = options.learningRate?.value ?? (kind == .adam ? Session.defaultAdamRate : Session.defaultSGDRate)
        var optimizer = ParameterOptimizer(kind: kind, learningRate: rate, steps: steps, parameters: parameters)
        var result = OptimizationResult(parameters: parameters, parameterTraces: parameters.map { _ in [] })
        // A live picture moves smoothly at about 100 frames a run; text reports come about ten times.
        let interval = progressInterval > 0 ? progressInterval : max(1, steps / (progressPictures ? 100 : 10))
        // The values before the latest update: where a run goes back to when that
        // update led somewhere the loss cannot be evaluated.
        var beforeLastUpdate: [Tensor]?
        func stepBack(_ reason: String) {
            if let values = beforeLastUpdate {
                for (parameter, value) in zip(parameters, values) { parameter.restore(value) }
                for k in parameters.indices where !result.parameterTraces[k].isEmpty { result.parameterTraces[k].removeLast() }
            }
            result.failure = reason + (beforeLastUpdate == nil ? "" : "; kept the values before the last step (try a smaller lr)")
        }
        // A live screen gets a frame at every report, and once `pace` is set at every step, holding it.
        let live = onFrame
        let hold = fitPaced ? paceMilliseconds / 1000 : 0
        for step in 1...steps {
            if interrupted { result.interrupted = true; break }
            let evaluation: GradientResult
            do {
                evaluation = try loss()
            } catch {
                // At the first step the statement itself is wrong: report it as an error.
                guard beforeLastUpdate != nil else { throw error }
                stepBack("stopped at step \(step): " + EngineMessages.message(of: error))
                break
            }
            guard evaluation.value.isFinite, evaluation.gradients.allSatisfy({ $0.scalars.allSatisfy(\.isFinite) }) else {
                stepBack("stopped at step \(step): the loss or its gradient became \(evaluation.value.isNaN ? "nan" : "infinite")")
                break
            }
            beforeLastUpdate = parameters.map(\.value)
            do {
                try optimizer.update(gradients: evaluation.gradients)
            } catch {
                stepBack("stopped at step \(step): " + EngineMessages.message(of: error))
                break
            }
            result.lossTrace.append(evaluation.value)
            for k in parameters.indices { result.parameterTraces[k].append(parameters[k].value.detached) }
            let reports = step % interval == 0 || step == steps
            if reports {
                adoptRequestedPlotSize()
                // With a live screen drawing the picture, the frame is the report.
                if live == nil || picture == nil {
                    onProgress?(progress(step: step, of: steps, result, live == nil ? picture : nil))
                }
                if let picture {
                    // A resize lays this frame out again at the new size.
                    let shown = result
                    lastRendering = { style in
                        picture.render(step: step, lossTrace: shown.lossTrace, parameters: shown.parameters,
                                       traces: shown.parameterTraces, style: style)
                    }
                }
            }
            if let live, reports || hold > 0 {
                let shown = result
                let render = picture.map { picture in
                    { [self] in
                        picture.render(step: step, lossTrace: shown.lossTrace, parameters: shown.parameters,
                                       traces: shown.parameterTraces, style: plotStyle)
                    }
                }
                live(LiveFrame(picture: render, hold: step > 1 ? hold : 0, isLast: step == steps))
            }
        }
        interpreter.recomputeBindings()
        return result
    }

    private func progress(step: Int, of steps: Int, _ result: OptimizationResult, _ picture: FitPicture?) -> Output {
        let loss = result.lossTrace.last ?? .nan
        let values = result.parameters.map { "\($0.name) \(format.tensor($0.value).replacingOccurrences(of: "\n", with: " "))" }
        let frame = picture?.render(step: step, lossTrace: result.lossTrace, parameters: result.parameters,
                                    traces: result.parameterTraces, style: plotStyle)
        return Output(kind: .progress, text: "step \(step)/\(steps)  loss \(format.number(loss))  " + values.joined(separator: "  "),
                      fields: [("step", .number(Double(step))), ("steps", .number(Double(steps))), ("loss", .number(loss)),
                               ("parameters", .object(result.parameters.map { ($0.name, JSON.tensor($0.value)) }))],
                      plot: frame)
    }

    private func report(_ result: OptimizationResult, kind: Output.Kind, title: String, method: String) -> Output {
        let width = result.parameters.map(\.name.count).max() ?? 0
        let finalLoss = result.lossTrace.last ?? .nan
        var lines = ["\(title): \(result.lossTrace.count) steps, loss \(format.number(finalLoss))"
                     + (result.interrupted ? " (interrupted)" : "")]
        if let failure = result.failure { lines.append("  " + failure) }
        for parameter in result.parameters {
            lines.append("  " + parameter.name + String(repeating: " ", count: width - parameter.name.count) + "  "
                         + indentContinuation(format.tensor(parameter.value), by: width + 4))
        }
        let traces: [(String, JSON)] = [("loss", .array(result.lossTrace.map { .number($0) }))]
            + zip(result.parameters, result.parameterTraces).map { ($0.name, JSON.array($1.map(JSON.tensor))) }
        var fields: [(String, JSON)] = [("method", .string(method)), ("steps", .number(Double(result.lossTrace.count))),
                                        ("loss", .number(finalLoss)), ("interrupted", .bool(result.interrupted)),
                                        ("parameters", .object(result.parameters.map { ($0.name, JSON.tensor($0.value)) })),
                                        ("trace", .object(traces))]
        if let failure = result.failure { fields.append(("warning", .string(failure))) }
        return Output(kind: kind, text: lines.joined(separator: "\n"), fields: fields)
    }
}
