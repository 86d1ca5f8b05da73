import Reparam
import ReparamPlots

/// `hist d` for a distribution over ℝⁿ with n ≥ 3: one 2-D density panel per pair of the first
/// three coordinates, (x₁, x₂), (x₁, x₃), (x₂, x₃), each with the contours of that pair's exact
/// marginal density where the family has one in closed form (a multivariate normal's, low-rank or not, is
/// N((μᵢ, μⱼ), [[Σᵢᵢ, Σᵢⱼ], [Σⱼᵢ, Σⱼⱼ]])).
///
///     hist multivariate_normal([0, 0, 0], [[1, 0.8, 0], [0.8, 1, 0], [0, 0, 1]])
extension Session {
    static let pairedCoordinates = [(0, 1), (0, 2), (1, 2)]

    func pairsHistogram(_ draws: Tensor, of instance: any Distribution, title: String) -> Drawing {
        let n = instance.eventShape[0], values = draws.scalars, rows = draws.count / max(n, 1)
        let digits: [String] = plotStyle.charset == .ascii ? ["1", "2", "3"] : ["₁", "₂", "₃"]
        let figures = Self.pairedCoordinates.map { i, j -> Figure in
            let xs = (0..<rows).map { values[$0 * n + i] }, ys = (0..<rows).map { values[$0 * n + j] }
            var options = Density2DOptions(title: "(x\(digits[i]), x\(digits[j])) of \(title)", xLabel: "x" + digits[i], yLabel: "x" + digits[j])
            if let marginal = Self.marginal(instance, i, j) {
                options.density = { px, py in
                    let pairs = zip(px, py).flatMap { [$0, $1] }
                    guard let grid = try? Tensor(shape: [px.count, 2], scalars: pairs), let logDensity = try? marginal.logProb(grid) else { return [] }
                    return exp(logDensity).scalars
                }
            }
            return Density2DPlot.figure(x: xs, y: ys, options: options)
        }
        return Drawing(picture: Picture(figures), fields: [("points", .number(Double(rows))), ("pairs", .array(Self.pairedCoordinates.map { .array([.number(Double($0)), .number(Double($1))]) }))])
    }

    /// The exact 2-D marginal of coordinates (i, j), for the families that have one in closed form.
    static func marginal(_ instance: any Distribution, _ i: Int, _ j: Int) -> (any Distribution)? {
        let covariance = (instance as? MultivariateNormal).flatMap { try? $0.covarianceMatrix }
            ?? (instance as? LowRankMultivariateNormal).flatMap { try? $0.covarianceMatrix }
        guard let covariance else { return nil }
        let n = instance.eventShape[0], μ = instance.mean.scalars, Σ = covariance.scalars
        return try? MultivariateNormal(loc: Tensor([μ[i], μ[j]]),
                                       covariance: Tensor(shape: [2, 2], scalars: [Σ[i * n + i], Σ[i * n + j], Σ[j * n + i], Σ[j * n + j]]))
    }
}
