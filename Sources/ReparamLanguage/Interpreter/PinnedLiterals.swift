import Reparam

/// Literal arguments of distributions written inline keep their parameters
/// from one evaluation of a statement to the next.
///
/// `normal(1, 2)` inside an expression makes two new parameters each time it
/// is evaluated. Statements that evaluate their expression again and expect
/// the same parameters — `gradcheck` moves one by ±h and evaluates again,
/// `minimize` steps them and evaluates again — pin them: while
/// `Interpreter.pinnedLiterals` is set, a constructor call at the same place
/// with the same family and the same literal values returns the parameters it
/// made the first time (with whatever values they hold now).
///
///     gradcheck mean(normal(1, 2).rsample(10000)^2)   // d/dloc = 2μ = 2, d/dscale = 2σ = 4
struct PinnedLiterals {
    /// The parameters one constructor call made, and the literal values it was given.
    private struct Entry {
        var parameters: [Parameter?]
        var literals: [[Double]?]
    }

    private var entries: [String: Entry] = [:]

    /// `value` with each parameter made from a literal replaced by the one
    /// the same call made the first time.
    mutating func pin(_ value: DistributionValue, at range: SourceRange) -> DistributionValue {
        let key = "\(range.line):\(range.column)-\(range.endColumn) \(value.family.name)"
        let literals = value.sources.map { source -> [Double]? in
            if case let .parameter(parameter) = source { return parameter.value.scalars }
            return nil
        }
        guard let entry = entries[key], entry.literals == literals else {
            entries[key] = Entry(parameters: value.sources.map { source in
                if case let .parameter(parameter) = source { return parameter }
                return nil
            }, literals: literals)
            return value
        }
        let sources = zip(value.sources, entry.parameters).map { source, pinned -> DistributionValue.Source in
            guard let pinned, case .parameter = source else { return source }
            return .parameter(pinned)
        }
        return value.replacing(sources: sources)
    }
}

extension Interpreter {
    /// Evaluates `body` with inline literal parameters pinned (see `PinnedLiterals`).
    func pinningLiterals<Result>(_ body: () throws -> Result) rethrows -> Result {
        let outer = pinnedLiterals
        if outer == nil { pinnedLiterals = PinnedLiterals() }
        defer { if outer == nil { pinnedLiterals = nil } }
        return try body()
    }
}
