import Reparam

/// Calls of built-ins and lambdas, methods and properties of distributions and tensors.
extension Interpreter {
    func call(_ callee: Expression, _ arguments: [Argument], at range: SourceRange,
              locals: [String: Value]) throws -> Value {
        let items = try arguments.map { argument in
            Arguments.Item(label: argument.label, value: try evaluate(argument.value, locals: locals), range: argument.range,
                           expression: locals.isEmpty ? argument.value : nil)
        }
        if case let .member(baseExpression, name) = callee.kind {
            let base = try evaluate(baseExpression, locals: locals)
            return try method(name, on: base, base: baseExpression, items: items, at: range, name: Interpreter.nameRange(of: callee, name))
        }
        let function = try evaluate(callee, locals: locals)
        guard case let .function(function) = function else {
            throw Diagnostic("\(Interpreter.describe(callee)) is \(function.kindDescription), not a function", at: callee.range)
        }
        return try apply(function, Arguments(callee: Interpreter.describe(callee), items: items, range: range))
    }

    /// Calls a function value with evaluated arguments.
    func apply(_ function: Function, _ arguments: Arguments) throws -> Value {
        switch function.body {
        case let .builtin(builtin):
            let value = try engine(arguments.range) { try builtin.call(arguments, self) }
            if case let .distribution(distribution) = value, pinnedLiterals != nil,
               let pinned = pinnedLiterals?.pin(distribution, at: arguments.range) {
                return .distribution(pinned)
            }
            return value
        case let .lambda(parameters, body, captured):
            try arguments.expectOnly(positional: parameters.count, named: parameters)
            callDepth += 1
            defer { callDepth -= 1 }
            guard callDepth <= Interpreter.maximumCallDepth else {
                throw Diagnostic("functions call each other more than \(Interpreter.maximumCallDepth) levels deep; "
                                 + "a function that calls itself never ends here", at: arguments.range)
            }
            var locals = captured
            for (position, parameter) in parameters.enumerated() {
                locals[parameter] = try arguments.required(position, parameter).value
            }
            return try evaluate(body, locals: locals)
        case let .bijection(bijection):
            try arguments.expectOnly(positional: 1, named: ["x"])
            let (x, provenance) = try arguments.tensor(0, "x")
            return .tensor(try engine(arguments.range) { try bijection.apply(x) }, provenance.union(bijection.provenance))
        }
    }

    /// Where `name` sits in `d.name`: the caret of "no method 'sampel'" points at the misspelt word, not at `d`.
    static func nameRange(of member: Expression, _ name: String) -> SourceRange {
        SourceRange(line: member.range.line, column: max(member.range.column, member.range.endColumn - name.count),
                    endColumn: member.range.endColumn)
    }

    fileprivate func method(_ name: String, on base: Value, base baseExpression: Expression,
                                 items: [Arguments.Item], at range: SourceRange, name nameRange: SourceRange) throws -> Value {
        let owner = Interpreter.describe(baseExpression)
        switch base {
        case let .distribution(distribution):
            // A circular-only property on another family gets its own explanation from `property`.
            guard distribution.memberNames.contains(name) || DistributionValue.circularProperties.contains(name) else {
                throw Diagnostic(distribution.missingMemberMessage(name), at: nameRange)
            }
            let arguments = Arguments(callee: "\(owner).\(name)", items: items, range: range)
            return try engine(range) { try distribution.method(name, arguments, owner: owner, interpreter: self) }
        case .tensor:
            guard let builtin = builtins[name] else {
                throw Diagnostic("a tensor has no method '\(name)'"
                                 + Suggestions.hint(for: name, among: Array(builtins.keys)), at: nameRange)
            }
            let selfItem = Arguments.Item(label: nil, value: base, range: baseExpression.range)
            return try apply(Function(body: .builtin(builtin)),
                             Arguments(callee: name, items: [selfItem] + items, range: range))
        default:
            throw Diagnostic("\(owner) is \(base.kindDescription) and has no method '\(name)'", at: nameRange)
        }
    }

    func member(_ base: Value, _ name: String, base baseExpression: Expression, at range: SourceRange) throws -> Value {
        let owner = Interpreter.describe(baseExpression)
        let nameRange = SourceRange(line: range.line, column: max(range.column, range.endColumn - name.count), endColumn: range.endColumn)
        switch base {
        case let .distribution(distribution):
            // A circular-only property on another family gets its own explanation from `property`.
            guard distribution.memberNames.contains(name) || DistributionValue.circularProperties.contains(name) else {
                throw Diagnostic("\(distribution.family.constructor) has no property '\(name)'"
                                 + Suggestions.hint(for: name, among: distribution.memberNames), at: nameRange)
            }
            return try engine(range) { try distribution.property(name, owner: owner, at: range, interpreter: self) }
        case let .tensor(tensor, _):
            if name == "shape" { return .tensor(Tensor(tensor.shape.map(Double.init)), .none) }
            if name == "size" { return .number(Double(tensor.count)) }
            if let builtin = builtins[name] {
                return try apply(Function(body: .builtin(builtin)),
                                 Arguments(callee: name, items: [Arguments.Item(label: nil, value: base, range: baseExpression.range)],
                                           range: range))
            }
            throw Diagnostic("a tensor has no property '\(name)'"
                             + Suggestions.hint(for: name, among: ["shape", "size"] + builtins.keys), at: nameRange)
        default:
            throw Diagnostic("\(owner) is \(base.kindDescription) and has no property '\(name)'", at: nameRange)
        }
    }
}
