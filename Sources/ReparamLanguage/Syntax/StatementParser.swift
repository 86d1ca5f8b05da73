import Reparam

/// Statements: the first word of a line decides what it is.
///
///     let NAME = EXPR                      seed N
///     EXPR                                 pace 20ms | pace 0.5s
///     grad EXPR [using pathwise|implicit|explicit|score|mvd] [baseline mean|loo|optimal] [control delta] [coupling on|off]
///     gradvar EXPR [reps N]                gradcheck EXPR
///     minimize EXPR [steps N] [lr η] [using adam|sgd]
///     fit Q to TARGET [steps N] [lr η] [samples N] [using ESTIMATOR {, ESTIMATOR} [, adam|sgd]]
///     hist EXPR {, EXPR} [bins N] [samples N]
///     plot EXPR {, EXPR} [for NAME in A..B] [points N] [log x|y|xy]
///     velocity D.PARAM[I] [samples N]     knob D.PARAM [step S] [samples N]
///     sweep TARGET from A to B [steps N] [then STATEMENT]
///     ?NAME                                :COMMAND [ARGUMENT TEXT]
///
/// Options may come in any order. `#` starts a comment.
extension Parser {
    /// Words that begin a statement and so cannot be bound by `let`.
    public static let statementWords = ["let", "grad", "gradvar", "gradcheck", "minimize", "fit",
                                        "hist", "plot", "sweep", "seed", "pace", "velocity", "knob"]

    /// Parses one line. Throws a `Diagnostic` that points at the problem.
    ///
    ///     try Parser.statement("grad mean(d.rsample(1000)) using implicit")
    public static func statement(_ source: String, line: Int = 1) throws -> Statement {
        let trimmed = source.drop(while: { $0.isWhitespace })
        let column = source.count - trimmed.count + 1
        let whole = SourceRange(line: line, column: column, endColumn: source.count + 1)
        if trimmed.first == ":" {
            let body = trimmed.dropFirst()
            let name = String(body.prefix(while: { !$0.isWhitespace }))
            guard !name.isEmpty else {
                throw Diagnostic("expected a command after ':', e.g. :help, :vars, :reset or :quit",
                                 at: SourceRange(line: line, column: column + 1, endColumn: column + 1),
                                 source: source)
            }
            let argument = body.dropFirst(name.count).trimmingWhitespace()
            return Statement(.command(name: name, argument: argument), whole)
        }
        if trimmed.first == "?" {
            let topic = trimmed.dropFirst().trimmingWhitespace()
            guard !topic.isEmpty else {
                throw Diagnostic("expected a name after '?', e.g. ?gamma or ?rsample",
                                 at: SourceRange(line: line, column: column + 1, endColumn: column + 1),
                                 source: source)
            }
            return Statement(.help(topic: topic), whole)
        }
        var parser = try Parser(source: source, line: line)
        let statement = try parser.parseStatement()
        return statement
    }

    mutating func parseStatement() throws -> Statement {
        let first = current
        if first.kind == .end { return Statement(.empty, first.range) }
        guard case let .identifier(word) = first.kind,
              Parser.statementWords.contains(word), !startsOperatorAfterWord() else {
            return try parseBareExpression()
        }
        _ = advance()
        let kind: Statement.Kind
        switch word {
        case "let": kind = try parseBinding()
        case "grad":
            let expression = try parseStatementExpression(after: first)
            var estimator: Located<Estimator>?, baseline: Located<ScoreBaseline>?
            var control: Located<ControlVariateChoice>?, coupling: Located<CouplingChoice>?
            try parseOptions(of: "grad", ["using", "baseline", "control", "coupling"]) { parser, option in
                switch option.text {
                case "baseline": baseline = try parser.parseChoice(ScoreBaseline.self, what: "baseline", after: "baseline")
                case "control": control = try parser.parseChoice(ControlVariateChoice.self, what: "control variate", after: "control")
                case "coupling": coupling = try parser.parseChoice(CouplingChoice.self, what: "coupling", after: "coupling")
                default: estimator = try parser.parseChoice(Estimator.self, what: "estimator")
                }
            }
            kind = .grad(expression, estimator: try Parser.estimator(estimator, baseline: baseline, control: control, coupling: coupling))
        case "gradvar":
            let expression = try parseStatementExpression(after: first)
            let domain = try parseDomain()
            var repetitions: Located<Int>?, points: Located<Int>?
            try parseOptions(of: "gradvar", domain == nil ? ["reps"] : ["reps", "points"]) { parser, option in
                if option.text == "points" { points = try parser.parseCount(option) } else { repetitions = try parser.parseCount(option) }
            }
            kind = .gradientVariance(expression, repetitions: repetitions, landscape: domain.map { Landscape(domain: $0, points: points) })
        case "gradcheck":
            let expression = try parseStatementExpression(after: first)
            try parseOptions(of: "gradcheck", []) { _, _ in }
            kind = .gradientCheck(expression)
        case "minimize":
            let expression = try parseStatementExpression(after: first)
            kind = .minimize(expression, try parseOptimizationOptions(of: "minimize"))
        case "fit":
            let model = try parseStatementExpression(after: first)
            guard let to = consumeWord("to") else {
                throw error("expected 'to' after the model, as in 'fit q to gamma(5, 2)' or 'fit q to data'"
                            + (current.kind == .end ? "" : ", got \(current.quoted)"), at: current.range)
            }
            let target = try parseStatementExpression(after: to)
            kind = .fit(model: model, target: target, try parseOptimizationOptions(of: "fit"))
        case "hist":
            var expressions = [try parseStatementExpression(after: first)]
            while let comma = consume(.comma) {
                expressions.append(try parseStatementExpression(after: comma))
            }
            var bins: Located<Int>?, samples: Located<Int>?
            try parseOptions(of: "hist", ["bins", "samples"]) { parser, option in
                if option.text == "bins" { bins = try parser.parseCount(option) } else { samples = try parser.parseCount(option) }
            }
            kind = .histogram(expressions, bins: bins, samples: samples)
        case "velocity":
            let target = try parseStatementExpression(after: first)
            var member = target
            if case let .index(base, _) = target.kind { member = base }   // d.concentration[0]
            guard case .member = member.kind else {
                throw error("velocity follows a distribution's parameter, as in 'velocity d.concentration'", at: target.range)
            }
            var samples: Located<Int>?
            try parseOptions(of: "velocity", ["samples"]) { parser, option in
                samples = try parser.parseCount(option)
            }
            kind = .velocity(target, samples: samples)
        case "knob":
            let target = try parseStatementExpression(after: first)
            let number: Bool
            if case .identifier = target.kind { number = true } else { number = false }
            guard number || (Parser.isParameterPath(target) && { if case .member = target.kind { true } else { false } }()) else {
                throw error("knob turns a distribution's parameter or a number bound by let, as in 'knob d.concentration' or 'knob r'",
                            at: target.range)
            }
            var step: Located<Double>?, samples: Located<Int>?
            try parseOptions(of: "knob", ["step", "samples"]) { parser, option in
                if option.text == "step" { step = try parser.parsePositiveNumber(option) } else { samples = try parser.parseCount(option) }
            }
            kind = .knob(target, step: step, samples: samples)
        case "plot": kind = try parsePlot(after: first)
        case "sweep": kind = try parseSweep(after: first)
        case "seed": kind = .seed(try parseSeed(after: first))
        case "pace": kind = .pace(milliseconds: try parsePace(after: first))
        default:
            throw error("'\(word)' cannot start a nested statement", at: first.range)
        }
        return Statement(kind, first.range.union(previous.range))
    }

    /// `grad` followed by `=` or an operator is not the statement (`grad + 1`
    /// with a variable named grad); such lines are left to the expression parser
    /// so that its message applies.
    private func startsOperatorAfterWord() -> Bool {
        switch peek(1).kind {
        case .symbol(.assign), .symbol(.star), .symbol(.slash), .symbol(.caret), .symbol(.dot),
             .symbol(.equal), .symbol(.notEqual), .symbol(.comma):
            return true
        default: return false
        }
    }

    private mutating func parseBareExpression() throws -> Statement {
        let first = current
        let expression = try parseExpression()
        if current.kind != .end, case let .identifier(word) = expression.kind,
           startsExpressionOrWord(current),
           let match = Suggestions.closest(to: word, among: Parser.statementWords) {
            throw error("unknown statement '\(word)'; did you mean '\(match)'?", at: first.range)
        }
        try expectEnd(after: expression)
        return Statement(.expression(expression), expression.range)
    }

    private func startsExpressionOrWord(_ token: Token) -> Bool {
        switch token.kind {
        case .number, .string, .identifier, .symbol(.leftBracket), .symbol(.leftParen): return true
        default: return false
        }
    }

    private mutating func parseBinding() throws -> Statement.Kind {
        guard case let .identifier(name) = current.kind else {
            throw error("expected a name after 'let', e.g. let a = 2"
                        + (current.kind == .end ? "" : ", got \(current.quoted)"), at: current.range)
        }
        let nameToken = advance()
        if Parser.statementWords.contains(name) || name == "true" || name == "false" {
            throw error("'\(name)' is a word of the language and cannot be a name; choose another, e.g. \(name)1",
                        at: nameToken.range)
        }
        guard let assign = consume(.assign) else {
            throw error("expected '=' after 'let \(name)', e.g. let \(name) = 2"
                        + (current.kind == .end ? "" : ", got \(current.quoted)"), at: current.range)
        }
        let value = try parseStatementExpression(after: assign)
        try expectEnd(after: value)
        return .binding(name: name, value: value)
    }

    /// An expression that a statement requires after `token`.
    private mutating func parseStatementExpression(after token: Token) throws -> Expression {
        if current.kind == .end {
            throw error("expected an expression after '\(token.text)'", at: current.range)
        }
        return try parseExpression()
    }

    /// Reads `word value` pairs until the end of the line. `handle` reads the
    /// value of the option whose word token it is given.
    private mutating func parseOptions(of statement: String, _ allowed: [String],
                                       _ handle: (inout Parser, Token) throws -> Void) throws {
        var seen: Set<String> = []
        while current.kind != .end {
            guard case let .identifier(word) = current.kind else {
                try expectEnd(after: Expression(.number(0), previous.range))
                return
            }
            guard allowed.contains(word) else {
                let expected = allowed.isEmpty ? "\(statement) takes no options"
                    : "\(statement) takes " + Parser.list(allowed, conjunction: "and")
                throw error("unknown option '\(word)': \(expected)" + Suggestions.hint(for: word, among: allowed),
                            at: current.range)
            }
            guard seen.insert(word).inserted else {
                throw error("'\(word)' is given twice", at: current.range)
            }
            let option = advance()
            try handle(&self, option)
        }
    }

    private mutating func parseOptimizationOptions(of statement: String) throws -> OptimizationOptions {
        var options = OptimizationOptions()
        let fit = statement == "fit"
        try parseOptions(of: statement, ["steps", "lr", "using", "loss"] + (fit ? ["samples"] : [])) { parser, option in
            switch option.text {
            case "steps": options.steps = try parser.parseCount(option)
            case "lr": options.learningRate = try parser.parsePositiveNumber(option)
            case "loss": options.lossScale = try parser.parseChoice(LossScale.self, what: "loss scale", after: "loss")
            case "samples": options.samples = try parser.parseCount(option)
            default:
                if fit {
                    try parser.parseFitUsing(&options)
                } else {
                    options.optimizer = try parser.parseChoice(OptimizerKind.self, what: "optimizer")
                }
            }
        }
        return options
    }

    /// The largest value each count option takes, so no line asks for hours of work.
    static let countLimits = ["steps": 100_000, "reps": 10_000, "bins": 1_000, "samples": 10_000_000, "points": 10_000]

    /// The value an option was given, as an error quotes it: a sign and its number together
    /// (`'-1'`, not `'-'`), with the range covering both.
    func offendingValue() -> (shown: String, range: SourceRange) {
        let token = current, next = peek(1)
        if token.isSymbol(.minus) || token.isSymbol(.plus), case .number = next.kind, next.range.column == token.range.endColumn {
            return ("'\(token.text)\(next.text)'", token.range.union(next.range))
        }
        return (token.quoted, token.range)
    }

    /// A whole number ≥ 1 (steps, bins, samples, reps, points).
    mutating func parseCount(_ option: Token) throws -> Located<Int> {
        let token = current
        guard case let .number(value) = token.kind, value >= 1, value.rounded() == value else {
            let (shown, range) = offendingValue()
            throw error("\(option.text) needs a whole number of at least 1, e.g. \(option.text) 100"
                        + (token.kind == .end ? "" : "; got \(shown)"), at: range)
        }
        let limit = Parser.countLimits[option.text] ?? 1_000_000
        guard value <= Double(limit) else {
            throw error("\(option.text) can be at most \(limit); got \(token.text)", at: token.range)
        }
        _ = advance()
        return Located(Int(value), token.range)
    }

    mutating func parsePositiveNumber(_ option: Token) throws -> Located<Double> {
        let token = current
        guard case let .number(value) = token.kind, value > 0, value.isFinite else {
            let (shown, range) = offendingValue()
            throw error("\(option.text) needs a positive number, e.g. \(option.text) 0.05"
                        + (token.kind == .end ? "" : "; got \(shown)"), at: range)
        }
        _ = advance()
        return Located(value, token.range)
    }

    mutating func parseChoice<Choice: RawRepresentable & CaseIterable & Equatable & Sendable>(
        _ type: Choice.Type, what: String, after keyword: String = "using"
    ) throws -> Located<Choice> where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        let token = current
        guard case let .identifier(word) = token.kind, let choice = Choice(rawValue: word) else {
            let got = token.kind == .end ? "" : "; got \(token.quoted)"
            let hint = token.identifier.map { Suggestions.hint(for: $0, among: names) } ?? ""
            let article = "aeiou".contains(what.first ?? "x") ? "an" : "a"
            let description = token.identifier == nil ? "expected \(article) \(what) after '\(keyword)'" : "unknown \(what) \(token.quoted)"
            throw error("\(description): choose \(Parser.list(names, conjunction: "or"))"
                        + (hint.isEmpty ? (token.identifier == nil ? got : "") : hint), at: token.range)
        }
        _ = advance()
        return Located(choice, token.range)
    }

    private mutating func parsePlot(after plot: Token) throws -> Statement.Kind {
        var series = [try parseStatementExpression(after: plot)]
        while let comma = consume(.comma) {
            series.append(try parseStatementExpression(after: comma))
        }
        let domain = try parseDomain()
        var points: Located<Int>?
        var log = LogAxes()
        try parseOptions(of: "plot", ["points", "log"]) { parser, option in
            if option.text == "points" {
                points = try parser.parseCount(option)
            } else {
                log = try parser.parseLogAxes()
            }
        }
        return .plot(series, domain: domain, points: points, log: log)
    }

    /// `for VAR in A..B`, if it comes next.
    private mutating func parseDomain() throws -> PlotDomain? {
        guard consumeWord("for") != nil else { return nil }
        guard case let .identifier(variable) = current.kind else {
            throw error("expected a variable name after 'for', as in 'for x in 0..10'", at: current.range)
        }
        _ = advance()
        guard let inToken = consumeWord("in") else {
            throw error("expected 'in' after 'for \(variable)', as in 'for \(variable) in 0..10'", at: current.range)
        }
        let interval = try parseStatementExpression(after: inToken)
        guard case let .range(lower, upper) = interval.kind else {
            throw error("expected a range A..B after 'in', e.g. for \(variable) in 0..10", at: interval.range)
        }
        return PlotDomain(variable: variable, lower: lower, upper: upper)
    }

    /// `x`, `y` or `xy` after `log`.
    private mutating func parseLogAxes() throws -> LogAxes {
        let token = current
        let axes = ["x": LogAxes(x: true), "y": LogAxes(y: true), "xy": LogAxes(x: true, y: true), "yx": LogAxes(x: true, y: true)]
        guard let word = token.identifier, let chosen = axes[word] else {
            throw error("log needs the axis to put on a log scale: log x, log y or log xy"
                        + (token.kind == .end ? "" : "; got \(token.quoted)"), at: token.range)
        }
        _ = advance()
        return chosen
    }

    private mutating func parseSweep(after sweep: Token) throws -> Statement.Kind {
        let target = try parseStatementExpression(after: sweep)
        guard Parser.isParameterPath(target) else {
            throw error("sweep varies a parameter such as a or d.loc, not a computed value", at: target.range)
        }
        guard let from = consumeWord("from") else {
            throw error("expected 'from' after the parameter, as in 'sweep d.loc from 0 to 3'", at: current.range)
        }
        let lower = try parseStatementExpression(after: from)
        guard let to = consumeWord("to") else {
            throw error("expected 'to' after the start value, as in 'sweep d.loc from 0 to 3'", at: current.range)
        }
        let upper = try parseStatementExpression(after: to)
        var steps: Located<Int>?
        var then: Statement?
        // `then` takes the rest of the line, so it is always the last option.
        try parseOptions(of: "sweep", ["steps", "then"]) { parser, option in
            if option.text == "steps" {
                steps = try parser.parseCount(option)
            } else {
                guard parser.current.kind != .end else {
                    throw parser.error("expected a statement after 'then', e.g. then hist d", at: parser.current.range)
                }
                then = try parser.parseStatement()
            }
        }
        return .sweep(target: target, from: lower, to: upper, steps: steps, then: then)
    }

    /// `a`, `d.loc`, `m.components[0].loc`: something that names a parameter.
    static func isParameterPath(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .identifier: return true
        case let .member(base, _): return isParameterPath(base)
        case let .index(base, components):
            guard components.count == 1, case let .single(position) = components[0], case .number = position.kind else { return false }
            return isParameterPath(base)
        default: return false
        }
    }

    private mutating func parseSeed(after seed: Token) throws -> Located<UInt64> {
        let token = current
        guard case let .number(value) = token.kind, value >= 0, value <= 9_007_199_254_740_992,
              value.rounded() == value else {
            let (shown, range) = offendingValue()
            throw error("seed needs a whole number of at least 0, e.g. seed 42"
                        + (token.kind == .end ? "" : "; got \(shown)"), at: range)
        }
        _ = advance()
        try expectEnd(after: Expression(.number(value), token.range))
        return Located(UInt64(value), token.range)
    }

    private mutating func parsePace(after pace: Token) throws -> Located<Double> {
        let token = current
        let advice = "pace needs a duration with its unit, e.g. pace 20ms or pace 0.5s"
        guard case let .number(value) = token.kind else {
            throw error(advice + (token.kind == .end ? "" : "; got \(token.quoted)"), at: token.range)
        }
        _ = advance()
        let unit = current
        let scale: Double
        switch unit.identifier {
        case "ms": scale = 1
        case "s": scale = 1000
        default: throw error(advice, at: unit.range)
        }
        _ = advance()
        try expectEnd(after: Expression(.number(value), token.range))
        return Located(value * scale, token.range.union(unit.range))
    }

    /// `a, b or c`
    static func list(_ words: [String], conjunction: String) -> String {
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " \(conjunction) " + words.last!
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }
}
