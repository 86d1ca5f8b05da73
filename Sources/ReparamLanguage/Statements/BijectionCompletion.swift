import Reparam

/// Tab completion where a bijection is expected: after `transform(d, ` and inside `compose(`,
/// the maps themselves, `exp` bare (a value, not a call) and `affine(` open.
///
///     transform(normal(0, 1), ex|      → exp
///     transform(normal(0, 1), compose(a|  → affine(
extension Session {
    /// The maps and bound bijections that complete `prefix` when the cursor is where a bijection
    /// goes; nil elsewhere.
    func bijectionCompletions(for prefix: String, before: String) -> [String]? {
        guard prefix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), let call = Session.openCall(before),
              call.callee == "compose" || (call.callee == "transform" && call.commas >= 1) else { return nil }
        let maps = BijectionValue.plainKinds.map(\.rawValue) + ["affine(", "power(", "compose("]
        let bound = interpreter.order.filter { name in
            guard case let .function(function)? = interpreter.binding(name)?.value, case .bijection = function.body else { return false }
            return true
        }
        let matches = (maps + bound).filter { $0.hasPrefix(prefix) }.sorted()
        return matches.isEmpty ? nil : matches
    }

    /// The innermost call still open at the end of `text` (its name and how many commas of its own
    /// follow its parenthesis), if any.
    static func openCall(_ text: String) -> (callee: String, commas: Int)? {
        var depth = 0, commas = 0
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            switch text[index] {
            case ")", "]": depth += 1
            case "[": depth -= 1
            case "(":
                if depth == 0 {
                    let callee = text[..<index].reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                    return (String(callee.reversed()), commas)
                }
                depth -= 1
            case "," where depth == 0: commas += 1
            default: break
            }
            if depth < 0 { return nil }
        }
        return nil
    }
}
