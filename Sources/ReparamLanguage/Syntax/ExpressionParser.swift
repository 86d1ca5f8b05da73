/// A recursive-descent parser over the tokens of one line.
///
/// Expression grammar, loosest binding first:
///
///     expression  = lambda | range
///     lambda      = NAME "=>" expression | "(" [NAME {"," NAME}] ")" "=>" expression
///     range       = comparison [".." comparison]
///     comparison  = additive {("=="|"!="|"<"|"<="|">"|">=") additive}
///     additive    = term {("+"|"-") term}
///     term        = unary {("*"|"/"|"@") unary}
///     unary       = ("-"|"+") unary | power
///     power       = postfix ["^" unary]          (right-associative, so -2^2 = -4, 2^-1 = 0.5)
///     postfix     = primary {"(" arguments ")" | "." NAME | "[" indices "]"}
///     primary     = NUMBER | STRING | true | false | NAME | "(" expression ")" | "[" [expression {"," expression}] "]"
public struct Parser {
    var tokens: [Token]
    var position = 0
    /// How deeply the expression being parsed nests; bounded so that a
    /// pathological line gets an error instead of exhausting the stack.
    var depth = 0
    static let maximumDepth = 100
    let source: String
    let line: Int

    init(source: String, line: Int) throws {
        self.source = source
        self.line = line
        self.tokens = try Lexer.tokens(of: source, line: line)
        if tokens.count > Parser.maximumTokens {
            throw Diagnostic("this line has \(tokens.count - 1) tokens, more than the \(Parser.maximumTokens) a line may hold; split it with let",
                             at: tokens[Parser.maximumTokens].range, source: source)
        }
    }

    /// Bounds the work (and the evaluator's recursion) one line can ask for.
    static let maximumTokens = 2000

    /// Parses a whole line as a single expression (used by tests and by the
    /// statement parser).
    public static func expression(_ source: String, line: Int = 1) throws -> Expression {
        var parser = try Parser(source: source, line: line)
        let expression = try parser.parseExpression()
        try parser.expectEnd(after: expression)
        return expression
    }

    // MARK: Token access

    var current: Token { tokens[position] }

    func peek(_ offset: Int) -> Token {
        tokens[min(position + offset, tokens.count - 1)]
    }

    var previous: Token { tokens[max(position - 1, 0)] }

    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    mutating func consume(_ symbol: Symbol) -> Token? {
        current.isSymbol(symbol) ? advance() : nil
    }

    mutating func consumeWord(_ word: String) -> Token? {
        current.isWord(word) ? advance() : nil
    }

    func error(_ message: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(message, at: range, source: source)
    }

    /// Requires the closing bracket of a pair opened by `opener`.
    mutating func expectClosing(_ closing: Symbol, opener: Token) throws -> Token {
        if let token = consume(closing) { return token }
        throw error("expected '\(closing.rawValue)' to close '\(opener.text)' at column \(opener.range.column)"
                    + (current.kind == .end ? "" : ", got \(current.quoted)"),
                    at: current.range)
    }

    /// Fails unless every token has been used.
    mutating func expectEnd(after expression: Expression) throws {
        guard current.kind != .end else { return }
        if current.isSymbol(.assign) {
            throw error("'=' binds a name only in 'let NAME = EXPR'; to compare, write '=='", at: current.range)
        }
        if case .identifier = current.kind, previous.range.endColumn == current.range.column,
           case .number = previous.kind {
            throw error("unexpected \(current.quoted) right after the number \(previous.text); "
                        + "to multiply, write '\(previous.text) * \(current.text)'", at: current.range)
        }
        throw error("unexpected \(current.quoted) after the end of the expression", at: current.range)
    }

    // MARK: Expressions

    mutating func parseExpression() throws -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maximumDepth else {
            throw error("this expression nests more than \(Parser.maximumDepth) levels deep; split it with let", at: current.range)
        }
        if let lambda = try parseLambdaIfPresent() { return lambda }
        let lower = try parseComparison()
        guard consume(.dotDot) != nil else { return lower }
        guard startsExpression(current) else {
            throw error("expected the end of the range after '..', e.g. 0..10", at: current.range)
        }
        let upper = try parseComparison()
        return Expression(.range(lower, upper), lower.range.union(upper.range))
    }

    private func startsExpression(_ token: Token) -> Bool {
        switch token.kind {
        case .number, .string, .identifier: return true
        case let .symbol(symbol): return [.leftParen, .leftBracket, .minus, .plus].contains(symbol)
        case .end: return false
        }
    }

    /// `x => …` or `(a, b) => …`; leaves the position untouched otherwise.
    private mutating func parseLambdaIfPresent() throws -> Expression? {
        let start = current
        var parameters: [String] = []
        var cursor = 0
        if case let .identifier(name) = start.kind, peek(1).isSymbol(.arrow) {
            parameters = [name]
            cursor = 1
        } else if start.isSymbol(.leftParen) {
            cursor = 1
            while case let .identifier(name) = peek(cursor).kind {
                parameters.append(name)
                cursor += 1
                if peek(cursor).isSymbol(.comma) { cursor += 1 } else { break }
            }
            guard peek(cursor).isSymbol(.rightParen), peek(cursor + 1).isSymbol(.arrow) else { return nil }
            cursor += 1
        } else {
            return nil
        }
        for _ in 0...cursor { _ = advance() }  // parameters and the '=>'
        if let duplicate = parameters.first(where: { name in parameters.filter { $0 == name }.count > 1 }) {
            throw error("the lambda names its parameter '\(duplicate)' twice; give each parameter its own name",
                        at: start.range)
        }
        guard startsExpression(current) else {
            throw error("expected the lambda's body after '=>', e.g. x => x^2", at: current.range)
        }
        let body = try parseExpression()
        return Expression(.lambda(parameters: parameters, body: body), start.range.union(body.range))
    }

    private mutating func parseComparison() throws -> Expression {
        var left = try parseAdditive()
        while case let .symbol(symbol) = current.kind,
              let op = BinaryOperator(rawValue: symbol.rawValue), op.isComparison {
            let token = advance()
            let right = try parseOperand(after: token) { try $0.parseAdditive() }
            left = Expression(.binary(op, left, right), left.range.union(right.range))
        }
        return left
    }

    private mutating func parseAdditive() throws -> Expression {
        var left = try parseTerm()
        while current.isSymbol(.plus) || current.isSymbol(.minus) {
            let token = advance()
            let right = try parseOperand(after: token) { try $0.parseTerm() }
            left = Expression(.binary(token.isSymbol(.plus) ? .add : .subtract, left, right),
                              left.range.union(right.range))
        }
        return left
    }

    private mutating func parseTerm() throws -> Expression {
        var left = try parseUnary()
        while current.isSymbol(.star) || current.isSymbol(.slash) || current.isSymbol(.at) {
            let token = advance()
            let right = try parseOperand(after: token) { try $0.parseUnary() }
            let op: BinaryOperator = token.isSymbol(.star) ? .multiply : token.isSymbol(.slash) ? .divide : .matrixProduct
            left = Expression(.binary(op, left, right), left.range.union(right.range))
        }
        return left
    }

    private mutating func parseUnary() throws -> Expression {
        if current.isSymbol(.minus) || current.isSymbol(.plus) {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Parser.maximumDepth else {
                throw error("too many signs in a row; write at most a few", at: current.range)
            }
            let token = advance()
            let operand = try parseOperand(after: token) { try $0.parseUnary() }
            return Expression(.unary(token.isSymbol(.minus) ? .negate : .plus, operand),
                              token.range.union(operand.range))
        }
        return try parsePower()
    }

    private mutating func parsePower() throws -> Expression {
        let base = try parsePostfix()
        guard let caret = consume(.caret) else { return base }
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maximumDepth else {
            throw error("this expression nests more than \(Parser.maximumDepth) levels deep; split it with let", at: caret.range)
        }
        let exponent = try parseOperand(after: caret) { try $0.parseUnary() }
        return Expression(.binary(.power, base, exponent), base.range.union(exponent.range))
    }

    /// The right operand of `token`, with a clear message when it is missing.
    private mutating func parseOperand(after token: Token,
                                       _ parse: (inout Parser) throws -> Expression) throws -> Expression {
        guard startsExpression(current) else {
            throw error("expected an expression after '\(token.text)'"
                        + (current.kind == .end ? "" : ", got \(current.quoted)"), at: current.range)
        }
        return try parse(&self)
    }

    private mutating func parsePostfix() throws -> Expression {
        var expression = try parsePrimary()
        while true {
            if let open = consume(.leftParen) {
                let arguments = try parseArguments(opener: open)
                let close = previous
                expression = Expression(.call(callee: expression, arguments: arguments),
                                        expression.range.union(close.range))
            } else if consume(.dot) != nil {
                guard case let .identifier(name) = current.kind else {
                    throw error("expected a name after '.', e.g. d.mean or d.rsample(100)", at: current.range)
                }
                let nameToken = advance()
                expression = Expression(.member(expression, name: name), expression.range.union(nameToken.range))
            } else if let open = consume(.leftBracket) {
                let components = try parseIndices(opener: open)
                expression = Expression(.index(expression, components), expression.range.union(previous.range))
            } else {
                return expression
            }
        }
    }

    private mutating func parseArguments(opener: Token) throws -> [Argument] {
        var arguments: [Argument] = []
        if consume(.rightParen) != nil { return arguments }
        while true {
            var label: Token?
            if case .identifier = current.kind, peek(1).isSymbol(.colon) {
                label = advance()
                _ = advance()
            }
            guard startsExpression(current) else {
                if current.kind == .end { _ = try expectClosing(.rightParen, opener: opener) }
                throw error("expected an argument"
                            + (label.map { " after '\($0.text):'" } ?? " after ','")
                            + (current.kind == .end ? "" : ", got \(current.quoted)"), at: current.range)
            }
            let value = try parseExpression()
            if label == nil, let named = arguments.last(where: { $0.label != nil }) {
                throw error("a positional argument cannot follow the named argument '\(named.label!):'; "
                            + "put positional arguments first", at: value.range)
            }
            if let label, arguments.contains(where: { $0.label == label.text }) {
                throw error("the argument '\(label.text):' is given twice", at: label.range)
            }
            arguments.append(Argument(label: label?.text, value: value,
                                      range: (label?.range ?? value.range).union(value.range)))
            if consume(.comma) != nil { continue }
            _ = try expectClosing(.rightParen, opener: opener)
            return arguments
        }
    }

    private mutating func parseIndices(opener: Token) throws -> [IndexComponent] {
        if current.isSymbol(.rightBracket) {
            throw error("expected an index inside '[]', e.g. x[0], x[1:3] or x[:, 1]", at: current.range)
        }
        var components: [IndexComponent] = []
        while true {
            components.append(try parseIndexComponent())
            if consume(.comma) != nil { continue }
            _ = try expectClosing(.rightBracket, opener: opener)
            return components
        }
    }

    /// `i`, or a slice `start:end:step` with any part left out.
    private mutating func parseIndexComponent() throws -> IndexComponent {
        let startToken = current
        let start = startsExpression(current) ? try parseComparison() : nil
        guard current.isSymbol(.colon) else {
            if let start { return .single(start) }
            throw error("expected an index, e.g. x[0], x[1:3] or x[:, 1]"
                        + (current.kind == .end ? "" : ", got \(current.quoted)"), at: current.range)
        }
        var parts: [Expression?] = [start]
        while parts.count < 3, consume(.colon) != nil {
            parts.append(startsExpression(current) ? try parseComparison() : nil)
        }
        let range = startToken.range.union(previous.range)
        return .slice(start: parts[0], end: parts[1], step: parts.count > 2 ? parts[2] : nil, range: range)
    }

    private mutating func parsePrimary() throws -> Expression {
        let token = current
        switch token.kind {
        case let .number(value):
            _ = advance()
            return Expression(.number(value), token.range)
        case let .string(value):
            _ = advance()
            return Expression(.string(value), token.range)
        case let .identifier(name):
            _ = advance()
            switch name {
            case "true": return Expression(.boolean(true), token.range)
            case "false": return Expression(.boolean(false), token.range)
            default: return Expression(.identifier(name), token.range)
            }
        case .symbol(.leftParen):
            _ = advance()
            guard startsExpression(current) else {
                if current.isSymbol(.rightParen) {
                    throw error("expected an expression inside '()'", at: current.range)
                }
                _ = try expectClosing(.rightParen, opener: token)
                throw error("expected an expression after '(', got \(current.quoted)", at: current.range)
            }
            var inner = try parseExpression()
            let close = try expectClosing(.rightParen, opener: token)
            inner.range = token.range.union(close.range)
            return inner
        case .symbol(.leftBracket):
            _ = advance()
            var elements: [Expression] = []
            if let close = consume(.rightBracket) {
                return Expression(.array([]), token.range.union(close.range))
            }
            while true {
                guard startsExpression(current) else {
                    if current.kind == .end { _ = try expectClosing(.rightBracket, opener: token) }
                    throw error("expected a vector element"
                                + (elements.isEmpty ? "" : " after ','") + ", got \(current.quoted)",
                                at: current.range)
                }
                elements.append(try parseExpression())
                if consume(.comma) != nil { continue }
                let close = try expectClosing(.rightBracket, opener: token)
                return Expression(.array(elements), token.range.union(close.range))
            }
        case .end:
            throw error("expected an expression after '\(previous.text)'", at: token.range)
        default:
            throw error("expected an expression, got \(token.quoted)", at: token.range)
        }
    }
}
