/// Every error the engine reports: bad parameters, shape mismatches, values
/// out of a support, and numerical failures it could not recover from.
///
/// The description is a complete sentence a person can act on:
///
///     Normal: scale must be positive, got -1
public enum ReparamError: Error, Equatable, CustomStringConvertible {
    /// A distribution parameter broke its constraint.
    case invalidParameter(distribution: String, parameter: String, value: String, rule: String)
    /// Two shapes that cannot be broadcast, indexed or combined as asked.
    case shape(String)
    /// An argument outside what the operation accepts (e.g. a negative count).
    case invalidArgument(String)
    /// A computation that could not produce a finite, correct result.
    case numerical(String)

    public var description: String {
        switch self {
        case let .invalidParameter(distribution, parameter, value, rule):
            return "\(distribution): \(parameter) must be \(rule), got \(value)"
        case let .shape(message), let .invalidArgument(message), let .numerical(message):
            return message
        }
    }
}
