import Foundation

/// OneHotCategoricalStraightThrough(probs π | logits l): a Categorical(π) draw written as a one-hot
/// vector y ∈ {e₁, …, e_K}, whose `rsample` carries the straight-through gradient (Bengio, Léonard &
/// Courville 2013; PyTorch's class of the same name):
///
///     value   y, an exact one-hot Categorical(π) draw
///     path    y + π − stopgrad(π):   ∂y/∂π = I, so ∇θ f(y) ≈ (∂f/∂y)(y) · ∂π/∂θ
///
/// The estimate is biased: it is exact in expectation only for f linear in y (E f(y) = Σₖ f(eₖ)πₖ
/// then has gradient ∂f/∂y), and for f(y) = (cᵀy)² its mean is 2cⱼ Σₖ πₖcₖ where the gradient
/// of E f = Σₖ πₖcₖ² is cⱼ². It is cheap and has low variance, which is why it is used; for an
/// unbiased gradient use the score function, enumeration or REBAR on `categorical`, for a
/// continuous path `relaxed_categorical` (`hard: true` is straight-through through the relaxation).
///
///     log P(eₖ) = log πₖ (−∞ off the one-hot vectors),  mean π,  variance π(1 − π),  entropy −Σ π log π
///
///     let d = try OneHotCategoricalStraightThrough(probs: .parameter([0.2, 0.5, 0.3]))
///     let y = try d.rsample([1000], using: &stream)   // [1000, 3], rows e₁, e₂ or e₃
///     try gradients(of: y.column(1).mean(), withRespectTo: [d.parameters[0].value])   // ≈ ∂π₂/∂probs
public struct OneHotCategoricalStraightThrough: Distribution {
    /// The categorical it draws from (its parameters are this family's).
    let categorical: Categorical
    public var parameters: [(name: String, value: Tensor)] { categorical.parameters }
    public var batchShape: [Int] { categorical.batchShape }
    public var eventShape: [Int] { [categorical.categoryCount] }
    public var support: Support { .oneHot }
    public var reparameterization: Reparameterization { .explicit }

    public static let family = Family(
        constructor: "one_hot_categorical_straight_through", name: "OneHotCategoricalStraightThrough",
        parameters: [.init("probs", .simplex, meaning: "π₁…π_K ≥ 0 along the last axis, normalized by their sum"),
                     .init("logits", .real, meaning: "l₁…l_K, π = softmax(l)", alternativeTo: "probs")],
        support: .fixed(.oneHot), eventShape: .lastAxis(of: "probs"), route: .straightThrough, methods: [.entropy],
        summary: "OneHotCategoricalStraightThrough(probs π | logits l): one-hot Categorical(π) draws whose rsample has the "
            + "straight-through gradient y + π − stopgrad(π) (biased unless f is linear in y)",
        formula: "P(y = eₖ) = πₖ; rsample's path ∂y/∂π = I", example: "one_hot_categorical_straight_through([0.2, 0.5, 0.3])") { inputs in
        try OneHotCategoricalStraightThrough(inputs)
    }

    init(_ inputs: Family.Inputs) throws {
        do { categorical = try Categorical(inputs) } catch let ReparamError.invalidParameter(_, parameter, value, rule) {
            throw ReparamError.invalidParameter(distribution: Self.family.name, parameter: parameter, value: value, rule: rule)
        }
    }
    /// The one-hot form of `categorical`, on the same parameter tensors (gradients reach them).
    public init(_ categorical: Categorical) { self.categorical = categorical }
    public init(probs: Tensor) throws { try self.init(Family.Inputs(parameters: [("probs", probs)])) }
    public init(logits: Tensor) throws { try self.init(Family.Inputs(parameters: [("logits", logits)])) }

    /// π, shape batch + [K], differentiable in the parameter.
    public var probs: Tensor { categorical.probs }

    /// Exact one-hot draws, recorded with the identity as their derivative in π.
    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let y = try computeSample(sampleShape, using: &stream)
        let π = probs
        return Tensor.record(y.shape, y.scalars, inputs: [π]) { g in [g.summed(to: π.shape)] }
    }

    /// The one-hot vectors of Categorical(π) draws.
    public func computeSample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        let shape = try Validation.drawShape(name, sampleShape, batchShape, eventShape)
        let indices = try categorical.sample(sampleShape, using: &stream).scalars
        let width = eventShape[0]
        // Row by row across cores: zeros, then the drawn category's 1.
        let oneHot = Kernels.make(Shape.count(shape)) { out in
            let out = SharedBuffer(out)
            Parallel.forEachChunk(count: indices.count, alignment: 1) { rows in
                for row in rows {
                    for j in 0..<width { out[row * width + j] = 0 }
                    out[row * width + Int(indices[row])] = 1
                }
            }
        }
        return Tensor(unchecked: shape, oneHot)
    }

    /// log πₖ for the one-hot vector eₖ; −∞ for any other point of [0, 1]ᴷ.
    public func computeLogProb(_ value: Tensor) throws -> Tensor {
        let width = eventShape[0], x = value.scalars, rows = value.count / Swift.max(width, 1)
        var index = [Double](repeating: 0, count: rows), outside = [Double](repeating: 0, count: rows)
        for row in 0..<rows {
            let coordinates = x[(row * width)..<((row + 1) * width)]
            let ones = coordinates.filter { $0 == 1 }.count, zeros = coordinates.filter { $0 == 0 }.count
            if ones == 1, zeros == width - 1 { index[row] = Double((coordinates.firstIndex(of: 1) ?? row * width) - row * width) } else { outside[row] = 1 }
        }
        let rowShape = Array(value.shape.dropLast())
        let logP = try categorical.computeLogProb(Tensor(unchecked: rowShape, index))
        return try `where`(Tensor(unchecked: rowShape, outside), Tensor(-.infinity), logP)
    }

    public var mean: Tensor { probs }
    public var variance: Tensor { probs * (1 - probs) }
    /// −Σ πₖ log πₖ, the Categorical's.
    public func computeEntropy() throws -> Tensor { try categorical.computeEntropy() }
}
