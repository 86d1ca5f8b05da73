import Reparam

/// One engine case: a family built with fresh leaf parameters, timed for
/// `sample(n)` and for `rsample(n)` + the backward pass of `loss`.
struct EngineCase {
    let family: String
    /// The distribution for n samples per call (shared-parameter cases ignore n).
    let make: @Sendable (Int) throws -> any Distribution
    /// The sample shape that gives n samples: [n], or [] when the distribution holds n parameter values.
    var sampleShape: @Sendable (Int) -> [Int] = { [$0] }
    /// The loss whose backward pass is timed (the mean, or the mean of the first component).
    var loss: @Sendable (Tensor) throws -> Tensor = { $0.mean() }
    /// Draws per call when the case fixes it (the multivariate cases' 10,000), whatever `--n` says.
    var fixedCount: Int? = nil
}

extension EngineCase {
    /// A shared-parameter case: one parameter value for all n samples.
    init(family: String, loss: @escaping @Sendable (Tensor) throws -> Tensor = { $0.mean() },
         make: @escaping @Sendable () throws -> any Distribution) {
        self.init(family: family, make: { _ in try make() }, loss: loss)
    }
}

/// The peers' cases (../shared/peers/throughput.py) use the same parameters
/// for normal, gamma, beta, dirichlet and studentt.
let engineCases: [EngineCase] = [
    EngineCase(family: "normal") { try Normal(loc: .parameter(0.5), scale: .parameter(1.5)) },
    EngineCase(family: "lognormal") { try LogNormal(loc: .parameter(0.5), scale: .parameter(1.5)) },
    EngineCase(family: "uniform") { try Uniform(low: .parameter(-1), high: .parameter(2)) },
    EngineCase(family: "exponential") { try Exponential(rate: .parameter(2)) },
    EngineCase(family: "laplace") { try Laplace(loc: .parameter(0.5), scale: .parameter(1.5)) },
    EngineCase(family: "logistic") { try Logistic(loc: .parameter(0.5), scale: .parameter(1.5)) },
    EngineCase(family: "cauchy") { try Cauchy(loc: .parameter(0.5), scale: .parameter(1.5)) },
    EngineCase(family: "gumbel") { try Gumbel(loc: .parameter(0.5), scale: .parameter(1.5)) },
    EngineCase(family: "gamma") { try Gamma(concentration: .parameter(2.5), rate: .parameter(1)) },
    EngineCase(family: "chi2") { try Chi2(df: .parameter(3)) },
    EngineCase(family: "beta") { try Beta(a: .parameter(2), b: .parameter(3)) },
    EngineCase(family: "dirichlet", loss: { try $0.column(0).mean() }) { try Dirichlet(concentration: .parameter([1, 2, 3])) },
    EngineCase(family: "studentt") { try StudentT(df: .parameter(4), loc: .parameter(0), scale: .parameter(1)) },
    EngineCase(family: "vonmises") { try VonMises(loc: .parameter(0.5), concentration: .parameter(2)) },
    EngineCase(family: "vonmises-k100") { try VonMises(loc: .parameter(0.5), concentration: .parameter(100)) },
    EngineCase(family: "truncatednormal") {
        try TruncatedNormal(loc: .parameter(0.5), scale: .parameter(1.5), low: .parameter(-1), high: .parameter(3))
    },
    // Issue 4: a 1-D mixture of 3 Normals, a 10-D diagonal mixture of 5 Normals, a user's Weibull CDF.
    EngineCase(family: "mixture") {
        try Mixture(components: [Normal(loc: .parameter(-2), scale: .parameter(0.5)), Normal(loc: .parameter(0), scale: .parameter(1)),
                                 Normal(loc: .parameter(3), scale: .parameter(2))], logits: .parameter([0, 0.5, -0.5]))
    },
    EngineCase(family: "mixture10d") {
        // rsample(n) draws n points of R^10.
        let locs = (0..<50).map { Double($0 % 7) - 3 }, scales = (0..<50).map { 0.5 + 0.1 * Double($0 % 5) }
        return try DiagonalMixture(components: Normal(loc: .parameter(Tensor(shape: [5, 10], scalars: locs)), scale: .parameter(Tensor(shape: [5, 10], scalars: scales))),
                                   logits: .parameter([0.2, -0.4, 0.7, 0, -1]))
    },
    // Issue 12: the catalog (each with parameters the peers' catalog script uses).
    EngineCase(family: "inversegamma") { try InverseGamma(concentration: .parameter(3), rate: .parameter(2)) },
    EngineCase(family: "weibull") { try Weibull(scale: .parameter(1.5), concentration: .parameter(2)) },
    EngineCase(family: "kumaraswamy") { try Kumaraswamy(a: .parameter(2), b: .parameter(5)) },
    EngineCase(family: "pareto") { try Pareto(scale: .parameter(1), alpha: .parameter(3)) },
    EngineCase(family: "halfnormal") { try HalfNormal(scale: .parameter(1.5)) },
    EngineCase(family: "halfcauchy") { try HalfCauchy(scale: .parameter(1.5)) },
    EngineCase(family: "chi") { try Chi(df: .parameter(3)) },
    EngineCase(family: "fishersnedecor") { try FisherSnedecor(df1: .parameter(5), df2: .parameter(10)) },
    EngineCase(family: "logitnormal") { try LogitNormal(loc: .parameter(0.5), scale: .parameter(1.5)) },
    EngineCase(family: "continuousbernoulli") { try ContinuousBernoulli(probs: .parameter(0.3)) },
    EngineCase(family: "generalizedpareto") { try GeneralizedPareto(loc: .parameter(0), scale: .parameter(1), concentration: .parameter(0.3)) },
    EngineCase(family: "inversegaussian") { try InverseGaussian(loc: .parameter(1), concentration: .parameter(2)) },
    EngineCase(family: "generalizedgamma") { try GeneralizedGamma(concentration: .parameter(2), power: .parameter(1.5), scale: .parameter(1)) },
    EngineCase(family: "twopiecenormal") { try TwoPieceNormal(loc: .parameter(0), lowerScale: .parameter(1), upperScale: .parameter(3)) },
    EngineCase(family: "truncated-gamma") { try Truncated(Gamma(concentration: .parameter(2.5), rate: .parameter(1)), low: .parameter(1), high: .parameter(4)) },
    EngineCase(family: "weibull-cdf") {
        try CustomDistribution(name: "Weibull", cdf: WeibullCDF(), parameters: [("scale", .parameter(1.5)), ("shape", .parameter(2))], support: .positive)
    },
]

/// The share of `body`'s thread CPU time (over `repetitions` calls, one thread) spent outside the
/// kernels that split across threads (see `Parallel.measuresSplitTime`).
func serialFraction(_ repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    Parallel.measuresSplitTime = true
    defer { Parallel.measuresSplitTime = false }
    Parallel.splitSeconds = 0
    let start = Parallel.threadSeconds()
    for _ in 0..<repetitions { try body() }
    let total = Parallel.threadSeconds() - start
    return total > 0 ? Swift.max(0, 1 - Parallel.splitSeconds / total) : 0
}

/// The Weibull CDF as a user would write it: F(z; λ, k) = 1 − exp(−(z/λ)^k).
struct WeibullCDF: CumulativeDistributionFunction {
    func callAsFunction<T: RealScalar>(_ z: T, _ θ: [T]) -> T { 1 - exp(-pow(z / θ[0], θ[1])) }
}

func runEngineCases(_ options: Options) throws -> [Record] {
    var records: [Record] = []
    var stream = RandomStream(seed: 1)
    for c in engineCases + distinctCases + multivariateCases + torchParityCases where options.wants(c.family) {
        let n = c.fixedCount ?? options.n
        let d = try c.make(n)
        let leaves = d.parameters.map(\.value).filter(\.requiresGradient)
        let shape = c.sampleShape(n)
        let sampleSeconds = try medianSeconds(options.repetitions, cpu: options.cpuTime) { _ = try d.sample(shape, using: &stream) }
        let gradSeconds = try medianSeconds(options.repetitions, cpu: options.cpuTime) {
            let loss = try c.loss(d.rsample(shape, using: &stream))
            _ = try gradients(of: loss, withRespectTo: leaves)
        }
        let peak = peakResidentMegabytes()
        let serial = try options.serialFraction ? serialFraction(options.repetitions) {
            _ = try gradients(of: c.loss(d.rsample(shape, using: &stream)), withRespectTo: leaves)
        } : nil
        for (mode, seconds) in [("sample", sampleSeconds), ("rsample+backward", gradSeconds)] {
            records.append(Record(family: c.family, mode: mode, n: n, threads: options.threads,
                                  samples_per_second: Double(n) / seconds, seconds_median: seconds, peak_rss_mb: peak,
                                  serial_fraction: mode == "sample" ? nil : serial))
        }
    }
    return records
}
