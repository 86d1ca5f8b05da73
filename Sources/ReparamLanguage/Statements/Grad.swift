import Reparam

/// `grad EXPR [using ESTIMATOR]`: the value and the gradient with respect to
/// every parameter EXPR depends on.
extension Session {
    /// The result of one differentiated evaluation.
    struct GradientResult {
        var value: Double
        var parameters: [Parameter]
        var gradients: [Tensor]
    }

    func grad(_ expression: Expression, estimator: Located<Estimator>?) throws -> Output {
        // An explicit estimator recomputes bound draws with it; otherwise
        // bound values keep the graph they were drawn with.
        let result = try differentiate(expression, estimator: estimator?.value ?? .pathwise, refresh: estimator != nil)
        let names = result.parameters.map(\.name)
        let width = names.map(\.count).max() ?? 0
        var lines = ["value  " + format.number(result.value)]
        for (index, (name, gradient)) in zip(names, result.gradients).enumerated() {
            let label = index == 0 ? "grad   " : "       "
            let padded = name + String(repeating: " ", count: width - name.count)
            lines.append(label + padded + "  " + indentContinuation(format.tensor(gradient), by: 9 + width))
        }
        let gradients = JSON.object(zip(names, result.gradients).map { ($0, JSON.tensor($1)) })
        return Output(kind: .grad, text: lines.joined(separator: "\n"),
                      fields: [("estimator", .string((estimator?.value ?? .pathwise).rawValue)),
                               ("value", .number(result.value)), ("gradients", gradients)])
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
