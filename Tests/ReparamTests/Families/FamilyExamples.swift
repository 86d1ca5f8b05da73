import Foundation
@testable import Reparam

/// Instances of every declared family, built from the declaration alone (torch.distributions'
/// `_get_examples()`, derived instead of written by hand, so a new family needs no new example):
/// each parameter takes its default, or a representative value of its constraint; bounds named
/// by a `.between` support are finite; composite families combine Normal and Gamma components
/// (or, for a CDF, a Weibull written as one). `batched` spreads every parameter over [2, 3].
///
/// The leaves (every parameter tensor, components' included) are listed so a test can rebuild
/// the distribution with one of them moved (finite differences).
struct FamilyExample {
    let family: Family
    /// Every parameter tensor the distribution is built from, in `rebuild` order.
    let leaves: [Tensor]
    /// Builds the distribution from values of the leaves (each made a tape leaf, in `parameters` order).
    let rebuild: ([Tensor]) throws -> any Distribution

    var distribution: any Distribution { get throws { try rebuild(leaves) } }

    static let batchShape = [2, 3]

    /// The example of `family`, with scalar parameters or a [2, 3] batch; nil when the family has
    /// no batch of its own (mixtures and products of single components).
    static func of(_ family: Family, batched: Bool, fromDefaults: Bool = false) -> FamilyExample? {
        switch family.composition {
        case .parameters:
            // The parameters written by default (`probs`, not its alternative `logits`).
            let written = family.parameters.filter { $0.alternativeTo == nil }
            let leaves = written.map { parameterValue($0, of: family, batched: batched, fromDefaults: fromDefaults) }
            return FamilyExample(family: family, leaves: leaves) { values in
                try family.build(Family.Inputs(parameters: zip(written, values).map { ($0.name, Tensor.parameter($1)) }))
            }
        case .components:
            guard !batched else { return nil }
            let components = [componentExample(Normal.family, values: [-0.7, 1.3]), componentExample(Gamma.family, values: [2.2, 1.4])]
            let own = family.parameters.filter { $0.alternativeTo == nil }
            let ownValues = own.map { p -> Tensor in
                if case .equalWeights? = p.defaultValue { return Tensor([0.35, 0.65]) }
                return parameterValue(p, of: family, batched: false, fromDefaults: fromDefaults)
            }
            let counts = components.map(\.count)
            return FamilyExample(family: family, leaves: ownValues + components.flatMap(\.values)) { values in
                var rest = Array(values.dropFirst(own.count))
                var built: [any Distribution] = []
                for (k, count) in counts.enumerated() {
                    built.append(try components[k].build(Array(rest.prefix(count)).map { Tensor.parameter($0) }))
                    rest.removeFirst(count)
                }
                return try family.build(Family.Inputs(parameters: zip(own, values).map { ($0.name, Tensor.parameter($1)) }, components: built))
            }
        case .component:
            // One Gamma(2.2, 1.4) component; the family's own parameters as their constraints and
            // support admit (a `.between` support's bounds inside the component's support).
            guard !batched else { return nil }
            let component = componentExample(Gamma.family, values: [2.2, 1.4])
            let own = family.parameters.filter { $0.alternativeTo == nil }
            let ownValues = own.map { p -> Tensor in
                if case let .between(lower, upper, _) = family.support {
                    if p.name == lower { return Tensor(0.6) }
                    if p.name == upper { return Tensor(2.4) }
                }
                return parameterValue(p, of: family, batched: false, fromDefaults: fromDefaults)
            }
            // The component's parameters come first, as the distribution lists them.
            return FamilyExample(family: family, leaves: component.values + ownValues) { values in
                let base = try component.build(Array(values.prefix(component.count)).map { Tensor.parameter($0) })
                let mine = Array(values.dropFirst(component.count))
                return try family.build(Family.Inputs(parameters: zip(own, mine).map { ($0.name, Tensor.parameter($1)) }, components: [base]))
            }
        case .componentGrid:
            guard !batched else { return nil }
            let loc = Tensor(unchecked: [2, 3], [-1.5, 0.2, 0.9, 1.1, -0.4, 2.0]), scale = Tensor(unchecked: [2, 3], [0.6, 1.1, 0.8, 0.9, 0.5, 1.3])
            let own = family.parameters.filter { $0.alternativeTo == nil }
            return FamilyExample(family: family, leaves: [Tensor([0.4, 0.6]), loc, scale]) { values in
                let grid = try Normal(loc: .parameter(values[1]), scale: .parameter(values[2]))
                return try family.build(Family.Inputs(parameters: zip(own, values).map { ($0.name, Tensor.parameter($1)) }, components: [grid]))
            }
        case .componentAndBijection:
            // Gamma(2.2, 1.4) through power(0.6), then a decreasing affine(0.3, −1.7) (spread over the
            // batch when batched): support (−∞, 0.3], cdf and icdf reflected.
            let component = componentExample(Gamma.family, values: [2.2, 1.4])
            let kinds: [Bijection.Kind] = [.power, .affine]
            let own = [Tensor(0.6), batched ? spread(0.3, 0.2) : Tensor(0.3), batched ? spread(-1.7, 0.1) : Tensor(-1.7)]
            return FamilyExample(family: family, leaves: component.values + own) { values in
                let base = try component.build(Array(values.prefix(component.count)).map { Tensor.parameter($0) })
                let maps = values.dropFirst(component.count).map { ("", Tensor.parameter($0)) }
                return try family.build(Family.Inputs(parameters: maps, components: [base], bijections: kinds))
            }
        case .cumulativeDistributionFunction:
            let scale = batched ? spread(1.5, 0.1) : Tensor(1.5), shape = batched ? spread(2.2, -0.2) : Tensor(2.2)
            return FamilyExample(family: family, leaves: [scale, shape]) { values in
                try family.build(Family.Inputs(parameters: [("scale", Tensor.parameter(values[0])), ("shape", Tensor.parameter(values[1]))],
                                               cumulativeDistributionFunction: ExampleWeibullCDF(), support: .positive))
            }
        }
    }

    /// A component family's build from its leaves, and the leaves.
    private static func componentExample(_ family: Family, values: [Double]) -> (values: [Tensor], count: Int, build: ([Tensor]) throws -> any Distribution) {
        (values.map { Tensor($0) }, values.count, { try family.build(Family.Inputs(parameters: zip(family.parameters, $0).map { ($0.name, $1) })) })
    }

    /// The parameter's default (when asked for), else a value its constraint admits.
    static func parameterValue(_ p: Family.Parameter, of family: Family, batched: Bool, fromDefaults: Bool) -> Tensor {
        if fromDefaults, case let .value(x)? = p.defaultValue {
            // Per coordinate of a logistic normal's Normal: one value per batch element, broadcast along the coordinates.
            if case .lastAxisPlusOne = family.eventShape { return batched ? Tensor(repeating: x, shape: batchShape + [1]) : Tensor(x) }
            return batched ? Tensor(repeating: x, shape: batchShape) : Tensor(x)
        }
        var base: Double
        var step: Double
        if p.constraint == .positiveDefinite || p.constraint == .lowerCholesky {
            return matrixValue(lowerCholesky: p.constraint == .lowerCholesky, batched: batched)
        }
        if p.name == "cov_factor" {
            // A 3 × 2 factor beside the length-3 loc and cov_diag (its batch comes from them).
            return Tensor(unchecked: [3, 2], [0.8, -0.3, 0.5, 0.9, -0.6, 0.2])
        }
        if case let .dimension(name) = family.eventShape, p.name == name {
            return Tensor(3)   // one size for the whole batch
        }
        if case .squareMatrix = family.eventShape, p.name == "df" {
            // ν > n − 1 = 2 beside the 3 × 3 matrices.
            return batched ? spread(3.7, 0.45) : Tensor(3.7)
        }
        switch p.constraint {
        case .real, .extendedReal: (base, step) = (0.3, 0.2)
        case .positive, .simplex: (base, step) = (1.7, 0.35)
        case .unitInterval: (base, step) = (0.35, 0.08)
        case let .greaterThan(c): (base, step) = (c + 1.6, 0.3)
        case .positiveDefinite, .lowerCholesky: (base, step) = (0, 0)   // returned above
        case .nonnegativeInteger: (base, step) = (6, 1)
        }
        if case let .between(lower, upper, _) = family.support {
            if p.name == lower { (base, step) = (-0.6, 0.1) }
            if p.name == upper { (base, step) = (1.4, 0.25) }
        } else if !fromDefaults, case let .value(x)? = p.defaultValue, x.isFinite, p.constraint != .positive {
            base = x + 0.25
        }
        let categoryAxis: Bool = {
            // The event axis is a vector's: the one the event shape names, and a low-rank normal's diagonal beside it.
            if case let .lastAxis(name) = family.eventShape, name == p.name || p.name == "cov_diag" { return true }
            // Every parameter of a logistic normal is per coordinate of its Normal.
            if case .lastAxisPlusOne = family.eventShape { return true }
            if case let .categories(name) = family.support, name == p.name { return true }
            return false
        }()
        if categoryAxis {
            let row = [base, base + 0.7, base + 1.4]
            return batched ? Tensor(unchecked: batchShape + [3], (0..<6).flatMap { b in row.map { $0 + step * Double(b) } }) : Tensor(row)
        }
        return batched ? spread(base, step) : Tensor(base)
    }

    /// A 3 × 3 covariance (or its lower Cholesky factor), its diagonal grown by 0.1 per batch element.
    static func matrixValue(lowerCholesky: Bool, batched: Bool) -> Tensor {
        let covariance = [2.0, 0.6, 0.3, 0.6, 1.5, -0.4, 0.3, -0.4, 1.2]
        let factor = [1.4, 0, 0, 0.4, 1.1, 0, 0.2, -0.3, 0.9]
        let base = lowerCholesky ? factor : covariance
        guard batched else { return Tensor(unchecked: [3, 3], base) }
        return Tensor(unchecked: batchShape + [3, 3], (0..<6).flatMap { b in base.indices.map { base[$0] + ($0 % 4 == 0 ? 0.1 * Double(b) : 0) } })
    }

    /// base + step·i over the [2, 3] batch.
    static func spread(_ base: Double, _ step: Double) -> Tensor {
        Tensor(unchecked: batchShape, (0..<6).map { base + step * Double($0) })
    }
}

/// F(z; λ, k) = 1 − exp(−(z/λ)^k): a Weibull given as a user's CDF.
struct ExampleWeibullCDF: CumulativeDistributionFunction {
    func callAsFunction<T: RealScalar>(_ z: T, _ θ: [T]) -> T { 1 - exp(-pow(z / θ[0], θ[1])) }
}
