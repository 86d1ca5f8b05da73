import Reparam

/// A distribution family as the language offers it: constructor name (as
/// torch.distributions users expect), parameters with their constraints and
/// defaults, and how to build the engine's distribution.
struct Family {
    struct ParameterSpec {
        let name: String
        /// Where the values live; optimizers step in the matching unconstrained space.
        let constraint: ParameterTransform
        /// Used when the argument is left out; `nil` makes it required.
        let fallback: Double?
    }

    let name: String
    let parameters: [ParameterSpec]
    let summary: String
    let example: String
    let build: ([Tensor]) throws -> any Distribution
    /// For families made of other distributions (mixtures, products): builds
    /// from the parameter tensors and the component distributions.
    var compose: (([Tensor], [any Distribution]) throws -> any Distribution)? = nil

    /// `normal(loc: 0, scale: 1)`: defaults shown, required parameters bare.
    var signature: String {
        let parts = parameters.map { spec -> String in
            guard let fallback = spec.fallback else { return spec.name }
            return "\(spec.name): \(NumberFormat.short(fallback))"
        }
        return "\(name)(" + parts.joined(separator: ", ") + ")"
    }
}

extension Family {
    /// Every family the engine provides; adding one is one entry.
    static let all: [Family] = [
        Family(name: "normal", parameters: [.init(name: "loc", constraint: .identity, fallback: 0),
                                            .init(name: "scale", constraint: .positive, fallback: 1)],
               summary: "Normal(loc μ, scale σ); rsample z = μ + σε (explicit)", example: "normal(0, 1)") {
            try Normal(loc: $0[0], scale: $0[1])
        },
        Family(name: "lognormal", parameters: [.init(name: "loc", constraint: .identity, fallback: 0),
                                               .init(name: "scale", constraint: .positive, fallback: 1)],
               summary: "exp of a Normal(loc, scale); rsample z = exp(μ + σε) (explicit)", example: "lognormal(0, 0.5)") {
            try LogNormal(loc: $0[0], scale: $0[1])
        },
        Family(name: "logistic", parameters: [.init(name: "loc", constraint: .identity, fallback: 0),
                                              .init(name: "scale", constraint: .positive, fallback: 1)],
               summary: "Logistic(loc, scale); rsample z = μ + σ log(u/(1−u)) (explicit)", example: "logistic(0, 1)") {
            try Logistic(loc: $0[0], scale: $0[1])
        },
        Family(name: "laplace", parameters: [.init(name: "loc", constraint: .identity, fallback: 0),
                                             .init(name: "scale", constraint: .positive, fallback: 1)],
               summary: "Laplace(loc, scale), density e^(−|z−μ|/b)/2b (explicit)", example: "laplace(0, 1)") {
            try Laplace(loc: $0[0], scale: $0[1])
        },
        Family(name: "cauchy", parameters: [.init(name: "loc", constraint: .identity, fallback: 0),
                                            .init(name: "scale", constraint: .positive, fallback: 1)],
               summary: "Cauchy(loc, scale); no mean or variance (explicit)", example: "cauchy(0, 1)") {
            try Cauchy(loc: $0[0], scale: $0[1])
        },
        Family(name: "gumbel", parameters: [.init(name: "loc", constraint: .identity, fallback: 0),
                                            .init(name: "scale", constraint: .positive, fallback: 1)],
               summary: "Gumbel(loc, scale), the law of maxima (explicit)", example: "gumbel(0, 1)") {
            try Gumbel(loc: $0[0], scale: $0[1])
        },
        Family(name: "uniform", parameters: [.init(name: "low", constraint: .identity, fallback: 0),
                                             .init(name: "high", constraint: .identity, fallback: 1)],
               summary: "Uniform on [low, high]; rsample z = low + (high − low)u (explicit)", example: "uniform(0, 2)") {
            try Uniform(low: $0[0], high: $0[1])
        },
        Family(name: "exponential", parameters: [.init(name: "rate", constraint: .positive, fallback: 1)],
               summary: "Exponential(rate λ), mean 1/λ; rsample z = −log(u)/λ (explicit)", example: "exponential(2)") {
            try Exponential(rate: $0[0])
        },
        Family(name: "gamma", parameters: [.init(name: "concentration", constraint: .positive, fallback: nil),
                                           .init(name: "rate", constraint: .positive, fallback: 1)],
               summary: "Gamma(concentration α, rate β), mean α/β; implicit: dz/dα = −(∂P(α, βz)/∂α)/p(z)\n"
                   + "for small α (below about 0.02) some draws underflow to exactly 0 (a tenth at α = 0.003), where log z\n"
                   + "and log_prob are −inf: use log_gamma(α, rate), the law of log z, to work on the log scale",
               example: "gamma(2, rate: 3)") {
            try Gamma(concentration: $0[0], rate: $0[1])
        },
        Family(name: "log_gamma", parameters: [.init(name: "concentration", constraint: .positive, fallback: nil),
                                               .init(name: "rate", constraint: .positive, fallback: 1)],
               summary: "the law of log z for z ~ Gamma(concentration α, rate β): mean ψ(α) − log β, variance ψ₁(α);\n"
                   + "drawn in log space, so tiny α (whose Gamma draws underflow to 0) keep finite draws, log_prob and\n"
                   + "gradients; implicit: dy/dα = d log G/dα through the Gamma CDF, dy/dβ = −1/β",
               example: "log_gamma(0.003)") {
            try LogGamma(concentration: $0[0], rate: $0[1])
        },
        Family(name: "chi2", parameters: [.init(name: "df", constraint: .positive, fallback: nil)],
               summary: "Chi-squared with df degrees of freedom = Gamma(df/2, 1/2) (implicit)", example: "chi2(3)") {
            try Chi2(df: $0[0])
        },
        Family(name: "beta", parameters: [.init(name: "a", constraint: .positive, fallback: nil),
                                          .init(name: "b", constraint: .positive, fallback: nil)],
               summary: "Beta(a, b) on (0, 1), mean a/(a+b); implicit through the incomplete beta I_z(a, b)",
               example: "beta(2, 5)") {
            try Beta(a: $0[0], b: $0[1])
        },
        Family(name: "dirichlet", parameters: [.init(name: "concentration", constraint: .positive, fallback: nil)],
               summary: "Dirichlet(α) on the simplex: normalized Gammas, implicit gradients through each Gamma",
               example: "dirichlet([1, 2, 3])") {
            try Dirichlet(concentration: $0[0])
        },
        Family(name: "student_t", parameters: [.init(name: "df", constraint: .positive, fallback: nil),
                                               .init(name: "loc", constraint: .identity, fallback: 0),
                                               .init(name: "scale", constraint: .positive, fallback: 1)],
               summary: "Student-t(df ν, loc, scale); implicit in ν through the t CDF, explicit in loc and scale",
               example: "student_t(4, 0, 1)") {
            try StudentT(df: $0[0], loc: $0[1], scale: $0[2])
        },
        Family(name: "von_mises", parameters: [.init(name: "loc", constraint: .identity, fallback: 0),
                                               .init(name: "concentration", constraint: .positive, fallback: nil)],
               summary: "von Mises(loc μ, concentration κ) on angles [−π, π); Best–Fisher rejection, implicit gradient in κ\n"
                   + "d.variance is the variance of the angle around loc (z − loc wrapped to [−π, π)); d.circular_variance is\n"
                   + "1 − I₁(κ)/I₀(κ), the spread on the circle",
               example: "von_mises(0.5, 4)") {
            try VonMises(loc: $0[0], concentration: $0[1])
        },
        Family(name: "truncated_normal", parameters: [.init(name: "loc", constraint: .identity, fallback: 0),
                                                      .init(name: "scale", constraint: .positive, fallback: 1),
                                                      .init(name: "low", constraint: .identity, fallback: -.infinity),
                                                      .init(name: "high", constraint: .identity, fallback: .infinity)],
               summary: "Normal(loc, scale) conditioned on [low, high]; sampled by inversion, implicit gradients in all four",
               example: "truncated_normal(0, 1, low: 1)") {
            try TruncatedNormal(loc: $0[0], scale: $0[1], low: $0[2], high: $0[3])
        },
    ]
}
