/// A fully parenthesized printed form of the syntax tree, one way per tree:
/// tests compare it, and `:parse`-style debugging shows it.
///
///     try Parser.expression("-2^2 + f(x, rate: 3)").canonical
///     // "(+ (- (^ 2 2)) (call f x rate:3))"
extension Expression: CustomStringConvertible {
    public var canonical: String {
        switch kind {
        case let .number(value): return Expression.format(value)
        case let .string(value): return "\"" + value.replacingQuotes() + "\""
        case let .boolean(value): return value ? "true" : "false"
        case let .identifier(name): return name
        case let .array(elements): return "[" + elements.map(\.canonical).joined(separator: " ") + "]"
        case let .unary(op, operand): return "(\(op.rawValue) \(operand.canonical))"
        case let .binary(op, left, right): return "(\(op.rawValue) \(left.canonical) \(right.canonical))"
        case let .call(callee, arguments):
            let parts = [callee.canonical] + arguments.map { argument in
                (argument.label.map { "\($0):" } ?? "") + argument.value.canonical
            }
            return "(call " + parts.joined(separator: " ") + ")"
        case let .member(base, name): return "(. \(base.canonical) \(name))"
        case let .index(base, components):
            return "(index \(base.canonical) " + components.map(\.canonical).joined(separator: " ") + ")"
        case let .lambda(parameters, body):
            return "(lambda (" + parameters.joined(separator: " ") + ") \(body.canonical))"
        case let .range(lower, upper): return "(.. \(lower.canonical) \(upper.canonical))"
        }
    }

    public var description: String { canonical }

    /// Integers without a decimal point, everything else as Swift prints it.
    static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension IndexComponent {
    public var canonical: String {
        switch self {
        case let .single(expression): return expression.canonical
        case let .slice(start, end, step, _):
            let parts = [start?.canonical ?? "", end?.canonical ?? ""] + (step.map { [$0.canonical] } ?? [])
            return parts.joined(separator: ":")
        }
    }
}

extension Statement: CustomStringConvertible {
    public var canonical: String {
        switch kind {
        case .empty: return "(empty)"
        case let .binding(name, value): return "(let \(name) \(value.canonical))"
        case let .expression(expression): return expression.canonical
        case let .grad(expression, estimator):
            return "(grad \(expression.canonical)" + (estimator?.value.canonicalOptions ?? "") + ")"
        case let .gradientVariance(expression, repetitions, landscape):
            let sweep = landscape.map { " for \($0.domain.variable) in \($0.domain.lower.canonical)..\($0.domain.upper.canonical)" } ?? ""
            return "(gradvar \(expression.canonical)\(sweep)" + Statement.option("reps", repetitions?.value)
                + Statement.option("points", landscape?.points?.value) + ")"
        case let .gradientCheck(expression): return "(gradcheck \(expression.canonical))"
        case let .minimize(expression, options):
            return "(minimize \(expression.canonical)\(options.canonical))"
        case let .fit(model, target, options):
            return "(fit \(model.canonical) \(target.canonical)\(options.canonical))"
        case let .histogram(expressions, bins, samples):
            return "(hist " + expressions.map(\.canonical).joined(separator: " ") + Statement.option("bins", bins?.value)
                + Statement.option("samples", samples?.value) + ")"
        case let .plot(series, domain, points, log):
            let over = domain.map { " for \($0.variable) \($0.lower.canonical) \($0.upper.canonical)" } ?? ""
            let axes = (log.x ? "x" : "") + (log.y ? "y" : "")
            return "(plot " + series.map(\.canonical).joined(separator: " ") + over
                + Statement.option("points", points?.value) + Statement.option("log", axes.isEmpty ? nil : axes) + ")"
        case let .velocity(target, samples):
            return "(velocity \(target.canonical)" + Statement.option("samples", samples?.value) + ")"
        case let .knob(target, step, samples):
            return "(knob \(target.canonical)" + Statement.option("step", step.map { Expression.format($0.value) })
                + Statement.option("samples", samples?.value) + ")"
        case let .sweep(target, from, to, steps, then):
            return "(sweep \(target.canonical) \(from.canonical) \(to.canonical)"
                + Statement.option("steps", steps?.value) + Statement.option("then", then?.canonical) + ")"
        case let .seed(seed): return "(seed \(seed.value))"
        case let .pace(milliseconds): return "(pace \(Expression.format(milliseconds.value))ms)"
        case let .help(topic): return "(help \(topic))"
        case let .command(name, argument):
            return "(:\(name)" + (argument.isEmpty ? "" : " \"\(argument)\"") + ")"
        }
    }

    public var description: String { canonical }

    static func option<Value>(_ name: String, _ value: Value?) -> String {
        value.map { " \(name) \($0)" } ?? ""
    }
}

extension OptimizationOptions {
    var canonical: String {
        Statement.option("steps", steps?.value)
            + Statement.option("lr", learningRate.map { Expression.format($0.value) })
            + Statement.option("using", usingWords)
            + Statement.option("loss", lossScale?.value.rawValue)
            + Statement.option("samples", samples?.value)
    }

    /// `stl, score baseline loo, sgd`: the estimators, then the optimizer.
    private var usingWords: String? {
        let words = estimators.map { $0.value.words } + (optimizer.map { [$0.value.rawValue] } ?? [])
        return words.isEmpty ? nil : words.joined(separator: ", ")
    }
}

private extension String {
    func replacingQuotes() -> String {
        var result = ""
        for character in self {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}
