/// Every family the engine provides, in the order `:help` lists them.
///
/// Adding a family is one file in `Distributions/` (the type, conforming to `Distribution`, with
/// its `static let family` declaration) and one entry here; the language's constructor, `?name`,
/// Tab completion, the optimizers' transforms, the JSON description and the conformance suite
/// all follow from the entry (`Tests/ReparamTests/Families/FamilyListTests.swift` fails for a
/// family type that is not listed).
extension Family {
    public static let all: [Family] = [
        Normal.family, LogNormal.family, Logistic.family, Laplace.family, Cauchy.family, Gumbel.family,
        Uniform.family, Exponential.family, Gamma.family, LogGamma.family, Chi2.family, Beta.family, Dirichlet.family,
        StudentT.family, VonMises.family, TruncatedNormal.family,
        InverseGamma.family, Weibull.family, Kumaraswamy.family, Pareto.family, HalfNormal.family, HalfCauchy.family, Chi.family,
        FisherSnedecor.family, LogitNormal.family, ContinuousBernoulli.family, GeneralizedPareto.family, InverseGaussian.family,
        GeneralizedGamma.family, TwoPieceNormal.family,
        Bernoulli.family, Categorical.family, Binomial.family, Poisson.family, Geometric.family, OneHotCategoricalStraightThrough.family,
        RelaxedBernoulli.family, RelaxedCategorical.family, LogisticNormal.family,
        MultivariateNormal.family, LowRankMultivariateNormal.family, Wishart.family, LKJCholesky.family, PowerSpherical.family,
        Truncated.family, TransformedDistribution.family, Mixture.family, DiagonalMixture.family, Factorized.family, CustomDistribution.family,
    ]

    /// The family whose constructor is `constructor` (`gamma`), if any.
    public static func named(_ constructor: String) -> Family? { all.first { $0.constructor == constructor } }
}
