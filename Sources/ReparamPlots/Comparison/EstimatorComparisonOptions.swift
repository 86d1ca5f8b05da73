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
