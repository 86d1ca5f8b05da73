/// A distribution family declared once, as data: what the language's constructor, `?name`,
/// Tab completion, the optimizers' transforms, the JSON description and the conformance suite
/// all read (torch.distributions' `arg_constraints` + `support`, with the help text beside them).
///
/// A family's file holds its type and its declaration; `Family.all` lists every declaration.
///
///     extension Gamma {
///         public static let family = Family(
///             constructor: "gamma", name: "Gamma",
///             parameters: [.init("concentration", .positive, meaning: "shape α"),
///                          .init("rate", .positive, default: 1, meaning: "inverse scale β")],
///             support: .positive, route: .implicit,
///             summary: "…", formula: "p(z) = βᵅ zᵅ⁻¹ e^{−βz} / Γ(α)", example: "gamma(2, rate: 3)") {
///             try Gamma(concentration: $0[0], rate: $0[1])
///         }
///     }
public struct Family: Sendable {
    /// One parameter: its name, where its values live, its default and what it means.
    public struct Parameter: Sendable {
        public let name: String
        public let constraint: Constraint
        /// The value used when the argument is left out; `nil` makes it required.
        public let defaultValue: Default?
        /// One line: "scale σ > 0 (the standard deviation)".
        public let meaning: String
        /// A parameter given instead of this one (a mixture's `logits` for `weights`).
        public let alternativeTo: String?

        public init(_ name: String, _ constraint: Constraint, default defaultValue: Default? = nil,
                    meaning: String, alternativeTo: String? = nil) {
            self.name = name
            self.constraint = constraint
            self.defaultValue = defaultValue
            self.meaning = meaning
            self.alternativeTo = alternativeTo
        }

        public init(_ name: String, _ constraint: Constraint, default value: Double, meaning: String) {
            self.init(name, constraint, default: .value(value), meaning: meaning)
        }
    }

    /// A switch that changes how a family draws, not what it is: `hard: true` (straight-through).
    /// Flags take no gradient and are off unless given.
    public struct Flag: Sendable {
        public let name: String
        /// One line: what turning it on does.
        public let meaning: String

        public init(_ name: String, meaning: String) {
            self.name = name
            self.meaning = meaning
        }
    }

    /// A parameter's default.
    public enum Default: Sendable, Equatable {
        case value(Double)
        /// 1/K for each of the K components (a mixture's weights).
        case equalWeights
    }

    /// What a family is built from besides its parameters.
    public enum Composition: Sendable, Equatable {
        /// Parameters only (`gamma(2, 3)`).
        case parameters
        /// Two or more univariate distributions written as positional arguments (`mixture(d₁, d₂)`).
        case components
        /// One univariate distribution written first, then the family's own parameters
        /// (`truncated(gamma(2), low: 1, high: 3)`).
        case component
        /// One distribution whose batch shape is [K, D]: K components over D coordinates.
        case componentGrid
        /// One univariate distribution, then a bijection (`transform(normal(0, 1), exp)`); the
        /// family's parameters are the maps' own (`Inputs.bijections`).
        case componentAndBijection
        /// A user's CDF F(x; θ…) and the ends of its support; its parameters are named by F.
        case cumulativeDistributionFunction
    }

    /// How the shape of one draw follows from the arguments.
    public enum EventShape: Sendable, Equatable, CustomStringConvertible {
        /// `[]`: one number per draw.
        case scalar
        /// `[k]`, the last axis of the named parameter (a Dirichlet's concentration).
        case lastAxis(of: String)
        /// `[k + 1]`, one more than the last axis of the named parameter (a logistic normal's
        /// K-dimensional loc maps to the simplex of K + 1 coordinates).
        case lastAxisPlusOne(of: String)
        /// `[D]`, one coordinate per component (factorized).
        case componentCount
        /// `[D]`, the last axis of the component's [K, D] batch.
        case componentGridColumns
        /// `[n, n]`, the last two axes of the named matrix parameter (a Wishart's covariance).
        case squareMatrix(of: String)
        /// `[d, d]`, d the value of the named whole-number parameter (an LKJ factor's dim).
        case dimension(of: String)

        public var description: String {
            switch self {
            case .scalar: "[] (univariate)"
            case let .lastAxis(name): "[k], the last axis of \(name)"
            case let .lastAxisPlusOne(name): "[k + 1], one more than the last axis of \(name)"
            case .componentCount: "[D], one coordinate per component"
            case .componentGridColumns: "[D], the second axis of the components' [K, D] parameters"
            case let .squareMatrix(name): "[n, n], the last two axes of \(name)"
            case let .dimension(name): "[d, d], d = \(name)"
            }
        }
    }

    /// How `rsample` carries gradients, as declared.
    public enum Route: Sendable, Equatable, CustomStringConvertible {
        case fixed(Reparameterization)
        /// Each component's own route (explicit if all are, implicit if some need their CDF).
        case fromComponents
        /// Exact discrete draws whose gradient is the straight-through surrogate (the family's
        /// `reparameterization` is `.explicit`: the tape carries a path, biased by construction).
        case straightThrough

        public static let explicit = Route.fixed(.explicit)
        public static let implicit = Route.fixed(.implicit)

        public var description: String {
            switch self {
            case .fixed(.none): "none: integer draws have no path (score function, enumeration or a relaxation)"
            case let .fixed(route): route.rawValue
            case .fromComponents: "each component's own"
            case .straightThrough: "straight-through: exact one-hot draws, the gradient taken as if ∂y/∂π = I (biased unless f is linear)"
            }
        }
    }

    /// The public methods beyond sampling and `log_prob` the family answers.
    public struct Methods: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let cdf = Methods(rawValue: 1)
        public static let icdf = Methods(rawValue: 2)
        public static let entropy = Methods(rawValue: 4)
        public static let all: Methods = [.cdf, .icdf, .entropy]
    }

    /// What `build` receives: the parameters in use (declaration order, `alternativeTo` resolved),
    /// and for composite families their components or CDF.
    public struct Inputs {
        public let parameters: [(name: String, value: Tensor)]
        public let components: [any Distribution]
        public let cumulativeDistributionFunction: (any CumulativeDistributionFunction)?
        public let support: Support?
        /// The flags turned on (`hard`).
        public let flags: Set<String>
        /// A transform's maps in the order they apply; their parameters are `parameters`, in order.
        public let bijections: [Bijection.Kind]

        public init(parameters: [(name: String, value: Tensor)], components: [any Distribution] = [],
                    cumulativeDistributionFunction: (any CumulativeDistributionFunction)? = nil, support: Support? = nil,
                    flags: Set<String> = [], bijections: [Bijection.Kind] = []) {
            self.bijections = bijections
            self.parameters = parameters
            self.components = components
            self.cumulativeDistributionFunction = cumulativeDistributionFunction
            self.support = support
            self.flags = flags
        }

        /// The k-th parameter in use.
        public subscript(_ k: Int) -> Tensor { parameters[k].value }
        /// The parameter called `name`, if given.
        public subscript(_ name: String) -> Tensor? { parameters.first { $0.name == name }?.value }
    }

    /// The constructor as the language spells it: `gamma`, `student_t`.
    public let constructor: String
    /// The name messages and summaries show: `Gamma`, `StudentT`.
    public let name: String
    public let parameters: [Parameter]
    /// Switches given by name as true or false (`hard: true`); none for most families.
    public let flags: [Flag]
    public let composition: Composition
    /// Where samples live (for families whose support moves with their parameters, its form).
    public let support: SupportDeclaration
    public let eventShape: EventShape
    public let route: Route
    public let methods: Methods
    /// One line for `?name`: what it is and how it is reparameterized.
    public let summary: String
    /// The density or CDF, as `?name` shows it.
    public let formula: String
    /// A line that runs as typed: `gamma(2, rate: 3)`.
    public let example: String
    /// Builds the engine distribution (the initializer checks the values).
    public let build: @Sendable (Inputs) throws -> any Distribution

    public init(constructor: String, name: String, parameters: [Parameter], flags: [Flag] = [], composition: Composition = .parameters,
                support: SupportDeclaration, eventShape: EventShape = .scalar, route: Route, methods: Methods = .all,
                summary: String, formula: String, example: String, build: @escaping @Sendable (Inputs) throws -> any Distribution) {
        self.constructor = constructor
        self.name = name
        self.parameters = parameters
        self.flags = flags
        self.composition = composition
        self.support = support
        self.eventShape = eventShape
        self.route = route
        self.methods = methods
        self.summary = summary
        self.formula = formula
        self.example = example
        self.build = build
    }

    /// The declared parameter called `name`.
    public func parameter(named name: String) -> Parameter? { parameters.first { $0.name == name } }

    /// `normal(loc: 0, scale: 1)`: required parameters bare, defaults shown.
    public var signature: String {
        switch composition {
        case .parameters:
            // An alternative follows the parameter it replaces: `bernoulli(probs | logits: …)`.
            let written = parameters.filter { $0.alternativeTo == nil }.map { p in
                p.signature + parameters.filter { $0.alternativeTo == p.name }.map { " | \($0.name): …" }.joined()
            }
            return "\(constructor)(" + (written + flags.map { "\($0.name): false" }).joined(separator: ", ") + ")"
        case .components, .component, .componentGrid:
            let leading = composition == .components ? "d₁, d₂, …" : "d"
            let named = parameters.filter { $0.alternativeTo == nil }.map(\.signature)
                + parameters.filter { $0.alternativeTo != nil }.map { "| \($0.name): …" }
            return "\(constructor)(" + ([leading] + named).joined(separator: ", ").replacingOccurrences(of: ", |", with: " |") + ")"
        case .cumulativeDistributionFunction:
            return "\(constructor)(F, low: -inf, high: inf, θ₁: value, …)"
        case .componentAndBijection:
            return "\(constructor)(d, by)"
        }
    }

    /// Checks each parameter against its declared constraint (in order) and returns the batch
    /// shape they broadcast to; what every family's `init` starts with.
    ///
    ///     batchShape = try Gamma.family.checked([concentration, rate])
    public func checked(_ values: [Tensor]) throws -> [Int] {
        for (parameter, value) in zip(parameters, values) { try parameter.constraint.check(name, parameter.name, value) }
        return try Validation.batchShape(name, zip(parameters, values).map { ($0.name, $1) })
    }

    /// The value of a parameter left out, given the components it will combine (nil when required).
    public func defaultValue(of parameter: Parameter, components: [any Distribution]) -> Tensor? {
        switch parameter.defaultValue {
        case nil: return nil
        case let .value(x)?: return Tensor(x)
        case .equalWeights?:
            let count = composition == .componentGrid ? (components.first?.batchShape.first ?? 1) : components.count
            return Tensor([Double](repeating: 1 / Double(max(count, 1)), count: max(count, 1)))
        }
    }
}

extension Family.Parameter {
    /// `scale: 1`, or `concentration` when required.
    var signature: String {
        switch defaultValue {
        case let .value(x)?: "\(name): \(Validation.format(x))"
        case .equalWeights?: "\(name): equal"
        case nil: name
        }
    }
}

/// A family's support as declared: a fixed set, or an interval between two of its parameters.
public enum SupportDeclaration: Sendable, Equatable, CustomStringConvertible {
    case fixed(Support)
    /// [low, high] (or [low, high) with `includesUpper: false`) between the named parameters.
    case between(lower: String, upper: String, includesUpper: Bool)
    /// Set by the components (a mixture, a product).
    case fromComponents
    /// (low, high) as the user gives them (a CDF's support).
    case given
    /// The integers 0, 1, …, n for the count parameter n named (a Binomial's total_count).
    case integersThrough(String)
    /// The integers 0, 1, …, K − 1, one per entry of the named parameter's last axis (a Categorical's classes).
    case categories(of: String)

    public var description: String {
        switch self {
        case let .fixed(support): support.description
        case let .between(lower, upper, includesUpper): "[\(lower), \(upper)\(includesUpper ? "]" : ")")"
        case .fromComponents: "the components'"
        case .given: "(low, high), as given"
        case let .integersThrough(count): "the integers 0, 1, …, \(count)"
        case let .categories(name): "the integers 0, 1, …, K − 1 (K = the last axis of \(name))"
        }
    }
}
