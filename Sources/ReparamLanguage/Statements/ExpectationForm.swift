import Reparam

/// An expectation written with one draw, `mean(f(d.rsample(n)))`, taken apart into the engine's
/// terms: the distribution, the number of samples and f as a function of the draws. The engine's
/// estimators beyond the tape (baselines, the delta-method control variate, measure-valued
/// derivatives) and the exact gradient by quadrature work on this form.
///
///     let d = normal(0.5, 1)
///     gradvar mean((d.rsample(100) - 2)^2)     // distribution d, n = 100, f(z) = (z − 2)²
///
/// f must use the draw elementwise (one value per draw) and depend on d's parameters only through
/// the draw; other names (`let k = 2`) are constants to it.
struct ExpectationForm {
    let distribution: any Distribution
    let samples: Int
    /// The gradient elements' names, `d.loc`, `d.scale` (or the parameter a source is, `mu`).
    let names: [String]
    let f: (Tensor) throws -> Tensor

    /// One name per gradient element: `c.logits[0]`, `c.logits[1]`, … for a vector parameter.
    var elementNames: [String] {
        zip(names, distribution.parameters).flatMap { name, parameter in
            parameter.value.rank == 0 ? [name] : (0..<parameter.value.count).map { "\(name)[\($0)]" }
        }
    }

    /// The name the draw takes inside f: not one the lexer can produce.
    static let drawName = "·draw"
    static let shape = "mean(f(d.rsample(n))), with one draw of one univariate distribution d"
}

extension Session {
    /// The expectation form of `expression`, or a diagnostic saying why it is not one.
    func expectationForm(_ expression: Expression, locals: [String: Value] = [:]) throws -> ExpectationForm {
        guard case let .call(callee, arguments) = expression.kind, case .identifier("mean") = callee.kind,
              arguments.count == 1, arguments[0].label == nil else {
            throw Diagnostic("this estimator needs an expectation written as \(ExpectationForm.shape)", at: expression.range)
        }
        var draws: [(base: Expression, method: String, arguments: [Argument], range: SourceRange)] = []
        let body = Session.replacingDraws(in: arguments[0].value) { draws.append($0) }
        guard draws.count == 1, let draw = draws.first else {
            throw Diagnostic("this estimator needs exactly one rsample draw inside mean(…), as in \(ExpectationForm.shape); found \(draws.count) draws",
                             at: arguments[0].value.range)
        }
        guard case let .distribution(value) = try interpreter.evaluate(draw.base, locals: locals) else {
            throw Diagnostic("\(interpreter.text(draw.base.range)) is not a distribution", at: draw.base.range)
        }
        let distribution = try interpreter.engine(draw.range) { try value.instance() }
        // sample(…) means "no path": the form only for a family that has none anyway (a discrete one).
        guard draw.method == "rsample" || distribution.reparameterization == .none else {
            throw Diagnostic("this estimator needs exactly one rsample draw inside mean(…), as in \(ExpectationForm.shape); "
                             + "found a sample(…) draw, which has no path", at: draw.range)
        }
        guard distribution.batchShape.isEmpty, distribution.eventShape.isEmpty else {
            throw Diagnostic("this estimator works on one univariate distribution; \(interpreter.text(draw.base.range)) has batch shape "
                             + "\(distribution.batchShape) and event shape \(distribution.eventShape)", at: draw.base.range)
        }
        guard draw.arguments.count == 1, draw.arguments[0].label == nil || draw.arguments[0].label == "n",
              case let .tensor(count, _) = try interpreter.evaluate(draw.arguments[0].value, locals: locals),
              count.count == 1, let n = Int(exactly: count.scalars[0]), n >= 2 else {
            throw Diagnostic("the draw needs a whole number of samples, at least 2, as in d.rsample(100)", at: draw.range)
        }
        let owner = interpreter.text(draw.base.range)
        let names = zip(value.parameters, value.sources).map { spec, source -> String in
            if case let .parameter(parameter) = source { return parameter.name }
            return "\(owner).\(spec.name)"
        }
        let own = value.provenance.parameters
        let interpreter = self.interpreter
        let f: (Tensor) throws -> Tensor = { z in
            let result = try interpreter.evaluate(body, locals: locals.merging([ExpectationForm.drawName: .tensor(z, .none)]) { $1 })
            guard case let .tensor(values, provenance) = result, values.shape == z.shape else {
                throw Diagnostic("the function inside mean(…) must give one number per draw (\(z.count) draws), got \(result.kindDescription)",
                                 at: body.range)
            }
            if let shared = provenance.parameters.first(where: { parameter in own.contains { $0 === parameter } }) {
                throw Diagnostic("the function inside mean(…) uses \(shared.name) directly; these estimators need f to depend on "
                                 + "\(owner)'s parameters only through the draw", at: body.range)
            }
            return values
        }
        return ExpectationForm(distribution: distribution, samples: n, names: names, f: f)
    }

    /// `expression` with each `X.rsample(…)` / `X.sample(…)` replaced by the draw's name, reporting each one replaced.
    static func replacingDraws(in expression: Expression,
                               _ found: (_ draw: (base: Expression, method: String, arguments: [Argument], range: SourceRange)) -> Void) -> Expression {
        func walk(_ e: Expression) -> Expression {
            var copy = e
            switch e.kind {
            case let .call(callee, arguments):
                if case let .member(base, name) = callee.kind, name == "rsample" || name == "sample" {
                    found((base, name, arguments, e.range))
                    return Expression(.identifier(ExpectationForm.drawName), e.range)
                }
                copy.kind = .call(callee: walk(callee), arguments: arguments.map { Argument(label: $0.label, value: walk($0.value), range: $0.range) })
            case let .array(elements): copy.kind = .array(elements.map(walk))
            case let .unary(op, operand): copy.kind = .unary(op, walk(operand))
            case let .binary(op, left, right): copy.kind = .binary(op, walk(left), walk(right))
            case let .member(base, name): copy.kind = .member(walk(base), name: name)
            case let .index(base, components):
                copy.kind = .index(walk(base), components.map { component in
                    switch component {
                    case let .single(index): return .single(walk(index))
                    case let .slice(start, end, step, range): return .slice(start: start.map(walk), end: end.map(walk), step: step.map(walk), range: range)
                    }
                })
            case let .range(low, high): copy.kind = .range(walk(low), walk(high))
            case .number, .string, .boolean, .identifier, .lambda: break
            }
            return copy
        }
        return walk(expression)
    }
}
