import Foundation
import Reparam

/// The distinct-parameter cases (issue 16): one parameter value per sample, as an
/// encoder of a VAE hands them out, timed for `rsample` + the backward pass of the sum.
///
/// The recipe is the one `../shared/peers/distinct.py` times PyTorch on: e ~ N(0, 1) of length n,
/// α = exp(e) + 0.1, b = exp(e/2) + 0.2, and
///
/// * gamma-distinct: Gamma(α, 1), gradient in α;
/// * beta-distinct: Beta(α, b), gradients in α and b;
/// * dirichlet-distinct: Dirichlet rows [α, b, α/2 + 0.3], loss on component 0;
/// * studentt-distinct: StudentT(df = 3α, 0, 1), gradient in df;
/// * vonmises-distinct: VonMises(loc 0, κ = α), gradient in κ (PyTorch's VonMises has no
///   rsample, so distinct.py has no such case; the recipe reuses α);
///
/// and the catalog's implicit families on the same recipe (PyTorch's side of the first three is
/// `scripts/bench/peer_case.py`'s own, the peer script has none; the last three have no PyTorch rsample):
///
/// * inversegamma-distinct: InverseGamma(α, 1), gradient in α;
/// * chi2-distinct: Chi2(df = 2α), gradient in df;
/// * fishersnedecor-distinct: FisherSnedecor(2α, 2b), gradients in both;
/// * inversegaussian-distinct: InverseGaussian(loc α, concentration b), gradients in both;
/// * generalizedgamma-distinct: GeneralizedGamma(concentration α, power b), gradients in both;
/// * truncatednormal-distinct: TruncatedNormal(loc 0, scale b, low −1, high α), gradients in scale and high.
///
/// Each case's record carries the process's peak resident memory after it ran
/// (getrusage): run one case per process for a per-case figure (scripts/bench/distinct.sh does).
let distinctCases: [EngineCase] = [
    EngineCase(distinct: "gamma-distinct") { n in
        try Gamma(concentration: .parameter(Tensor(distinctRecipe(n).alpha)), rate: Tensor(1))
    },
    EngineCase(distinct: "beta-distinct") { n in
        let r = distinctRecipe(n)
        return try Beta(a: .parameter(Tensor(r.alpha)), b: .parameter(Tensor(r.b)))
    },
    EngineCase(distinct: "dirichlet-distinct", loss: { try $0.column(0).sum() }) { n in
        let r = distinctRecipe(n)
        var rows = [Double](repeating: 0, count: 3 * n)
        for i in 0..<n { (rows[3 * i], rows[3 * i + 1], rows[3 * i + 2]) = (r.alpha[i], r.b[i], r.alpha[i] / 2 + 0.3) }
        return try Dirichlet(concentration: .parameter(Tensor(shape: [n, 3], scalars: rows)))
    },
    EngineCase(distinct: "studentt-distinct") { n in
        try StudentT(df: .parameter(Tensor(distinctRecipe(n).alpha.map { 3 * $0 })), loc: Tensor(0), scale: Tensor(1))
    },
    EngineCase(distinct: "vonmises-distinct") { n in
        try VonMises(loc: Tensor(0), concentration: .parameter(Tensor(distinctRecipe(n).alpha)))
    },
    EngineCase(distinct: "inversegamma-distinct") { n in
        try InverseGamma(concentration: .parameter(Tensor(distinctRecipe(n).alpha)), rate: Tensor(1))
    },
    EngineCase(distinct: "chi2-distinct") { n in
        try Chi2(df: .parameter(Tensor(distinctRecipe(n).alpha.map { 2 * $0 })))
    },
    EngineCase(distinct: "fishersnedecor-distinct") { n in
        let r = distinctRecipe(n)
        return try FisherSnedecor(df1: .parameter(Tensor(r.alpha.map { 2 * $0 })), df2: .parameter(Tensor(r.b.map { 2 * $0 })))
    },
    EngineCase(distinct: "inversegaussian-distinct") { n in
        let r = distinctRecipe(n)
        return try InverseGaussian(loc: .parameter(Tensor(r.alpha)), concentration: .parameter(Tensor(r.b)))
    },
    EngineCase(distinct: "generalizedgamma-distinct") { n in
        let r = distinctRecipe(n)
        return try GeneralizedGamma(concentration: .parameter(Tensor(r.alpha)), power: .parameter(Tensor(r.b)))
    },
    EngineCase(distinct: "truncatednormal-distinct") { n in
        let r = distinctRecipe(n)
        return try TruncatedNormal(loc: Tensor(0), scale: .parameter(Tensor(r.b)), low: Tensor(-1), high: .parameter(Tensor(r.alpha)))
    },
]

extension EngineCase {
    /// A case whose distribution holds n parameter values and draws once per value (sample shape []).
    init(distinct family: String, loss: @escaping @Sendable (Tensor) throws -> Tensor = { $0.sum() },
         make: @escaping @Sendable (Int) throws -> any Distribution) {
        self.init(family: family, make: make, sampleShape: { _ in [] }, loss: loss)
    }
}

/// α = exp(e) + 0.1 and b = exp(e/2) + 0.2 for e ~ N(0, 1) of length n (seed 16).
func distinctRecipe(_ n: Int) -> (alpha: [Double], b: [Double]) {
    var stream = RandomStream(seed: 16)
    let e = stream.normal(count: n)
    return (e.map { Foundation.exp($0) + 0.1 }, e.map { Foundation.exp($0 / 2) + 0.2 })
}

/// The process's peak resident set size so far, in megabytes (Linux reports ru_maxrss in KiB).
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}
