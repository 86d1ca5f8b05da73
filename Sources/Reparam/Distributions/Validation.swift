import Foundation

/// The checks every family's `init` and draw share, with messages naming the family,
/// the parameter or argument, the value and the rule:
///
///     Normal: scale must be positive, got -1
enum Validation {
    /// Throws unless every element of `value` satisfies `constraint`.
    static func check(_ family: String, _ parameter: String, _ value: Tensor, _ constraint: Constraint) throws {
        try constraint.check(family, parameter, value)
    }

    /// Throws unless half of every element of `degrees` is a positive double (d ≥ 1e-323): the families
    /// that work with d/2 (FisherSnedecor, StudentT, Chi, Chi2) would draw with, or divide by, a shape of 0.
    static func checkHalvable(_ family: String, _ parameter: String, _ degrees: Tensor) throws {
        guard let bad = degrees.scalars.firstIndex(where: { 0.5 * $0 == 0 }) else { return }
        throw ReparamError.invalidParameter(distribution: family, parameter: parameter,
                                            value: format(degrees.scalars[bad]) + (degrees.count > 1 ? " at index \(bad)" : ""),
                                            rule: "at least 1e-323 (half of it a positive double)")
    }

    /// The batch shape all parameters broadcast to; throws for an empty parameter or shapes that do not broadcast.
    static func batchShape(_ family: String, _ parameters: [(String, Tensor)]) throws -> [Int] {
        var shape: [Int] = []
        for (name, value) in parameters {
            // An empty parameter would make an empty batch that every body then indexes into.
            guard value.count > 0 else {
                throw ReparamError.invalidParameter(distribution: family, parameter: name, value: "shape \(value.shape), no values",
                                                    rule: "a number or a tensor with at least one value")
            }
            do { shape = try Shape.broadcast(shape, value.shape) } catch {
                throw ReparamError.shape("\(family): \(name) has shape \(value.shape), which does not broadcast with the other parameters' \(shape)")
            }
        }
        return shape
    }

    /// Bytes one drawn value costs at the peak of rsample + backward: the draw, its parameters
    /// expanded per sample, the per-sample derivatives and the gradients on the tape, about ten
    /// float64 copies (reparam-bench's distinct-parameter cases peak at 60–75 bytes a value).
    static let bytesPerDrawnValue = 80

    /// The share of the machine's physical memory one draw may take.
    static let drawMemoryShare = 0.5

    /// The machine's physical memory in bytes.
    static let physicalMemory = Double(ProcessInfo.processInfo.physicalMemory)

    /// Largest number of values one draw may produce: what fits in `drawMemoryShare` of
    /// physical memory at `bytesPerDrawnValue` each (about 150 million on a 24 GB machine).
    static let maximumDraw = Int(physicalMemory * drawMemoryShare) / bytesPerDrawnValue

    /// The full shape of a draw, after checking the sample shape is sane.
    static func drawShape(_ family: String, _ sampleShape: [Int], _ batchShape: [Int], _ eventShape: [Int] = []) throws -> [Int] {
        guard sampleShape.allSatisfy({ $0 >= 0 }) else {
            throw ReparamError.invalidArgument("\(family): sample shape \(sampleShape) has a negative size")
        }
        let shape = sampleShape + batchShape + eventShape
        var count = 1.0
        for extent in shape { count *= Double(extent) }
        guard count <= Double(maximumDraw) else {
            throw ReparamError.invalidArgument(
                "\(family): a draw of shape \(shape) would hold \(format(count)) values, about \(gigabytes(count * Double(bytesPerDrawnValue))) "
                + "at \(bytesPerDrawnValue) bytes a value with its gradients; \(drawLimitRule)")
        }
        return shape
    }

    /// The rule behind `maximumDraw`, for messages: "one draw may use 50% of this machine's 24 GB of memory, which is 150,000,000 values".
    static var drawLimitRule: String {
        "one draw may use \(Int(drawMemoryShare * 100))% of this machine's \(gigabytes(physicalMemory)) of memory, which is \(maximumDraw.formatted()) values"
    }

    /// 8.0e10 → "80 GB", 2.5e9 → "2.5 GB".
    static func gigabytes(_ bytes: Double) -> String {
        let g = bytes / 1e9
        return (g >= 10 ? String(Int(g.rounded())) : String(format: "%.1f", g)) + " GB"
    }

    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}

extension Int {
    /// 50000000 → "50,000,000".
    public func formatted() -> String {
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
