import Foundation

/// The public methods of every distribution: each validates its input once, the same way for
/// every family, then calls the family's body, which only computes (TFP's template).
///
/// * a value must broadcast against `batchShape + eventShape`, its trailing axes equal to the
///   event shape; otherwise the error names both shapes;
/// * `logProb` outside the support (below its lower end, above its upper end, off the simplex,
///   between two integers of a discrete support) is −∞, and `cdf` is 0 below and 1 above,
///   whatever the family (a discrete family's cdf at 2.5 is its cdf at 2);
/// * `icdf` of a probability outside [0, 1] (or NaN) is an error naming the argument and the rule;
/// * a sample shape must be nonnegative and the draw not too large; a draw of no elements is
///   the empty tensor of its shape, and so is log_prob, cdf or icdf of a value with no elements;
/// * a method the declaration does not list (`Family.methods`) goes straight to the body, whose
///   default says the family has none.
///
/// The checks cost O(shape) for sampling and O(value) for the methods that read a value, so
/// `rsample` and its backward pass run exactly as fast as the body.
///
///     let g = try Gamma(concentration: Tensor([1, 2]), rate: Tensor(1))
///     try g.logProb(Tensor([1, 2, 3]))   // throws: Gamma.log_prob: value of shape [3] does not broadcast against the batch shape [2]
///     try g.logProb(Tensor(-1))          // [-inf, -inf]
///     try g.icdf(Tensor(1.5))            // throws: Gamma.icdf: probability must be in [0, 1], got 1.5
extension Distribution {
    /// The shape of a draw of `sampleShape`, `sampleShape + batchShape + eventShape`; throws for a
    /// negative size or a draw larger than a share of this machine's memory holds, saying how much
    /// it would take and what the limit is:
    ///
    ///     try Normal(loc: 0, scale: 1).drawShape([3])      // [3]
    ///     try Normal(loc: 0, scale: 1).drawShape([1e11])   // throws: … about 8000 GB at 80 bytes a value …;
    ///                                                      // one draw may use 50% of this machine's 24 GB …
    public func drawShape(_ sampleShape: [Int]) throws -> [Int] {
        try Validation.drawShape(name, sampleShape, batchShape, eventShape)
    }

    /// Differentiable samples of shape `sampleShape + batchShape + eventShape`.
    public func rsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try drawShape(sampleShape)
        // A draw of no elements (an empty batch or sample shape) never reaches the body.
        if Shape.count(shape) == 0 { return Tensor(unchecked: shape, []) }
        return try computeRsample(sampleShape, using: &stream)
    }

    /// Samples cut off from the tape.
    public func sample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try drawShape(sampleShape)
        // A draw of no elements (an empty batch or sample shape) never reaches the body.
        if Shape.count(shape) == 0 { return Tensor(unchecked: shape, []) }
        return try computeSample(sampleShape, using: &stream)
    }

    /// log p(value), shape `sampleShape + batchShape`; −∞ outside the support.
    public func logProb(_ value: Tensor) throws -> Tensor {
        let shape = try checkedValueShape(value, method: "log_prob", argument: "value")
        if Shape.count(shape) == 0 { return Tensor(unchecked: Array(shape.dropLast(eventShape.count)), []) }
        guard let outside = supportViolations(value, shape: shape) else { return try computeLogProb(value) }
        let body = try computeLogProb(outside.inside)
        return try `where`(outside.event, Tensor(-.infinity), body)
    }

    /// P(Z ≤ value): 0 below the support, 1 above it.
    public func cdf(_ value: Tensor) throws -> Tensor {
        guard Self.family.methods.contains(.cdf) else { return try computeCDF(value) }
        let shape = try checkedValueShape(value, method: "cdf", argument: "value")
        if Shape.count(shape) == 0 { return Tensor(unchecked: shape, []) }
        guard eventShape.isEmpty, let outside = supportViolations(value, shape: shape) else { return try computeCDF(value) }
        let body = try computeCDF(outside.inside)
        return try `where`(outside.below, Tensor(0), `where`(outside.above, Tensor(1), body))
    }

    /// The quantile function F⁻¹(probability; θ), differentiable in θ and in the probability.
    /// Throws unless every probability lies in [0, 1].
    public func icdf(_ probability: Tensor) throws -> Tensor {
        guard Self.family.methods.contains(.icdf) else { return try computeICDF(probability) }
        let shape = try checkedValueShape(probability, method: "icdf", argument: "probability")
        if Shape.count(shape) == 0 { return Tensor(unchecked: shape, []) }
        if let bad = probability.scalars.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            let at = probability.count > 1 ? " at index \(bad)" : ""
            throw ReparamError.invalidArgument("\(name).icdf: probability must be in [0, 1], got \(Validation.format(probability.scalars[bad]))\(at)")
        }
        return try computeICDF(probability)
    }

    /// The differential entropy, one per batch element.
    public func entropy() throws -> Tensor {
        guard Self.family.methods.contains(.entropy) else { return try computeEntropy() }
        let h = try computeEntropy()
        return h.shape == batchShape ? h : try h.broadcast(to: batchShape)
    }

    /// The shape `value` and the batch + event shape broadcast to; throws naming both unless the
    /// value's trailing axes are the event shape and the rest broadcasts against the batch shape.
    func checkedValueShape(_ value: Tensor, method: String, argument: String) throws -> [Int] {
        let event = eventShape, expected = batchShape + event
        let described = event.isEmpty ? "the batch shape \(batchShape)" : "the batch shape \(batchShape) + event shape \(event)"
        guard value.rank >= event.count, Array(value.shape.suffix(event.count)) == event,
              let shape = try? Shape.broadcast(value.shape, expected) else {
            throw ReparamError.shape("\(name).\(method): \(argument) of shape \(value.shape) does not broadcast against \(described)"
                                     + (event.isEmpty ? "" : "; its last axes must be \(event)"))
        }
        let count = shape.reduce(1.0) { $0 * Double($1) }
        guard count <= Double(Validation.maximumDraw) else {
            throw ReparamError.invalidArgument("\(name).\(method): \(argument) of shape \(value.shape) against \(described) "
                                               + "would hold \(Validation.format(count)) values; \(Validation.drawLimitRule)")
        }
        return shape
    }

    /// Where `value` (broadcast to `shape`) leaves the support, or nil when it never does.
    ///
    /// `inside` is the value with every outside element replaced by a point inside (the middle
    /// of a finite support, one unit in from a single finite end, 0 on the line; a uniform row
    /// off the simplex), so the body sees only values it can evaluate and the gradient at the
    /// replaced points is 0. `below`/`above` (0/1, shape of `value`) mark elements beyond either
    /// end; `event` (shape without the event axes) marks draws with any coordinate outside.
    func supportViolations(_ value: Tensor, shape: [Int]) -> (inside: Tensor, below: Tensor, above: Tensor, event: Tensor)? {
        let (lowerTensor, upperTensor) = supportEnds
        let isSimplex = support == .simplex
        let lowerFinite = lowerTensor.scalars.contains { $0.isFinite }, upperFinite = upperTensor.scalars.contains { $0.isFinite }
        guard lowerFinite || upperFinite || isSimplex else { return nil }
        let count = Shape.count(shape)
        let x = Kernels.expand(value, to: shape)
        let full = batchShape + eventShape
        guard let lowerShape = try? Shape.broadcast(lowerTensor.shape, full), lowerShape == full || lowerTensor.count == 1,
              let upperShape = try? Shape.broadcast(upperTensor.shape, full), upperShape == full || upperTensor.count == 1 else { return nil }
        let lower = Kernels.expand(lowerTensor, to: shape), upper = Kernels.expand(upperTensor, to: shape)
        var below = [Double](repeating: 0, count: count), above = below, offLattice = below
        var any = false
        let isDiscrete = support.isDiscrete
        for i in 0..<count {
            if x[i] < lower[i] { below[i] = 1; any = true } else if x[i] > upper[i] { above[i] = 1; any = true }
            else if isDiscrete, x[i] != x[i].rounded(.down) { offLattice[i] = 1; any = true }
        }
        let width = eventShape.reduce(1, *)
        let rows = width == 0 ? 0 : count / width
        var eventOutside = [Double](repeating: 0, count: rows)
        for r in 0..<rows {
            var out = false, total = 0.0
            for j in 0..<width {
                let k = r * width + j
                if below[k] != 0 || above[k] != 0 || offLattice[k] != 0 { out = true }
                total += x[k]
            }
            if isSimplex, !out, !(Swift.abs(total - 1) <= 1e-9 * Double(width)) { out = true }
            if out { eventOutside[r] = 1; any = true }
        }
        guard any else { return nil }
        var inside = x
        for r in 0..<rows where eventOutside[r] != 0 {
            for j in 0..<width {
                let k = r * width + j
                if isSimplex { inside[k] = 1 / Double(width); continue }
                // A value between two integers of a discrete support: the cdf reads it at the integer below.
                if offLattice[k] != 0 { inside[k] = x[k].rounded(.down); continue }
                guard below[k] != 0 || above[k] != 0 else { continue }
                let a = lower[k], b = upper[k]
                let middle = a.isFinite && b.isFinite ? a + (b - a) / 2 : a.isFinite ? a + 1 : b.isFinite ? b - 1 : 0
                inside[k] = isDiscrete ? middle.rounded(.down) : middle
            }
        }
        let replaced = Tensor(unchecked: shape, (0..<count).map { below[$0] + above[$0] + offLattice[$0] })
        let keep = Tensor(unchecked: shape, isSimplex
            ? (0..<count).map { width == 0 ? 1 : eventOutside[$0 / width] != 0 ? 0 : 1 }
            : replaced.scalars.map { $0 != 0 ? 0 : 1 })
        // The value where it is inside (keeping its gradient), the replacement point elsewhere.
        let spread = (try? value.broadcast(to: shape)) ?? Tensor(unchecked: shape, x)
        let mixed = (try? `where`(keep, spread, Tensor(unchecked: shape, inside))) ?? Tensor(unchecked: shape, inside)
        return (mixed, Tensor(unchecked: shape, below), Tensor(unchecked: shape, above),
                Tensor(unchecked: Array(shape.dropLast(eventShape.count)), eventOutside))
    }
}
