import Reparam

/// `grad EXPR [using ESTIMATOR …]`: the value and the gradient with respect to
/// every parameter EXPR depends on.
extension Session {
    /// The result of one differentiated evaluation.
    struct GradientResult {
        var value: Double
        var parameters: [Parameter]
        var gradients: [Tensor]
    }

    func grad(_ expression: Expression, estimator: Located<GradientEstimator>?) throws -> Output {
        if let chosen = estimator?.value, !chosen.isTapeEstimator {
            return try formGradient(expression, estimator: chosen)
        }
        // An explicit estimator recomputes bound draws with it; otherwise
        // bound values keep the graph they were drawn with.
        let kind = estimator?.value.kind ?? .pathwise
        let result = try differentiate(expression, estimator: kind, refresh: estimator != nil)
        return gradientOutput(value: result.value, names: result.parameters.map(\.name), gradients: result.gradients, estimator: kind.rawValue)
    }

    /// `grad mean(f(d.rsample(n))) using score baseline loo` and the other estimators beyond the
    /// tape: the engine's estimate on the expectation form; the value is mean f over n fresh draws.
    private func formGradient(_ expression: Expression, estimator: GradientEstimator) throws -> Output {
        let form = try expectationForm(expression)
        let (value, gradients) = try interpreter.engine(expression.range) { () throws -> (Double, [Tensor]) in
            let values = try form.f(form.distribution.sample([form.samples], using: &interpreter.stream))
            let gradients = try estimator.gradients(of: form.f, under: form.distribution, samples: form.samples, using: &interpreter.stream)
            return (values.mean().scalars[0], gradients)
        }
        return gradientOutput(value: value, names: form.names, gradients: gradients, estimator: estimator.description)
    }

    private func gradientOutput(value: Double, names: [String], gradients: [Tensor], estimator: String) -> Output {
        let width = names.map(\.count).max() ?? 0
        var lines = ["value  " + format.number(value)]
        for (index, (name, gradient)) in zip(names, gradients).enumerated() {
            let label = index == 0 ? "grad   " : "       "
            let padded = name + String(repeating: " ", count: width - name.count)
            lines.append(label + padded + "  " + indentContinuation(format.tensor(gradient), by: 9 + width))
        }
        let json = JSON.object(zip(names, gradients).map { ($0, JSON.tensor($1)) })
        return Output(kind: .grad, text: lines.joined(separator: "\n"),
                      fields: [("estimator", .string(estimator)), ("value", .number(value)), ("gradients", json)])
    }

    /// Evaluates `expression` under `estimator` and differentiates it.
    /// `refresh` recomputes bindings that depend on parameters (fresh draws).
    func differentiate(_ expression: Expression, estimator: Estimator, refresh: Bool,
                       only restriction: [Parameter]? = nil) throws -> GradientResult {
        interpreter.estimator = estimator
        interpreter.refreshed = refresh ? [:] : nil
        defer {
            interpreter.estimator = .pathwise
            interpreter.refreshed = nil
        }
        let value = try interpreter.evaluate(expression)
        let described = Interpreter.describe(expression)
        guard case .tensor(var loss, let provenance) = value else {
            throw Diagnostic("grad needs a number, but \(described) is \(value.kindDescription)"
                             + Interpreter.advice(for: value), at: expression.range)
        }
        guard loss.count == 1 else {
            throw Diagnostic("grad needs a single number, but this is \(value.kindDescription); "
                             + "reduce it first, e.g. grad mean(…) or grad sum(…)", at: expression.range)
        }
        loss = try loss.reshaped([])
        // Draws under `score` whose weights no sum or mean applied act on the whole value.
        for weight in provenance.scoreWeights {
            loss = try loss.multiplying(weight.magic.rank == 0 ? weight.magic : weight.magic.mean())
        }
        var parameters = provenance.parameters
        if let restriction { parameters = parameters.filter { parameter in restriction.contains { $0 === parameter } } }
        guard !parameters.isEmpty else {
            if let draw = provenance.detachedDraws.first {
                let rsample = draw.replacingOccurrences(of: ".sample(", with: ".rsample(")
                throw Diagnostic("this value depends on no parameter: \(draw) draws without gradients; "
                                 + "write \(rsample) instead, or use 'grad … using score', which needs no path through the sample", at: expression.range)
            }
            throw Diagnostic("this value depends on no parameter; bind one with let (e.g. let a = 2) "
                             + "or use a distribution's draws (e.g. d.rsample(1000))", at: expression.range)
        }
        let gradients = try interpreter.engine(expression.range) {
            try Reparam.gradients(of: loss, withRespectTo: parameters.map(\.value))
        }
        return GradientResult(value: loss.scalars[0], parameters: parameters, gradients: gradients)
    }
}
