import Reparam

/// The evaluated arguments of one call, with helpers that convert and check
/// them and point at the offending argument when something is wrong.
///
///     let axis = try arguments.optionalInteger("axis")
///     let x = try arguments.tensor(0, "x")
struct Arguments {
    struct Item {
        var label: String?
        var value: Value
        var range: SourceRange
        /// The argument as written, when it refers only to bindings (not to a
        /// lambda's locals), so it can be evaluated again with fresh values.
        var expression: Expression? = nil
    }

    let callee: String
    var positional: [Item]
    var named: [String: Item]
    /// The whole call, for errors about missing arguments.
    let range: SourceRange

    init(callee: String, items: [Item], range: SourceRange) {
        self.callee = callee
        self.positional = items.filter { $0.label == nil }
        self.named = Dictionary(items.compactMap { item in item.label.map { ($0, item) } }, uniquingKeysWith: { a, _ in a })
        self.range = range
    }

    /// The argument at `position` or named `name`.
    func item(_ position: Int?, _ name: String) -> Item? {
        if let item = named[name] { return item }
        if let position, position < positional.count { return positional[position] }
        return nil
    }

    func required(_ position: Int?, _ name: String) throws -> Item {
        guard let item = item(position, name) else {
            throw Diagnostic("\(callee) needs the argument '\(name)'", at: range)
        }
        return item
    }

    func tensor(_ position: Int?, _ name: String) throws -> (Tensor, Provenance) {
        try Arguments.tensor(of: required(position, name), callee: callee, name: name)
    }

    func optionalTensor(_ position: Int?, _ name: String) throws -> (Tensor, Provenance)? {
        guard let item = item(position, name) else { return nil }
        return try Arguments.tensor(of: item, callee: callee, name: name)
    }

    static func tensor(of item: Item, callee: String, name: String) throws -> (Tensor, Provenance) {
        switch item.value {
        case let .tensor(tensor, provenance): return (tensor, provenance)
        case let .boolean(flag): return (Tensor(flag ? 1 : 0), .none)
        default:
            throw Diagnostic("\(callee) needs a number or tensor for '\(name)', got \(item.value.kindDescription)",
                             at: item.range)
        }
    }

    /// A whole number, such as a sample count or an axis.
    func integer(_ position: Int?, _ name: String) throws -> Int {
        try Arguments.integer(of: required(position, name), callee: callee, name: name)
    }

    func optionalInteger(_ position: Int?, _ name: String) throws -> Int? {
        guard let item = item(position, name) else { return nil }
        return try Arguments.integer(of: item, callee: callee, name: name)
    }

    static func integer(of item: Item, callee: String, name: String) throws -> Int {
        guard case let .tensor(tensor, _) = item.value, let value = tensor.scalar,
              value.isFinite, value.rounded() == value, abs(value) <= 1e12 else {
            throw Diagnostic("\(callee) needs a whole number for '\(name)', got \(describe(item.value))", at: item.range)
        }
        return Int(value)
    }

    /// A count such as linspace's: 1 … 10 million (a draw's size is the engine's rule, `Distribution.drawShape`).
    func count(_ position: Int?, _ name: String, default fallback: Int? = nil) throws -> Int {
        guard let item = item(position, name) else {
            if let fallback { return fallback }
            throw Diagnostic("\(callee) needs the argument '\(name)', e.g. \(callee)(1000)", at: range)
        }
        let value = try Arguments.integer(of: item, callee: callee, name: name)
        guard value >= 1, value <= 10_000_000 else {
            throw Diagnostic("\(callee) needs a count between 1 and 10000000 for '\(name)', got \(value)", at: item.range)
        }
        return value
    }

    func function(_ position: Int?, _ name: String) throws -> (Function, SourceRange) {
        let item = try required(position, name)
        guard case let .function(function) = item.value else {
            throw Diagnostic("\(callee) needs a function for '\(name)', such as x => 1 - exp(-x); got \(item.value.kindDescription)",
                             at: item.range)
        }
        return (function, item.range)
    }

    func distribution(_ position: Int?, _ name: String) throws -> DistributionValue {
        let item = try required(position, name)
        guard case let .distribution(distribution) = item.value else {
            throw Diagnostic("\(callee) needs a distribution for '\(name)', got \(item.value.kindDescription)", at: item.range)
        }
        return distribution
    }

    /// Fails on arguments the callee does not take, suggesting the closest name.
    func expectOnly(positional count: Int, named names: [String]) throws {
        if positional.count > count {
            let extra = positional[count]
            throw Diagnostic("\(callee) takes at most \(count) positional argument\(count == 1 ? "" : "s"), got \(positional.count)",
                             at: extra.range)
        }
        for (label, item) in named where !names.contains(label) {
            let known = names.isEmpty ? "\(callee) takes no named arguments"
                : "\(callee) takes " + names.map { "\($0):" }.joined(separator: ", ")
            throw Diagnostic("unknown argument '\(label):'; \(known)" + Suggestions.hint(for: label, among: names),
                             at: item.range)
        }
    }

    static func describe(_ value: Value) -> String {
        if case let .tensor(tensor, _) = value, let scalar = tensor.scalar { return NumberFormat.short(scalar) }
        return value.kindDescription
    }
}
