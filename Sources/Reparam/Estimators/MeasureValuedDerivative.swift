import Foundation

/// Measure-valued derivatives: the derivative of a density in θ written as a scaled difference of
/// two densities (a weak derivative), ∂θ p(z; θ) = c(θ)·(p⁺(z; θ) − p⁻(z; θ)), so that
///
///     ∂θ E_p[f] = c(θ)·(E_{p⁺}[f] − E_{p⁻}[f]) ≈ c(θ)·(1/n) Σᵢ (f(zᵢ⁺) − f(zᵢ⁻)).
///
/// f is only evaluated, never differentiated (Mohamed et al. 2020, §6; Pflug 1989). The parts, with
/// ε standard normal, Eᵢ standard exponential, M a double-sided Maxwell (density ε²φ(ε)):
///
/// | family, parameter | c(θ) | z⁺ | z⁻ | coupling |
/// |---|---|---|---|---|
/// | Normal(μ, σ), μ | 1/(σ√(2π)) | μ + σW | μ − σW | W = √(2E₁) Rayleigh, shared |
/// | Normal(μ, σ), σ | 1/σ | μ + σM | μ + σε | M = S√(ε₁²+ε₂²+ε₃²), ε = S|ε₁| |
/// | Exponential(λ), λ | 1/λ | E₁/λ | (E₁ + E₂)/λ | E₁ shared |
/// | Gamma(α, β), β | α/β | G/β | (G + E)/β | G ~ Gamma(α) shared |
/// | Weibull(λ, k), λ | k/λ | λ(E₁ + E₂)^{1/k} | λE₁^{1/k} | E₁ shared |
/// | Bernoulli(p), p | 1 | 1 | 0 | (no randomness left) |
/// | Bernoulli(σ(l)), l | σ(l)(1 − σ(l)) | 1 | 0 | (no randomness left) |
/// | Poisson(λ), λ | 1 | K + 1 | K | K ~ Poisson(λ) shared |
/// | Gamma(α, β), α | E[s⁺] | F₊⁻¹(u)/β | F₋⁻¹(u)/β | u shared |
/// | Weibull(λ, k), k | E[s⁺] | λ F₊⁻¹(u)^{1/k} | λ F₋⁻¹(u)^{1/k} | u shared |
/// | Categorical(softmax l), lⱼ | πⱼ | j | K ~ Categorical(π) | (p⁺ a point) |
/// | Categorical(p/Σp), pⱼ | 1/Σp | j | K ~ Categorical(π) | (p⁺ a point) |
///
/// Gamma's shape and Weibull's concentration have no split into named families; theirs is the
/// Hahn–Jordan split of the score s = ∂θ log p into its positive and negative parts,
/// p± = s± p / E[s⁺], drawn through their quantile functions F±⁻¹ (`HahnJordanSplit`). A
/// Categorical's derivative in one coordinate, ∂πₖ/∂lⱼ = πⱼ(δⱼ(k) − πₖ) (softmax) or
/// (δⱼ(k) − πₖ)/Σp (probs normalized by their sum), puts a point mass at j against the
/// distribution itself; each coordinate j has its own n draws.
///
/// Coupled, the two parts share their random numbers (common random numbers), so f(z⁺) − f(z⁻) is
/// small where f is smooth; uncoupled, they are drawn independently.
///
///     let d = try Normal(loc: .parameter(0), scale: .parameter(1))
///     let g = try MeasureValuedDerivative.derivative(of: { $0 * $0 }, under: d, parameter: "scale",
///                                                    samples: 1000, coupled: true, using: &stream)   // ≈ 2σ = 2
public enum MeasureValuedDerivative {
    /// The estimate for every parameter of a univariate distribution, in `parameters` order (a
    /// vector parameter, a Categorical's, element by element).
    static func gradients(of f: (Tensor) throws -> Tensor, under distribution: any Distribution, samples n: Int,
                          coupled: Bool, using stream: inout RandomStream) throws -> [Tensor] {
        try distribution.parameters.map { parameter in
            let elements = try (0..<max(parameter.value.count, 1)).map { j in
                try derivative(of: f, under: distribution, parameter: parameter.name, element: j, samples: n, coupled: coupled, using: &stream)
            }
            return Tensor(unchecked: parameter.value.shape, elements)
        }
    }

    /// The families and parameters with a weak derivative here, as `Family.name: parameters`.
    public static let supported = ["Normal: loc, scale", "Exponential: rate", "Gamma: concentration, rate", "Weibull: scale, concentration",
                                   "Bernoulli: probs, logits", "Categorical: probs, logits", "Poisson: rate"]

    /// c(θ)·(mean f(z⁺) − mean f(z⁻)) over n pairs, for one parameter of a univariate distribution
    /// (for a vector parameter, its coordinate `element`).
    public static func derivative(of f: (Tensor) throws -> Tensor, under distribution: any Distribution, parameter: String,
                                  element: Int = 0, samples n: Int, coupled: Bool, using stream: inout RandomStream) throws -> Double {
        guard let parts = try parts(distribution, parameter: parameter, element: element, samples: n, coupled: coupled, using: &stream) else {
            throw ReparamError.invalidArgument("no measure-valued derivative for \(distribution.name)'s \(parameter) here "
                                               + "(mvd knows " + supported.joined(separator: "; ") + ")")
        }
        func average(_ z: [Double]) throws -> Double {
            let values = try f(Tensor(z)).detached
            guard values.shape == [n] else {
                throw ReparamError.shape("f must map \(n) draws to \(n) values, one per draw; it gave shape \(values.shape)")
            }
            return values.scalars.reduce(0, +) / Double(n)
        }
        return parts.scale * (try average(parts.plus) - average(parts.minus))
    }

    /// c(θ) and the draws from p⁺ and p⁻, or nil when the parameter has no decomposition here.
    static func parts(_ distribution: any Distribution, parameter: String, element: Int = 0, samples n: Int, coupled: Bool,
                      using stream: inout RandomStream) throws -> (scale: Double, plus: [Double], minus: [Double])? {
        func value(_ name: String) -> Double { distribution.parameters.first { $0.name == name }?.value.scalars[0] ?? .nan }
        /// Standard exponentials: the same draws again when coupled, fresh ones otherwise.
        func partner(_ shared: [Double]) -> [Double] { coupled ? shared : stream.exponential(count: n) }
        switch (distribution, parameter) {
        case (is Normal, "loc"):
            let (mu, sigma) = (value("loc"), value("scale"))
            let w = stream.exponential(count: n).map { (2 * $0).squareRoot() }
            let w2 = partner(w.map { $0 * $0 / 2 }).map { (2 * $0).squareRoot() }
            return (1 / (sigma * (2 * Double.pi).squareRoot()), w.map { mu + sigma * $0 }, w2.map { mu - sigma * $0 })
        case (is Normal, "scale"):
            let (mu, sigma) = (value("loc"), value("scale"))
            let e = stream.normal(count: 3 * n)
            let signs = stream.uniform(count: n).map { $0 < 0.5 ? -1.0 : 1.0 }
            let maxwell = (0..<n).map { (i: Int) -> Double in
                let (a, b, c) = (e[3 * i], e[3 * i + 1], e[3 * i + 2])
                let radius: Double = (a * a + b * b + c * c).squareRoot()
                return signs[i] * radius
            }
            let normal = coupled ? (0..<n).map { signs[$0] * abs(e[3 * $0]) } : stream.normal(count: n)
            return (1 / sigma, maxwell.map { mu + sigma * $0 }, normal.map { mu + sigma * $0 })
        case (is Exponential, "rate"):
            let rate = value("rate")
            let (e1, e2) = (stream.exponential(count: n), stream.exponential(count: n))
            let e3 = partner(e1)
            return (1 / rate, e1.map { $0 / rate }, (0..<n).map { (e3[$0] + e2[$0]) / rate })
        case (is Gamma, "rate"):
            let (alpha, beta) = (value("concentration"), value("rate"))
            let shapes = [Double](repeating: alpha, count: n)
            let g = stream.standardGamma(count: n, concentration: shapes)
            let e = stream.exponential(count: n)
            let g2 = coupled ? g : stream.standardGamma(count: n, concentration: shapes)
            return (alpha / beta, g.map { $0 / beta }, (0..<n).map { (g2[$0] + e[$0]) / beta })
        case (is Gamma, "concentration"), (is Weibull, "concentration"):
            // Each part one uniform through its quantile function; coupled, the same uniform.
            guard let parts = quantileParts(distribution, parameter: parameter) else { return nil }
            let u = stream.uniform(count: n)
            let v = coupled ? u : stream.uniform(count: n)
            return (parts.scale, u.map(parts.plus), v.map(parts.minus))
        case let (categorical as Categorical, name) where name == "probs" || name == "logits":
            // ∂πₖ/∂lⱼ = πⱼ(δⱼ(k) − πₖ); ∂πₖ/∂pⱼ = (δⱼ(k) − πₖ)/Σp.
            guard (0..<categorical.categoryCount).contains(element) else { return nil }
            let given = categorical.parameters[0].value.scalars
            let scale = name == "logits" ? categorical.probs.scalars[element] : 1 / given.reduce(0, +)
            return (scale, [Double](repeating: Double(element), count: n), try categorical.sample([n], using: &stream).scalars)
        case (is Weibull, "scale"):
            let (lambda, k) = (value("scale"), value("concentration"))
            let (e1, e2) = (stream.exponential(count: n), stream.exponential(count: n))
            let e3 = partner(e1)
            return (k / lambda, (0..<n).map { lambda * pow(e1[$0] + e2[$0], 1 / k) }, e3.map { lambda * pow($0, 1 / k) })
        case (is Bernoulli, "probs"), (is Bernoulli, "logits"):
            // ∂P(k)/∂p = δ₁(k) − δ₀(k); through the logit, times dp/dl = p(1 − p).
            let scale = parameter == "probs" ? 1 : { (p: Double) in p * (1 - p) }(1 / (1 + exp(-value("logits"))))
            return (scale, [Double](repeating: 1, count: n), [Double](repeating: 0, count: n))
        case (is Poisson, "rate"):
            // ∂P(k)/∂λ = P(k − 1) − P(k): K + 1 against K.
            let k = try distribution.sample([n], using: &stream).scalars
            let other = coupled ? k : try distribution.sample([n], using: &stream).scalars
            return (1, k.map { $0 + 1 }, other)
        default:
            return nil
        }
    }

    /// c(θ) and the two parts as functions of one uniform each (z⁺(u), z⁻(u), both increasing in u),
    /// where the parameter has such parts: Normal's loc (W = √(−2 log(1 − u)) Rayleigh), Gamma's
    /// concentration and Weibull's concentration (quantiles of the Hahn–Jordan split), with the u
    /// where either part jumps between pieces. The exact variance by quadrature over u
    /// (`ExactVariance`) and the draws for the split use them.
    static func quantileParts(_ distribution: any Distribution, parameter: String) -> QuantileParts? {
        func value(_ name: String) -> Double { distribution.parameters.first { $0.name == name }?.value.scalars[0] ?? .nan }
        switch (distribution, parameter) {
        case (is Normal, "loc"):
            let (mu, sigma) = (value("loc"), value("scale"))
            let rayleigh = { (u: Double) in (-2 * Foundation.log1p(-u)).squareRoot() }
            return QuantileParts(scale: 1 / (sigma * (2 * Double.pi).squareRoot()), plus: { mu + sigma * rayleigh($0) },
                                 minus: { mu - sigma * rayleigh($0) }, jumps: [])
        case (is Gamma, "concentration"):
            let (alpha, beta) = (value("concentration"), value("rate"))
            let split = HahnJordanSplit.gammaShape(alpha)
            return QuantileParts(scale: split.mass, plus: { split.quantile($0, positive: true) / beta },
                                 minus: { split.quantile($0, positive: false) / beta }, jumps: (split.jumps(positive: true) + split.jumps(positive: false)).sorted())
        case (is Weibull, "concentration"):
            let (lambda, k) = (value("scale"), value("concentration"))
            let split = HahnJordanSplit.weibullConcentration(k)
            return QuantileParts(scale: split.mass, plus: { lambda * pow(split.quantile($0, positive: true), 1 / k) },
                                 minus: { lambda * pow(split.quantile($0, positive: false), 1 / k) }, jumps: (split.jumps(positive: true) + split.jumps(positive: false)).sorted())
        default:
            return nil
        }
    }

    /// c(θ), z⁺(u), z⁻(u) and the u in (0, 1) where either jumps.
    struct QuantileParts {
        let scale: Double
        let plus: (Double) -> Double
        let minus: (Double) -> Double
        let jumps: [Double]
    }
}
