import Foundation

/// A family whose draws are integers: Bernoulli, Categorical, Binomial, Poisson, Geometric.
///
/// There is no path from the parameters to a draw. k = F⁻¹(u; θ) is a step function of θ: a small
/// change of θ moves no draw (dk/dθ = 0 almost everywhere), yet it moves E[f(k)]. So `rsample` is an
/// error that names the ways that do exist:
///
///     score function (REINFORCE)   ∇θ E[f(k)] = E[f(k) ∇θ log p(k; θ)]          grad … using score
///     enumeration (finite support) ∇θ E[f(k)] = Σₖ f(k) ∇θ p(k; θ)              exactly
///     a relaxation                 a continuous z with a path, biased by its temperature
///
/// The quantile function is the generalized inverse F⁻¹(u) = min{k : F(k) ≥ u}, found by bisection
/// over the integers through the family's own cdf; a finite support can be enumerated.
///
///     let d = try Poisson(rate: Tensor(3))
///     try d.logProb(Tensor([2, 2.5]))     // [log(9/2) − 3, −inf]: 2.5 is not an integer
///     try d.rsample([10], using: &stream)  // throws: Poisson has no rsample: …
public protocol DiscreteDistribution: Distribution {
    /// The relaxation with a path that stands in for this family, as a line the language runs, if any.
    static var relaxation: String? { get }
}

extension DiscreteDistribution {
    public var reparameterization: Reparameterization { .none }
    public static var relaxation: String? { nil }

    /// Why a discrete family has no `rsample`, with the estimators that work instead.
    public static var noPathMessage: String {
        let finite: Bool = {
            if case let .fixed(support) = family.support { return support.upperEnd.isFinite }
            return true
        }()
        let ways = ["sample(n) with 'grad … using score' (REINFORCE)"]
            + (finite ? ["the exact gradient by enumeration"] : [])
            + (relaxation.map { ["the relaxation \($0)"] } ?? [])
        let listed = ways.count == 1 ? ways[0] : ways.dropLast().joined(separator: ", ") + " or " + ways[ways.count - 1]
        return "\(family.name) has no rsample: its draws are integers, so no path leads from the parameters to a draw; use \(listed)"
    }

    public func computeRsample(_ sampleShape: [Int], using stream: inout RandomStream) throws -> Tensor {
        throw ReparamError.invalidArgument(Self.noPathMessage)
    }

    /// min{k : F(k) ≥ u} for every probability, by bisection over the integers (no gradient: the
    /// quantile of a discrete law is a step function). F⁻¹(0) is the lowest value of the support,
    /// F⁻¹(1) its highest (+∞ for an unbounded one).
    public func computeICDF(_ probability: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(probability.shape, batchShape)
        let u = Kernels.expand(probability, to: shape)
        let lowest = Kernels.expand(supportEnds.lower, to: shape), highest = Kernels.expand(supportEnds.upper, to: shape)
        func cdf(_ k: [Double]) throws -> [Double] { try computeCDF(Tensor(unchecked: shape, k)).scalars }
        var answer = [Double](repeating: .nan, count: u.count)
        // Invariant for an open element: F(low) < u ≤ F(high).
        var low = lowest, high = highest
        let atLowest = try cdf(lowest)
        var open = [Bool](repeating: false, count: u.count)
        for i in u.indices {
            if u[i] <= atLowest[i] { answer[i] = lowest[i] } else if u[i] >= 1 { answer[i] = highest[i] } else { open[i] = true }
        }
        // An unbounded support: double the distance above the lowest value until F reaches u.
        var step = [Double](repeating: 1, count: u.count)
        for _ in 0..<1100 where open.indices.contains(where: { open[$0] && !high[$0].isFinite }) {
            let probe = u.indices.map { open[$0] && !high[$0].isFinite ? lowest[$0] + step[$0] : lowest[$0] }
            let F = try cdf(probe)
            for i in u.indices where open[i] && !high[i].isFinite {
                if F[i] >= u[i] || !probe[i].isFinite { high[i] = probe[i] } else { low[i] = probe[i]; step[i] *= 2 }
            }
        }
        for _ in 0..<1100 {
            let moving = u.indices.filter { open[$0] && high[$0] - low[$0] > 1 }
            if moving.isEmpty { break }
            var middle = low
            for i in moving { middle[i] = (low[i] + (high[i] - low[i]) / 2).rounded(.down) }
            let F = try cdf(middle)
            for i in moving { if F[i] >= u[i] { high[i] = middle[i] } else { low[i] = middle[i] } }
        }
        for i in u.indices where open[i] { answer[i] = high[i] }
        return Tensor(unchecked: shape, answer)
    }

    /// Every value of a finite support, shape [K] + batch shape: row k holds lowest + k. Where the
    /// batch's supports differ in size (a Binomial's total_count), K is the largest and the values
    /// beyond an element's own support have log_prob −∞. Throws for an unbounded support.
    public func enumerateSupport() throws -> Tensor {
        let lower = supportEnds.lower.scalars.min() ?? 0, upper = supportEnds.upper.scalars.max() ?? .infinity
        guard upper.isFinite else {
            throw ReparamError.invalidArgument("\(name) has an unbounded support (\(support)): enumerating it would never end; "
                                               + "use the score-function estimator or truncate the sum yourself")
        }
        let count = upper - lower + 1
        let batch = batchShape.reduce(1, *)
        guard count * Double(batch) <= Double(Validation.maximumDraw) else {
            throw ReparamError.invalidArgument("\(name): enumerating \(Validation.format(count)) values for each of \(batch) batch elements "
                                               + "would hold too many values; \(Validation.drawLimitRule)")
        }
        let values = (0..<Int(count)).flatMap { k in [Double](repeating: lower + Double(k), count: batch) }
        return Tensor(unchecked: [Int(count)] + batchShape, values)
    }

    /// One uniform number in (0, 1) per element of a draw of `sampleShape`, with the draw's shape.
    func uniforms(_ sampleShape: [Int], using stream: inout RandomStream) throws -> (shape: [Int], u: [Double]) {
        let shape = try Validation.drawShape(name, sampleShape, batchShape)
        return (shape, stream.uniform(count: Shape.count(shape)))
    }
}
