import Reparam

/// One line of the language, parsed.
public struct Statement: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// An empty line or a line holding only a comment.
        case empty
        /// `let NAME = EXPR`
        case binding(name: String, value: Expression)
        /// A bare expression: print its value.
        case expression(Expression)
        /// `grad EXPR [using ESTIMATOR [baseline B] [control delta] [coupling on|off]]`
        case grad(Expression, estimator: Located<GradientEstimator>?)
        /// `gradvar EXPR [for VAR in A..B] [reps N] [points K]`
        case gradientVariance(Expression, repetitions: Located<Int>?, landscape: Landscape?)
        /// `gradcheck EXPR`
        case gradientCheck(Expression)
        /// `minimize EXPR [steps N] [lr η] [using adam|sgd]`
        case minimize(Expression, OptimizationOptions)
        /// `fit Q to TARGET [steps N] [lr η] [samples N] [using ESTIMATOR {, ESTIMATOR} | adam | sgd]`
        case fit(model: Expression, target: Expression, OptimizationOptions)
        /// `hist EXPR {, EXPR} [bins N] [samples N]`: several expressions overlay in one picture.
        case histogram([Expression], bins: Located<Int>?, samples: Located<Int>?)
        /// `plot e1, e2 [for x in A..B] [points N] [log x|y|xy]`
        case plot([Expression], domain: PlotDomain?, points: Located<Int>?, log: LogAxes)
        /// `velocity d.param [samples N]`: dz/dθ of each sample against z, beside the histogram.
        case velocity(Expression, samples: Located<Int>?)
        /// `knob d.param [step S] [samples N]`: a parameter under the arrow keys, its samples
        /// redrawn from the same uniforms at each nudge.
        case knob(Expression, step: Located<Double>?, samples: Located<Int>?)
        /// `sweep TARGET from A to B [steps N] [then STATEMENT]`: animate a
        /// parameter, redrawing `STATEMENT` (or the last plot or hist) at each value.
        indirect case sweep(target: Expression, from: Expression, to: Expression,
                   steps: Located<Int>?, then: Statement?)
        /// `seed N`
        case seed(Located<UInt64>)
        /// `pace 20ms`, `pace 0.5s`: the delay between animation frames.
        case pace(milliseconds: Located<Double>)
        /// `?name`, `?d.rsample`
        case help(topic: String)
        /// `:name argument text`
        case command(name: String, argument: String)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// A value together with where it was written, for messages that point at it.
public struct Located<Value: Equatable & Sendable>: Equatable, Sendable {
    public var value: Value
    public var range: SourceRange

    public init(_ value: Value, _ range: SourceRange) {
        self.value = value
        self.range = range
    }
}

public enum OptimizerKind: String, CaseIterable, Sendable {
    case adam, sgd
}

/// How a live fit draws its loss axis: `loss log` or `loss linear` (by default, log when every
/// loss is positive and they span two decades or more, linear otherwise).
public enum LossScale: String, CaseIterable, Sendable {
    case log, linear
}

/// The options shared by `minimize` and `fit`; `estimators` and `samples` are fit's, for a
/// variational fit (`fit q to posterior(lj) using stl, score`).
public struct OptimizationOptions: Equatable, Sendable {
    public var steps: Located<Int>?
    public var learningRate: Located<Double>?
    public var optimizer: Located<OptimizerKind>?
    public var lossScale: Located<LossScale>?
    public var estimators: [Located<VariationalFit.Gradient>] = []
    public var samples: Located<Int>?

    public init(steps: Located<Int>? = nil, learningRate: Located<Double>? = nil,
                optimizer: Located<OptimizerKind>? = nil, lossScale: Located<LossScale>? = nil) {
        self.steps = steps
        self.learningRate = learningRate
        self.optimizer = optimizer
        self.lossScale = lossScale
    }
}

/// Which axes of a plot are logarithmic (`log x`, `log y`, `log xy`).
public struct LogAxes: Equatable, Sendable {
    public var x: Bool
    public var y: Bool

    public init(x: Bool = false, y: Bool = false) {
        self.x = x
        self.y = y
    }
}

/// `for x in A..B`: the variable a plot sweeps and its interval.
/// `gradvar … for VAR in A..B [points K]`: the variance of each estimator across a swept value.
public struct Landscape: Equatable, Sendable {
    public var domain: PlotDomain
    public var points: Located<Int>?
}

public struct PlotDomain: Equatable, Sendable {
    public var variable: String
    public var lower: Expression
    public var upper: Expression

    public init(variable: String, lower: Expression, upper: Expression) {
        self.variable = variable
        self.lower = lower
        self.upper = upper
    }
}
