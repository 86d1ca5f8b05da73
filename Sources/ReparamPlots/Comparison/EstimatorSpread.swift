/// The gradient estimates one estimator gave for one parameter over repeated draws (the data of
/// `gradvar`): e.g. 200 pathwise estimates of ∂E[f]/∂α.
public struct EstimatorSpread {
    public var parameter: String
    public var estimator: String
    public var values: [Double]

    public init(parameter: String, estimator: String, values: [Double]) {
        self.parameter = parameter
        self.estimator = estimator
        self.values = values
    }
}

/// Everything about an estimator comparison except its size and characters.
public struct EstimatorComparisonOptions {
    public var title: String?
    /// The exact gradient per parameter name, drawn as a dotted vertical line through its rows.
    public var exact: [String: Double]

    public init(title: String? = nil, exact: [String: Double] = [:]) {
        self.title = title
        self.exact = exact
    }
}
