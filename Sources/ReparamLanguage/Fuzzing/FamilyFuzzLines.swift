import Reparam

/// Random statements built from every family of the engine's list: constructors with random
/// shapes (scalars, vectors, matrices, empty tensors), extreme and non-finite values, positional
/// and named arguments, composites of them, and every method and property, under `let`, `grad`
/// and plain evaluation. A new family is fuzzed as soon as it is listed.
///
///     var lines = FamilyFuzzLines(seed: 1)
///     lines.next()   // "let d3 = gamma([1e-320, 2], rate: nan)"
///
/// `reparam-fuzz --lines N --seed S` prints them; `reparam run --keep-going --json` must answer each
/// with exactly one JSON object, never crash and never hang.
public struct FamilyFuzzLines {
    private var state: UInt64
    /// Variables bound so far (d0 … d7), reused by later lines.
    private var bound = 0

    public init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    /// The families the lines are built from.
    static let families = Family.all

    /// Ordinary numbers, most parameters accept them (so the methods behind the constructor run too).
    static let ordinary = ["1", "2.5", "0.3", "7", "3", "0.5", "100", "0.01", "1.5", "-2.5", "0.9"]
    /// Numbers that break things: the ends of the doubles, signed zero, non-finite values.
    static let extreme = ["0", "-0", "-1", "1e-320", "1e-300", "1e308", "-1e308", "1e15", "nan", "inf", "-inf",
                          "0.999999999999", "1e-16", "1e-8", "1e8"]

    public mutating func next() -> String {
        switch below(10) {
        case 0, 1, 2:
            let index = below(8)
            bound = max(bound, index + 1)
            return "let d\(index) = \(distribution(depth: 0))"
        case 3, 4, 5:
            return "\(receiver()).\(member())"
        case 6:
            let estimator = ["", " using pathwise", " using implicit", " using explicit", " using score"][below(5)]
            return "grad \(["mean", "sum"][below(2)])(\(receiver()).\(["rsample", "sample"][below(2)])(\(count())))\(estimator)"
        case 7:
            return "grad sum(\(receiver()).log_prob(\(tensor())))"
        case 8:
            return below(2) == 0 ? "\(tensor()) \(["+", "-", "*", "/", "^"][below(5)]) \(tensor())"
                : "gradcheck \(["mean", "sum"][below(2)])(\(receiver()).rsample(\(["20", "5", "[2, 3]"][below(3)])))"
        default:
            return ["?\(Self.families[below(Self.families.count)].constructor)", "\(receiver())", "seed \(below(100))",
                    "\(receiver()).icdf(\(tensor()))", "\(receiver()).\(["mean", "variance", "stddev"][below(3)])"][below(5)]
        }
    }

    /// A bound variable, or a distribution written inline.
    private mutating func receiver() -> String {
        bound > 0 && below(3) > 0 ? "d\(below(bound))" : distribution(depth: 0)
    }

    /// A method call or property of a distribution.
    private mutating func member() -> String {
        switch below(12) {
        case 0: return "sample(\(count()))"
        case 1: return "rsample(\(count()))"
        case 2, 3: return "log_prob(\(tensor()))"
        case 4: return "cdf(\(tensor()))"
        case 5: return "icdf(\(tensor()))"
        case 6: return "entropy()"
        default: return ["mean", "variance", "stddev", "batch_shape", "event_shape", "support", "has_rsample", "loc",
                         "concentration", "weights", "scale", "components", "nosuch", "probs", "logits", "temperature",
                         "total_count", "rate"][below(18)]
        }
    }

    /// A sample count or shape: ordinary, empty, negative, fractional, huge or not a number.
    private mutating func count() -> String {
        ["", "0", "1", "3", "17", "200", "-1", "2.5", "1e9", "nan", "[2, 3]", "[]", "[0]", "[3, 0]", "[1e6, 1e6]", "inf"][below(16)]
    }

    /// A constructor call of a random family (composites nest up to two levels).
    private mutating func distribution(depth: Int) -> String {
        let family = Self.families[below(Self.families.count)]
        switch family.composition {
        case .parameters:
            var arguments: [String] = []
            var named = false
            for p in family.parameters where p.alternativeTo == nil {
                // A parameter with alternatives (`probs` | `logits:`, `covariance` | `precision:` | `scale_tril:`)
                // is given one way or another, now and then two ways.
                let alternatives = family.parameters.filter { $0.alternativeTo == p.name }
                if !alternatives.isEmpty, below(2) == 0 {
                    let alternative = alternatives[below(alternatives.count)]
                    named = true
                    arguments.append("\(alternative.name): " + argument(for: alternative, of: family))
                    if below(10) > 0 { continue }
                }
                if p.defaultValue != nil, below(3) == 0 { named = true; continue }
                named = named || below(4) == 0
                arguments.append((named ? "\(p.name): " : "") + argument(for: p, of: family))
            }
            for flag in family.flags where below(2) == 0 { arguments.append("\(flag.name): \(["true", "false", "1", "nan"][below(4)])") }
            if below(12) == 0 { arguments.append(["extra: 1", "3", "loc: 2"][below(3)]) }
            return "\(family.constructor)(\(arguments.joined(separator: ", ")))"
        case .components, .component, .componentGrid:
            guard depth < 2 else { return "normal(\(tensor()), \(tensor()))" }
            let components = (0..<(family.composition == .components ? 1 + below(3) : 1)).map { _ in distribution(depth: depth + 1) }
            // The named parameters it declares (weights, logits, low, high, …), some of them, with random values.
            let named = family.parameters.filter { _ in below(2) == 0 }.map { ", \($0.name): \(tensor())" }.joined()
            return "\(family.constructor)(\(components.joined(separator: ", "))\(named))"
        case .componentAndBijection:
            guard depth < 2 else { return "normal(\(tensor()), \(tensor()))" }
            let maps = ["exp", "sigmoid", "softplus", "tanh", "affine(\(tensor()), \(tensor()))", "power(\(tensor()))", "abs", "x => x"]
            let by = below(3) == 0 ? "compose(\(maps[below(maps.count)]), \(maps[below(maps.count)]))" : maps[below(maps.count)]
            return "transform(\(distribution(depth: depth + 1)), \(by))"
        case .cumulativeDistributionFunction:
            let bounds = ["", ", low: 0", ", low: \(number()), high: \(number())", ", low: 0, high: 1"][below(4)]
            let cdf = ["(x, k) => 1 - exp(-(x/2)^k), k: \(number())", "x => 1 - exp(-x)", "x => x", "(x, a) => a * x, a: \(number())",
                       "x => 0.5 + atan(x) / pi", "x => 2"][below(6)]
            return "from_cdf(\(cdf)\(bounds))"
        }
    }

    /// A value for a parameter: a matrix for a matrix parameter, a vector for the vector beside one
    /// (a multivariate normal's loc), degrees of freedom near a Wishart's bound, most of the time;
    /// any tensor otherwise.
    private mutating func argument(for parameter: Family.Parameter, of family: Family) -> String {
        let matrixFamily = family.parameters.contains { $0.constraint == .positiveDefinite || $0.constraint == .lowerCholesky || $0.name == "cov_factor" }
            || family.eventShape == .dimension(of: "dim")
        guard matrixFamily, below(4) > 0 else { return tensor() }
        if parameter.name == "df" { return ["4", "2.5", "1", "[3, 5]", "1e308", "nan"][below(6)] }
        if parameter.name == "dim" { return ["2", "3", "1", "2.5", "[2, 3]", "1e308"][below(6)] }
        if parameter.name == "cov_factor" {
            return ["[[1], [0.5]]", "[[1, 0], [0.5, 2]]", "[[1], [0.5], [-1]]", "[[1e308], [1]]", "[[nan], [1]]", "[[[1], [0]], [[0], [1]]]", "[1, 2]"][below(7)]
        }
        if parameter.constraint == .positiveDefinite || parameter.constraint == .lowerCholesky {
            return ["[[2, 0.6], [0.6, 1]]", "[[1, 0], [0.5, 2]]", "[[1, 2], [2, 1]]", "[[1, 0.5], [0.4, 1]]", "[[1e308, 0], [0, 1e-308]]",
                    "[[[1, 0], [0, 1]], [[2, 0.3], [0.3, 0.5]]]", "[[1, 0, 0], [0, 1, 0], [0, 0, 1]]", "[[1, nan], [nan, 1]]", "[[0]]"][below(9)]
        }
        return ["[0, 0]", "[1, -1]", "[[0, 0], [1, 2]]", "[0, 0, 0]", "[1e308, -1e308]", "[nan, 0]"][below(6)]
    }

    /// A tensor literal: a number, a vector, a matrix, or an empty one.
    private mutating func tensor() -> String {
        switch below(10) {
        case 0...4: return number()
        case 5, 6: return "[" + (0..<below(5)).map { _ in number() }.joined(separator: ", ") + "]"
        case 7: return "[[" + (0..<3).map { _ in number() }.joined(separator: ", ") + "], [" + (0..<3).map { _ in number() }.joined(separator: ", ") + "]]"
        case 8: return ["[]", "[[]]", "[[], []]", "[[1], [2]]", "[[1, 2, 3]]"][below(5)]
        default: return ["linspace(0, 1, 5)", "[1, 2, 3] / 6", "zeros([2, 3])", "-[1, 2]"][below(4)]
        }
    }

    /// An ordinary number two times in three, an extreme one otherwise.
    private mutating func number() -> String {
        below(3) > 0 ? Self.ordinary[below(Self.ordinary.count)] : Self.extreme[below(Self.extreme.count)]
    }

    /// SplitMix64: a fixed sequence for a seed.
    private mutating func below(_ n: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(n, 1)))
    }
}
