import Foundation
import Reparam

/// Elementwise functions, reductions and tensor constructors.
extension BuiltinRegistry {
    mutating func addMath() {
        addMatrices()
        unary("exp", "eˣ elementwise", Reparam.exp)
        unary("log", "natural logarithm elementwise", Reparam.log)
        unary("log1p", "log(1 + x), accurate for small x", Reparam.log1p)
        unary("expm1", "eˣ − 1, accurate for small x", Reparam.expm1)
        unary("sqrt", "square root elementwise", Reparam.sqrt)
        unary("abs", "absolute value elementwise", Reparam.abs)
        unary("sin", "sine elementwise", Reparam.sin)
        unary("cos", "cosine elementwise", Reparam.cos)
        unary("tanh", "hyperbolic tangent elementwise", Reparam.tanh)
        unary("sigmoid", "1 / (1 + e⁻ˣ) elementwise", Reparam.sigmoid)
        unary("softplus", "log(1 + eˣ) elementwise, without overflow", Reparam.softplus)
        unary("tan", "tangent elementwise", Reparam.tan)
        unary("atan", "arctangent elementwise", Reparam.atan)
        unary("erf", "the error function elementwise", Reparam.erf)
        unary("erfc", "1 − erf(x), accurate in the tail", Reparam.erfc)
        unary("lgamma", "log Γ(x) elementwise", Reparam.lgamma)
        unary("digamma", "ψ(x) = d/dx log Γ(x) elementwise", Reparam.digamma)
        unary("ndtr", "Φ(x), the standard normal CDF", Reparam.standardNormalCDF)
        unary("ndtri", "Φ⁻¹(p), the standard normal quantile", Reparam.standardNormalQuantile)
        unary("flatten", "all elements as one vector", { $0.flattened() })

        binary("pow", ("x", "p"), "xᵖ elementwise (same as x ^ p)", example: "pow([1, 2, 3], 2)") { try $0.raised(to: $1) }
        binary("maximum", ("a", "b"), "the larger of a and b elementwise", example: "maximum([1, 5], 3)") { try $0.maximum($1) }
        binary("minimum", ("a", "b"), "the smaller of a and b elementwise", example: "minimum([1, 5], 3)") { try $0.minimum($1) }

        reduction("sum", "Σ of the elements", linear: true, all: { $0.sum() }, axis: { try $0.sum(axis: $1) })
        reduction("mean", "the average of the elements", linear: true, all: { $0.mean() }, axis: { try $0.mean(axis: $1) })
        reduction("var", "the sample variance (n − 1 in the denominator)",
                  all: { $0.variance() }, axis: { try $0.variance(axis: $1) })
        reduction("std", "the sample standard deviation", all: { $0.standardDeviation() },
                  axis: { try $0.standardDeviation(axis: $1) })
        reduction("max", "the largest element", all: { try $0.max() }, axis: { try $0.max(axis: $1) })
        reduction("min", "the smallest element", all: { try $0.min() }, axis: { try $0.min(axis: $1) })
        reduction("logsumexp", "log Σ eˣ, without overflow", all: { try $0.logSumExp() },
                  axis: { try $0.logSumExp(axis: $1) })

        for (name, summary) in [("softmax", "e^x / Σ e^x along an axis (the last by default)"),
                                ("log_softmax", "x − log Σ e^x along an axis (the last by default)")] {
            add(Builtin(name: name, signature: "\(name)(x, axis: -1)", summary: summary, example: "\(name)([1, 2, 3])") { arguments, _ in
                try arguments.expectOnly(positional: 2, named: ["x", "axis"])
                let (x, provenance) = try arguments.tensor(0, "x")
                let axis = try arguments.optionalInteger(1, "axis") ?? -1
                guard x.rank > 0 else { throw Diagnostic("\(name) needs a vector or larger, got a number", at: arguments.range) }
                return .tensor(name == "softmax" ? try x.softmax(axis: axis) : try x.logSoftmax(axis: axis), provenance)
            })
        }
        add(Builtin(name: "clamp", signature: "clamp(x, min: -inf, max: inf)",
                    summary: "x limited to [min, max]; the gradient passes inside", example: "clamp([-1, 0.5, 2], min: 0, max: 1)") { arguments, _ in
            try arguments.expectOnly(positional: 3, named: ["x", "min", "max"])
            let (x, provenance) = try arguments.tensor(0, "x")
            let low = try arguments.optionalTensor(1, "min")?.0.scalar ?? -.infinity
            let high = try arguments.optionalTensor(2, "max")?.0.scalar ?? .infinity
            guard low <= high else { throw Diagnostic("clamp needs min ≤ max, got min \(low) and max \(high)", at: arguments.range) }
            return .tensor(Reparam.clamp(x, min: low, max: high), provenance)
        })
        add(Builtin(name: "where", signature: "where(condition, a, b)",
                    summary: "a where condition is nonzero, b elsewhere", example: "where([1, 0, 1], 10, -10)") { arguments, _ in
            try arguments.expectOnly(positional: 3, named: ["condition", "a", "b"])
            let (condition, _) = try arguments.tensor(0, "condition")
            let (a, pa) = try arguments.tensor(1, "a")
            let (b, pb) = try arguments.tensor(2, "b")
            return .tensor(try Reparam.where(condition, a, b), pa.union(pb))
        })
        add(Builtin(name: "reshape", signature: "reshape(x, shape)",
                    summary: "the same elements under another shape", example: "reshape([1, 2, 3, 4], [2, 2])") { arguments, _ in
            try arguments.expectOnly(positional: 2, named: ["x", "shape"])
            let (x, provenance) = try arguments.tensor(0, "x")
            let shape = try Arguments.shape(of: arguments.required(1, "shape"), callee: "reshape")
            return .tensor(try x.reshaped(shape), provenance)
        })
        add(Builtin(name: "zeros", signature: "zeros(shape)", summary: "a tensor of zeros", example: "zeros([2, 3])") { arguments, _ in
            try arguments.expectOnly(positional: 1, named: ["shape"])
            return .tensor(Tensor(repeating: 0, shape: try Arguments.shape(of: arguments.required(0, "shape"), callee: "zeros")), .none)
        })
        add(Builtin(name: "ones", signature: "ones(shape)", summary: "a tensor of ones", example: "ones(3)") { arguments, _ in
            try arguments.expectOnly(positional: 1, named: ["shape"])
            return .tensor(Tensor(repeating: 1, shape: try Arguments.shape(of: arguments.required(0, "shape"), callee: "ones")), .none)
        })
        add(Builtin(name: "linspace", signature: "linspace(start, end, count)",
                    summary: "count evenly spaced numbers from start to end", example: "linspace(0, 1, 5)") { arguments, _ in
            try arguments.expectOnly(positional: 3, named: ["start", "end", "count"])
            guard let start = try arguments.tensor(0, "start").0.scalar, let end = try arguments.tensor(1, "end").0.scalar else {
                throw Diagnostic("linspace needs numbers for start and end", at: arguments.range)
            }
            let count = try arguments.count(2, "count", default: 50)
            let step = count > 1 ? (end - start) / Double(count - 1) : 0
            return .tensor(Tensor((0..<count).map { start + Double($0) * step }), .none)
        })
        add(Builtin(name: "concat", signature: "concat(a, b, …, axis: 0)",
                    summary: "tensors joined along an existing axis (one argument: its rows)",
                    example: "concat([1, 2], [3], [4, 5, 6])") { arguments, _ in
            try arguments.expectOnly(positional: .max, named: ["axis"])
            let axis = try arguments.optionalInteger(nil, "axis") ?? 0
            if arguments.positional.count == 1 {
                let (rows, provenance) = try Arguments.tensorList(of: arguments.positional[0], callee: "concat")
                return .tensor(try concatenate(rows, axis: axis), provenance)
            }
            var parts: [Tensor] = []
            var provenance = Provenance.none
            for (position, _) in arguments.positional.enumerated() {
                let (part, partProvenance) = try arguments.tensor(position, "tensor \(position + 1)")
                parts.append(part.rank == 0 ? try part.reshaped([1]) : part)
                provenance = provenance.union(partProvenance)
            }
            return .tensor(try concatenate(parts, axis: axis), provenance)
        })
        add(Builtin(name: "stack", signature: "stack([a, b, …], axis: 0)",
                    summary: "tensors of one shape stacked along a new axis", example: "stack([[1, 2], [3, 4]], axis: 1)") { arguments, _ in
            try arguments.expectOnly(positional: 2, named: ["tensors", "axis"])
            let (parts, provenance) = try Arguments.tensorList(of: arguments.required(0, "tensors"), callee: "stack")
            return .tensor(try Reparam.stack(parts, axis: try arguments.optionalInteger(1, "axis") ?? 0), provenance)
        })
    }
}

extension Arguments {
    /// `[2, 3]` or `3` as a shape.
    static func shape(of item: Item, callee: String) throws -> [Int] {
        guard case let .tensor(tensor, _) = item.value, tensor.rank <= 1,
              tensor.scalars.allSatisfy({ $0 >= 0 && $0 <= 1e7 && $0.rounded() == $0 }),
              tensor.scalars.reduce(1, *) <= 1e7 else {
            throw Diagnostic("\(callee) needs a shape such as [2, 3]: whole numbers ≥ 0, at most 10000000 elements", at: item.range)
        }
        return tensor.scalars.map { Int($0) }
    }

    /// The elements of a vector literal that holds tensors (`[a, b]` evaluates to
    /// one stacked tensor, so its rows are the parts).
    static func tensorList(of item: Item, callee: String) throws -> ([Tensor], Provenance) {
        guard case let .tensor(tensor, provenance) = item.value, tensor.rank >= 1 else {
            throw Diagnostic("\(callee) needs a list of tensors, e.g. [a, b]", at: item.range)
        }
        return (try (0..<tensor.shape[0]).map { try tensor.row($0) }, provenance)
    }
}
