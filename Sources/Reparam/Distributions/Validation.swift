/// The checks every family's `init` and draw share, with messages naming the family,
/// the parameter or argument, the value and the rule:
///
///     Normal: scale must be positive, got -1
enum Validation {
    /// Throws unless every element of `value` satisfies `constraint`.
    static func check(_ family: String, _ parameter: String, _ value: Tensor, _ constraint: Constraint) throws {
        try constraint.check(family, parameter, value)
    }

    /// The batch shape all parameters broadcast to.
    static func batchShape(_ family: String, _ parameters: [(String, Tensor)]) throws -> [Int] {
        var shape: [Int] = []
        for (name, value) in parameters {
            do { shape = try Shape.broadcast(shape, value.shape) } catch {
                throw ReparamError.shape("\(family): \(name) has shape \(value.shape), which does not broadcast with the other parameters' \(shape)")
            }
        }
        return shape
    }

    /// Largest number of values one draw may produce (8 bytes each, and the
    /// tape may hold a few copies).
    static let maximumDraw = 50_000_000

    /// The full shape of a draw, after checking the sample shape is sane.
    static func drawShape(_ family: String, _ sampleShape: [Int], _ batchShape: [Int], _ eventShape: [Int] = []) throws -> [Int] {
        guard sampleShape.allSatisfy({ $0 >= 0 }) else {
            throw ReparamError.invalidArgument("\(family): sample shape \(sampleShape) has a negative size")
        }
        let shape = sampleShape + batchShape + eventShape
        var count = 1.0
        for extent in shape { count *= Double(extent) }
        guard count <= Double(maximumDraw) else {
            throw ReparamError.invalidArgument("\(family): a draw of shape \(shape) would hold \(format(count)) values; the limit is \(maximumDraw.formatted()) per draw")
        }
        return shape
    }

    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}

extension Int {
    /// 50000000 → "50,000,000".
    func formatted() -> String {
        let digits = String(self.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (self < 0 ? "-" : "") + groups.joined(separator: ",")
    }
}
