import Reparam

/// A distribution in the language: its engine family and, for each parameter in use,
/// either a `Parameter` leaf (a literal or constant argument) or a computed
/// tensor that keeps its graph (`normal(a * 2, 1)`); for composite families also
/// its components or its CDF.
///
/// The engine distribution is rebuilt from the current leaves on each use,
/// so `fit` moving a parameter moves the distribution.
public final class DistributionValue {
    enum Source {
        case parameter(Parameter)
        /// A tensor computed from parameters, and the argument it came from
        /// (nil when it cannot be evaluated again, e.g. inside a lambda).
        case computed(Tensor, Provenance, Expression?)

        var tensor: Tensor {
            switch self {
            case let .parameter(parameter): return parameter.value
            case let .computed(tensor, _, _): return tensor
            }
        }

        var provenance: Provenance {
            switch self {
            case let .parameter(parameter): return Provenance(parameters: [parameter])
            case let .computed(_, provenance, _): return provenance
            }
        }

        /// A computed source evaluated again from the current parameters; a parameter as it is.
        func recomputed(by interpreter: Interpreter) throws -> Source {
            guard case let .computed(_, _, expression?) = self else { return self }
            guard case let .tensor(tensor, provenance) = try interpreter.evaluate(expression) else { return self }
            return .computed(tensor, provenance, expression)
        }

        var isRecomputable: Bool { if case .computed(_, _, .some) = self { true } else { false } }
    }

    let family: Family
    /// The parameters in use, in order (the declared ones, a mixture's `weights` or `logits`, a CDF's own).
    let parameters: [Family.Parameter]
    let sources: [Source]
    /// The distributions a mixture or product is made of (empty for the others).
    let components: [DistributionValue]
    /// A `from_cdf` distribution's CDF and support.
    let cumulativeDistributionFunction: (any CumulativeDistributionFunction)?
    let support: Support?
    /// The family's flags turned on (`hard`).
    let flags: Set<String>
    /// A transform's maps in the order they apply (`BijectionValue`); their parameters are `sources`.
    let bijections: [Bijection.Kind]

    init(family: Family, parameters: [Family.Parameter], sources: [Source], components: [DistributionValue] = [],
         cumulativeDistributionFunction: (any CumulativeDistributionFunction)? = nil, support: Support? = nil, flags: Set<String> = [],
         bijections: [Bijection.Kind] = []) {
        self.family = family
        self.bijections = bijections
        self.flags = flags
        self.parameters = parameters
        self.sources = sources
        self.components = components
        self.cumulativeDistributionFunction = cumulativeDistributionFunction
        self.support = support
    }

    var provenance: Provenance {
        components.reduce(sources.reduce(Provenance.none) { $0.union($1.provenance) }) { $0.union($1.provenance) }
    }

    var hasComputedSources: Bool {
        sources.contains(where: \.isRecomputable) || components.contains { $0.hasComputedSources }
    }

    /// The same distribution with other sources (and components), everything else kept.
    func replacing(sources: [Source], components: [DistributionValue]? = nil) -> DistributionValue {
        DistributionValue(family: family, parameters: parameters, sources: sources, components: components ?? self.components,
                          cumulativeDistributionFunction: cumulativeDistributionFunction, support: support, flags: flags,
                          bijections: bijections)
    }

    /// The same distribution with its computed arguments evaluated again
    /// (from the current parameters), sharing its own parameters.
    func recomputed(by interpreter: Interpreter) throws -> DistributionValue {
        replacing(sources: try sources.map { try $0.recomputed(by: interpreter) }, components: try components.map { try $0.recomputed(by: interpreter) })
    }

    /// The engine's distribution at the current parameter values.
    func instance() throws -> any Distribution {
        try family.build(Family.Inputs(parameters: zip(parameters, sources).map { ($0.name, $1.tensor) },
                                       components: components.map { try $0.instance() },
                                       cumulativeDistributionFunction: cumulativeDistributionFunction, support: support, flags: flags,
                                       bijections: bijections))
    }

    /// `let d = …`: the parameters this distribution created are named `d.loc`, ….
    /// Components written inline become `m.components[0].loc`, ….
    func adopt(name: String) {
        for (spec, source) in zip(parameters, sources) {
            if case let .parameter(parameter) = source, !parameter.isBound {
                parameter.name = "\(name).\(spec.name)"
                parameter.isBound = true
            }
        }
        for (index, component) in components.enumerated() { component.adopt(name: "\(name).components[\(index)]") }
    }

    static let methods = ["sample", "rsample", "log_prob", "cdf", "icdf", "entropy"]
    static let properties = ["mean", "variance", "stddev", "batch_shape", "event_shape", "support", "has_rsample"]
    /// Properties only circular families have.
    static let circularProperties = ["circular_variance"]

    /// The methods this family answers (its declaration says which of cdf, icdf and entropy it has).
    var methods: [String] { DistributionValue.methods(of: family) }

    /// The methods a family answers: sampling and `log_prob` always, `cdf`, `icdf`, `entropy` as declared.
    static func methods(of family: Family) -> [String] {
        ["sample", "rsample", "log_prob"] + [("cdf", Family.Methods.cdf), ("icdf", .icdf), ("entropy", .entropy)]
            .filter { family.methods.contains($0.1) }.map(\.0)
    }

    /// Why `d.name` is not there: a method other families have that this one lacks is explained
    /// (with the way around it), anything else gets the closest name.
    ///
    ///     mixture(…).entropy() → "mixture has no closed-form entropy; estimate it by Monte Carlo as -mean(d.log_prob(d.sample(n)))"
    func missingMemberMessage(_ name: String) -> String {
        if !methods.contains(name) {
            if name == "entropy" {
                return "\(family.constructor) has no closed-form entropy; estimate it by Monte Carlo as -mean(d.log_prob(d.sample(n)))"
            }
            if name == "cdf" { return "\(family.constructor) has no cumulative distribution function (cdf)" }
            if name == "icdf" { return "\(family.constructor) has no quantile function (icdf)" }
        }
        return "\(family.constructor) has no method '\(name)'" + Suggestions.hint(for: name, among: memberNames)
    }

    /// Names completion offers after `d.`.
    var memberNames: [String] {
        let circular = (try? instance())?.support == .circle ? DistributionValue.circularProperties : []
        return methods + DistributionValue.properties + circular + parameters.map(\.name) + (components.isEmpty ? [] : ["components"])
    }

    func method(_ name: String, _ arguments: Arguments, owner: String, interpreter: Interpreter) throws -> Value {
        let distribution = try instance()
        switch name {
        case "rsample", "sample":
            try arguments.expectOnly(positional: 1, named: ["n"])
            let shape = try sampleShape(arguments, of: distribution)
            let perSample = (distribution.batchShape + distribution.eventShape).reduce(1, *)
            // Under 'grad … using score' a plain draw needs no path through the sample: the score
            // function weights it like any other (REINFORCE is exactly the estimator for sample).
            if name == "sample", interpreter.estimator != .score {
                let z = try interpreter.drawInPieces(shape, valuesPerSample: perSample, at: arguments.range) {
                    try distribution.sample($0, using: &interpreter.stream)
                }
                return .tensor(z, Provenance.none.noting(detachedDraw: "\(owner).sample(…)"))
            }
            if interpreter.estimator == .score {
                // The score estimator's draw carries per-sample weights: one piece.
                let (z, weights) = try ScoreFunction.draw(distribution, shape, using: &interpreter.stream)
                var provenance = self.provenance
                provenance.scoreWeights.append(ScoreWeight(magic: weights))
                return .tensor(z, provenance)
            }
            let z = try interpreter.drawInPieces(shape, valuesPerSample: perSample, at: arguments.range) {
                try rsample(distribution, $0, owner: owner, interpreter: interpreter)
            }
            return .tensor(z, provenance)
        case "log_prob", "cdf", "icdf":
            try arguments.expectOnly(positional: 1, named: ["value"])
            let (x, provenance) = try arguments.tensor(0, "value")
            let result: Tensor
            switch name {
            case "log_prob": result = try distribution.logProb(x)
            case "cdf": result = try distribution.cdf(x)
            default: result = try distribution.icdf(x)
            }
            return .tensor(result, self.provenance.union(provenance))
        case "entropy":
            try arguments.expectOnly(positional: 0, named: [])
            return .tensor(try distribution.entropy(), provenance)
        default:
            if (DistributionValue.properties + DistributionValue.circularProperties).contains(name)
                || parameters.contains(where: { $0.name == name }) {
                try arguments.expectOnly(positional: 0, named: [])
                return try property(name, owner: owner, at: arguments.range, interpreter: interpreter)
            }
            throw Diagnostic(missingMemberMessage(name), at: arguments.range)
        }
    }

    /// `rsample(1000)` → [1000], `rsample([10, 2])` → [10, 2], `rsample()` → [].
    ///
    /// How large a draw may be is the engine's rule (a share of this machine's memory, see
    /// `Distribution.drawShape`), so its message, pointing at `n`, says what the draw would take.
    private func sampleShape(_ arguments: Arguments, of distribution: any Distribution) throws -> [Int] {
        guard let item = arguments.item(0, "n") else { return [] }
        let shape: [Int]
        if case let .tensor(tensor, _) = item.value, tensor.rank == 1 {
            guard tensor.scalars.allSatisfy({ $0 >= 0 && $0 <= 1e12 && $0.rounded() == $0 }) else {
                throw Diagnostic("\(arguments.callee) needs a sample shape such as [10, 2]: whole numbers ≥ 0", at: item.range)
            }
            shape = tensor.scalars.map { Int($0) }
        } else {
            let n = try Arguments.integer(of: item, callee: arguments.callee, name: "n")
            guard n >= 1 else { throw Diagnostic("\(arguments.callee) needs a count of at least 1 for 'n', got \(n)", at: item.range) }
            shape = [n]
        }
        do { _ = try distribution.drawShape(shape) } catch let error as ReparamError {
            throw Diagnostic(error.languageMessage, at: item.range)
        }
        return shape
    }

    /// z = F⁻¹(u; θ) for fresh uniforms u, differentiable through the quantile's
    /// implicit rule; a Dirichlet as normalized Gamma quantiles, a Wishart with χ² quantiles, an LKJ factor or a power spherical with Beta quantiles. nil for
    /// families without a quantile function.
    static func drawByInversion(_ distribution: any Distribution, _ shape: [Int], _ stream: inout RandomStream) throws -> Tensor? {
        if let product = distribution as? Factorized { return try GradCheckDraws.factorized(product, shape, &stream, invert: drawByInversion) }
        if let mixture = distribution as? DiagonalMixture { return try GradCheckDraws.diagonalMixture(mixture, shape, &stream) }
        if let wishart = distribution as? Wishart { return try wishart.rsampleByInversion(shape, using: &stream) }
        if let lkj = distribution as? LKJCholesky { return try lkj.rsampleByInversion(shape, using: &stream) }
        if let sphere = distribution as? PowerSpherical { return try sphere.rsampleByInversion(shape, using: &stream) }
        let full = shape + distribution.batchShape + distribution.eventShape
        let u = try Tensor(shape: full, scalars: stream.uniform(count: full.reduce(1, *)))
        if let dirichlet = distribution as? Dirichlet {
            let g = try Gamma(concentration: dirichlet.concentration, rate: Tensor(1)).icdf(u)
            return try g.dividing(by: g.sum(axis: -1).reshaped(Array(full.dropLast()) + [1]))
        }
        guard distribution.eventShape.isEmpty else { return nil }
        return try? distribution.icdf(u)
    }

    /// A draw that differentiates as the current (path-carrying) estimator says.
    private func rsample(_ distribution: any Distribution, _ shape: [Int], owner: String,
                         interpreter: Interpreter) throws -> Tensor {
        switch interpreter.estimator {
        case .pathwise:
            guard distribution.reparameterization != .none else {
                if let discrete = distribution as? any DiscreteDistribution { throw ReparamError.invalidArgument(type(of: discrete).noPathMessage) }
                throw ReparamError.invalidArgument("\(distribution.name) has no pathwise gradient; use \(owner).sample(n) with 'grad … using score'")
            }
            if interpreter.drawsByInversion, let z = try Self.drawByInversion(distribution, shape, &interpreter.stream) {
                return z
            }
            return try distribution.rsample(shape, using: &interpreter.stream)
        case .implicit:
            return try distribution.rsample(shape, using: &interpreter.stream, via: .implicit)
        case .explicit:
            return try distribution.rsample(shape, using: &interpreter.stream, via: .explicit)
        case .measureValued:
            throw ReparamError.invalidArgument("the measure-valued derivative (mvd) estimates an expectation of one univariate draw, "
                                               + "written mean(f(\(owner).rsample(n)))")
        case .rebar:
            throw ReparamError.invalidArgument("REBAR estimates an expectation of one Bernoulli or Categorical draw, written mean(f(\(owner).sample(n)))")
        case .straightThrough:
            throw ReparamError.invalidArgument("straight-through estimates an expectation of one Categorical draw, written mean(f(\(owner).sample(n))); "
                                               + "for one-hot draws with its gradient, use one_hot_categorical_straight_through")
        case .score:
            // `method` draws with weights itself; nothing else asks for a score draw here.
            throw ReparamError.invalidArgument("a score-function draw carries per-sample weights; draw it with \(owner).rsample(n)")
        }
    }

    func property(_ name: String, owner: String, at range: SourceRange, interpreter: Interpreter) throws -> Value {
        if let index = parameters.firstIndex(where: { $0.name == name }) {
            return .tensor(sources[index].tensor, sources[index].provenance)
        }
        if name == "components", !components.isEmpty {
            throw Diagnostic("\(owner).components holds \(components.count) distributions; pick one, e.g. \(owner).components[0]", at: range)
        }
        let distribution = try instance()
        // A CDF's moments come from quadrature of its quantile, which reports NaN when it does not converge.
        if distribution is CustomDistribution || distribution is TransformedDistribution, ["mean", "variance", "stddev"].contains(name) {
            let moment = name == "mean" ? distribution.mean : name == "variance" ? distribution.variance : distribution.standardDeviation
            guard moment.scalars.allSatisfy(\.isFinite) else {
                throw Diagnostic("\(owner) has no finite \(name) that quadrature of its quantile function could find; if it exists, estimate it from draws, "
                                 + "e.g. \(name == "mean" ? "mean" : name == "variance" ? "var" : "std")(\(owner).sample(100000))", at: range)
            }
            return .tensor(moment, provenance)
        }
        // A relaxed categorical's and a logistic normal's moments have no closed form (NaN from the engine).
        if distribution is any MomentsFromDrawsOnly, ["mean", "variance", "stddev"].contains(name) {
            throw Diagnostic("\(family.constructor) has no closed-form \(name); estimate it from draws, "
                             + "e.g. \(name == "mean" ? "mean" : name == "variance" ? "var" : "std")(\(owner).sample(100000), axis: 0)", at: range)
        }
        // Angles mixed across components have no mean or variance a weighted sum could give (wrapping
        // at ±π); von Mises itself has exact ones.
        if distribution.support == .circle, !(distribution is VonMises), ["mean", "variance", "stddev"].contains(name) {
            throw Diagnostic("\(owner) mixes angles on the circle, where a weighted sum of the components' \(name)s is not its \(name); "
                             + "estimate a circular statistic from draws, e.g. mean(cos(\(owner).sample(100000)))", at: range)
        }
        switch name {
        case "mean": return .tensor(distribution.mean, provenance)
        case "variance": return .tensor(distribution.variance, provenance)
        case "stddev": return .tensor(distribution.standardDeviation, provenance)
        case "circular_variance":
            guard let circular = distribution as? VonMises else {
                throw Diagnostic("\(owner) is not on the circle: circular_variance (1 − |E e^{iz}|) is for von_mises; "
                                 + "use \(owner).variance", at: range)
            }
            return .tensor(circular.circularVariance, provenance)
        case "entropy": return .tensor(try distribution.entropy(), provenance)
        case "batch_shape": return .tensor(Tensor(distribution.batchShape.map(Double.init)), .none)
        case "event_shape": return .tensor(Tensor(distribution.eventShape.map(Double.init)), .none)
        case "support": return .string(distribution.support.description)
        case "has_rsample": return .boolean(distribution.reparameterization != .none)
        default:
            if DistributionValue.methods.contains(name) {
                throw Diagnostic("\(owner).\(name) is a method; call it, e.g. \(owner).\(name)(\(name.hasSuffix("sample") ? "1000" : name == "entropy" ? "" : "x"))",
                                 at: range)
            }
            throw Diagnostic("\(family.constructor) has no property '\(name)'"
                             + Suggestions.hint(for: name, among: memberNames), at: range)
        }
    }

    /// `Normal(loc: 0, scale: 1)`, values shown as the format says.
    func summary(format: ValueFormat) -> String {
        let name = (try? instance().name) ?? family.name
        // transform: the base and the map as typed, `Transformed(Normal(loc: 0, scale: 1) by exp)`.
        if !bijections.isEmpty, let base = components.first {
            return "\(name)(\(base.summary(format: format)) by \(BijectionValue.summary(bijections, sources.map(\.tensor), format: format)))"
        }
        let parts = zip(parameters, sources).map { spec, source in
            "\(spec.name): " + format.tensor(source.tensor).replacingOccurrences(of: "\n", with: " ")
        } + family.flags.filter { flags.contains($0.name) }.map { "\($0.name): true" }
          + (components.isEmpty ? [] : ["components: [" + components.map { $0.summary(format: format) }.joined(separator: ", ") + "]"])
        return name + "(" + parts.joined(separator: ", ") + ")"
    }
}
