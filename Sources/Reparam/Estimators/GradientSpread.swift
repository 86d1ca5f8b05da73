import Foundation

/// Repeated estimates of one gradient element by one estimator (the data of `gradvar`), with their
/// summary and, given the exact gradient, their bias, its standard error and the mean squared error.
///
///     let spread = GradientSpread(parameter: "loc", estimator: "score", values: estimates)
///     spread.summary.mean, spread.summary.standardError       // e.g. 2.03 ± 0.017
///     let judged = spread.judged(against: 2)                  // exact ∂/∂μ E_N(μ,1)[z²] = 2μ at μ = 1
///     judged.bias, judged.biasStandardError, judged.meanSquaredError, judged.looksUnbiased
public struct GradientSpread: Sendable {
    /// The gradient element's name, e.g. `loc` or `concentration[1]`.
    public var parameter: String
    public var estimator: String
    public var values: [Double]
    /// Statistics of the finite values.
    public let summary: SampleSummary

    public init(parameter: String, estimator: String, values: [Double]) {
        self.parameter = parameter
        self.estimator = estimator
        self.values = values
        summary = SampleSummary(values)
    }

    /// The estimates judged against the exact gradient g.
    public func judged(against exact: Double) -> BiasEstimate { BiasEstimate(summary, exact: exact) }
}

/// Bias and mean squared error of r repeated estimates ĝ₁…ĝᵣ against the exact gradient g:
///
///     bias = mean(ĝ) − g,   SE(bias) = s/√r,   MSE = (1/r) Σ (ĝᵢ − g)² = bias² + s²·(r − 1)/r
///
/// An estimator "looks unbiased" when |bias| ≤ 4·SE(bias) + 1e-9·max(1, |g|): an unbiased
/// estimator fails that test with probability about 6e-5 (for r large enough that the mean is
/// normal), while a bias of more than a few standard errors is reported as one. The second term
/// is the exact gradient's own accuracy (quadrature to 1e-10), for estimators whose spread is
/// zero (a control variate that is f itself).
public struct BiasEstimate: Sendable, Equatable {
    public var exact: Double
    public var bias: Double
    public var biasStandardError: Double
    public var meanSquaredError: Double
    /// Standard errors within which a bias counts as zero.
    public static let tolerance = 4.0

    public init(_ summary: SampleSummary, exact: Double) {
        self.exact = exact
        bias = summary.mean - exact
        biasStandardError = summary.standardError
        let r = Double(summary.count)
        meanSquaredError = bias * bias + summary.variance * (r - 1) / r
    }

    /// |bias| within `tolerance` standard errors of zero.
    public var looksUnbiased: Bool {
        abs(bias) <= Self.tolerance * biasStandardError + Self.referenceAccuracy * max(1, abs(exact))
    }
    /// Relative accuracy granted to the exact gradient.
    public static let referenceAccuracy = 1e-9
}
