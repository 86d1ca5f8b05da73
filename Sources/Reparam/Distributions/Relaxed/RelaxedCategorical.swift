import Foundation

/// RelaxedCategorical(temperature λ, logits l | probs π): the Concrete distribution (Maddison, Mnih &
/// Teh 2017), the Gumbel-softmax of Jang, Gu & Poole 2017: a point of the open simplex standing in
/// for a one-hot Categorical(softmax l) draw, with a path.
///
///     y = softmax((l + g)/λ),  gₖ = −log(−log uₖ) Gumbel       (explicit: one fused node, softmax's closed-form backward)
///     log p(y) = log (K−1)! + (K−1) log λ + Σₖ (lₖ − (λ+1) log yₖ) − K log Σₖ exp(lₖ − λ log yₖ)
///
/// argmax y is exactly Categorical(softmax l) at every λ (the Gumbel-max trick), and
/// λ(log yᵢ − log yⱼ) = lᵢ − lⱼ + gᵢ − gⱼ is Logistic(lᵢ − lⱼ, 1). As λ → 0 the draws approach
/// one-hot vectors, the relaxed gradient's bias shrinks and its variance grows. The mean and
/// variance have no closed form (NaN; estimate them from draws). A coordinate that underflows
/// to 0 (λ ≪ 1) puts the draw on the boundary, where log_prob is −∞.
///
/// Straight-through (`straightThrough`, the language's `hard: true`, Jang et al. 2017): each draw
/// is the one-hot vector of argmax y, a Categorical(softmax l) draw, with the relaxed gradient:
/// the value onehot + (y − stopgrad y). log_prob stays the Concrete density of the relaxed y.
///
///     let d = try RelaxedCategorical(temperature: Tensor(0.5), logits: Tensor([0, 1, 2]))
///     try d.rsample([1000], using: &stream)    // [1000, 3], rows on the simplex
public struct RelaxedCategorical: MomentsFromDrawsOnly {
    public let temperature: Tensor
    /// The tensor as given (gradients flow to it), shape batch + [K].
    let given: Tensor
    let isLogits: Bool
    public var parameters: [(name: String, value: Tensor)] { [("temperature", temperature), (isLogits ? "logits" : "probs", given)] }
    public let batchShape: [Int]
    /// Draws replaced by one-hot vectors, with the relaxed gradient.
    public let straightThrough: Bool
    public var eventShape: [Int] { [given.shape.last ?? 0] }
    public var support: Support { .simplex }
    public var reparameterization: Reparameterization { .explicit }

    public static let family = Family(
        constructor: "relaxed_categorical", name: "RelaxedCategorical",
        parameters: [.init("temperature", .positive, meaning: "λ > 0; as λ → 0 the draws approach one-hot Categorical draws"),
                     .init("logits", .real, meaning: "l₁…l_K of the Categorical it relaxes (at least 2)"),
                     .init("probs", .simplex, meaning: "π₁…π_K of the Categorical it relaxes", alternativeTo: "logits")],
        flags: [.init("hard", meaning: "straight-through: one-hot draws (argmax), gradients through the relaxation")],
        support: .fixed(.simplex), eventShape: .lastAxis(of: "logits"), route: .explicit, methods: [],
        summary: "RelaxedCategorical(temperature λ, logits l): Concrete / Gumbel-softmax on the simplex; rsample y = softmax((l + g)/λ) (explicit); "
            + "no closed-form mean, variance or entropy (estimate them from draws)",
        formula: "p(y) = (K−1)! λ^(K−1) Π (e^lₖ yₖ^(−λ−1)) / (Σ e^lₖ yₖ^(−λ))^K", example: "relaxed_categorical(0.5, logits: [0, 1, 2])") { inputs in
        try RelaxedCategorical(inputs)
    }

    init(_ inputs: Family.Inputs) throws {
        let name = Self.family.name
        let temperature = inputs["temperature"] ?? Tensor(1)
        try Constraint.positive.check(name, "temperature", temperature)
        let logits = inputs["logits"]
        guard let given = logits ?? inputs["probs"] else { throw ReparamError.invalidArgument("\(name) needs logits or probs") }
        let parameter = logits == nil ? "probs" : "logits"
        guard given.rank >= 1, (given.shape.last ?? 0) >= 2 else {
            throw ReparamError.invalidParameter(distribution: name, parameter: parameter, value: "shape \(given.shape)",
                                                rule: "a vector of at least 2 values (or a batch of them)")
        }
        if logits == nil {
            try Constraint.simplex.check(name, "probs", given)
            guard given.scalars.allSatisfy({ $0 > 0 }) else {
                throw ReparamError.invalidParameter(distribution: name, parameter: "probs", value: "a zero entry", rule: "positive (log π must be finite)")
            }
        } else {
            try Constraint.real.check(name, "logits", given)
        }
        self.temperature = temperature
        self.given = given
        isLogits = logits != nil
        straightThrough = inputs.flags.contains("hard")
        batchShape = try Validation.batchShape(name, [("temperature", temperature), (parameter, Tensor(repeating: 0, shape: Array(given.shape.dropLast())))])
    }

    public init(temperature: Tensor, logits: Tensor, straightThrough: Bool = false) throws {
        try self.init(Family.Inputs(parameters: [("temperature", temperature), ("logits", logits)], flags: straightThrough ? ["hard"] : []))
    }
    public init(temperature: Tensor, probs: Tensor, straightThrough: Bool = false) throws {
        try self.init(Family.Inputs(parameters: [("temperature", temperature), ("probs", probs)], flags: straightThrough ? ["hard"] : []))
    }

    /// The logits (log π up to a constant for probs).
    public var logits: Tensor { isLogits ? given : log(given) }
    /// λ shaped batch + [1], to divide rows.
    private var rowTemperature: Tensor { (try? temperature.broadcast(to: batchShape).reshaped(batchShape + [1])) ?? temperature }

    /// One sweep per row: vₖ = (lₖ + gₖ)/λ with Gumbel gₖ = −log(−log uₖ), y = softmax(v) (or the
    /// one-hot vector of its argmax, straight-through), recorded as one tape node whose backward is
    /// softmax's closed form, ∂L/∂vₖ = yₖ(Gₖ − Σⱼ Gⱼyⱼ), then ∂v/∂l = 1/λ and ∂v/∂λ = −v/λ.
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let l = logits, λ = temperature
        let (y, v) = draw(shape, using: &stream)
        let values = straightThrough ? Self.oneHotRows(y, width: eventShape[0]) : y
        let width = eventShape[0], rowShape = Array(shape.dropLast())
        let λRows = Kernels.expand(λ.detached, to: batchShape), batchRows = Swift.max(λRows.count, 1)
        return Tensor.record(shape, values, inputs: [l, λ]) { g in
            let dv = SoftmaxRows.logitGradient(y, upstream: g.scalars, width: width)
            let dl = l.requiresGradient
                ? Tensor(unchecked: shape, Kernels.generate(dv.count) { i in dv[i] / λRows[(i / width) % batchRows] }).summed(to: l.shape) : nil
            let dλ = λ.requiresGradient ? Tensor(unchecked: rowShape, Kernels.generate(dv.count / width) { row in
                var sum = 0.0
                for k in (row * width)..<((row + 1) * width) { sum += dv[k] * v[k] }
                return -sum / λRows[row % batchRows]
            }).summed(to: λ.shape) : nil
            return [dl, dλ]
        }
    }

    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let y = draw(shape, using: &stream).y
        return Tensor(unchecked: shape, straightThrough ? Self.oneHotRows(y, width: eventShape[0]) : y)
    }

    /// y = softmax((l + g)/λ) per row of the draw shape, and v = (l + g)/λ (kept for ∂/∂λ); the
    /// row's peak subtracted before the exponentials.
    private func draw(_ shape: [Int], using stream: inout RandomStream) -> (y: [Double], v: [Double]) {
        let width = eventShape[0], count = Shape.count(shape)
        let l = Kernels.expand(logits.detached, to: batchShape + [width]), λ = Kernels.expand(temperature.detached, to: batchShape)
        let batchRows = Swift.max(λ.count, 1)
        var v = Kernels.make(count) { stream.fillUniform($0) }
        let y = v.withUnsafeMutableBufferPointer { v in
            Kernels.make(count) { out in
                let v = SharedBuffer(v), out = SharedBuffer(out)
                Parallel.forEachChunk(count: count / Swift.max(width, 1), alignment: 1) { rows in
                    for row in rows {
                        let base = row * width, p = (row % batchRows) * width, inverse = 1 / λ[row % batchRows]
                        var peak = -Double.infinity
                        for k in 0..<width {
                            let value = (l[p + k] - Foundation.log(-Foundation.log(v[base + k]))) * inverse
                            v[base + k] = value
                            peak = Swift.max(peak, value)
                        }
                        var sum = 0.0
                        for k in 0..<width {
                            let e = Foundation.exp(v[base + k] - peak)
                            out[base + k] = e
                            sum += e
                        }
                        let scale = 1 / sum
                        for k in 0..<width { out[base + k] *= scale }
                    }
                }
            }
        }
        return (y, v)
    }

    /// The one-hot vector of each row's argmax (the first on a tie).
    private static func oneHotRows(_ y: [Double], width: Int) -> [Double] {
        var oneHot = [Double](repeating: 0, count: y.count)
        for row in 0..<(y.count / Swift.max(width, 1)) {
            var best = row * width
            for k in (row * width)..<((row + 1) * width) where y[k] > y[best] { best = k }
            oneHot[best] = 1
        }
        return oneHot
    }

    /// The Concrete log density; −∞ for a draw with a coordinate at 0 (the boundary).
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let K = Double(eventShape[0]), λ = rowTemperature
        return try logDensityInsideSimplex(value) { logY in
            let sumTerms = try logits.subtracting(λ.adding(Tensor(1)).multiplying(logY)).sum(axis: -1)
            let normalizer = try logits.subtracting(λ.multiplying(logY)).logSumExp(axis: -1)
            let logλ = log(try temperature.broadcast(to: batchShape))
            return try (logGamma(K) + (K - 1) * logλ).adding(sumTerms).subtracting(K * normalizer)
        }
    }
}
