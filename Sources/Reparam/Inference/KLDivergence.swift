import Foundation

/// KL(q ‖ p) = E_q[log q(z) − log p(z)] in closed form for two members of the same family,
/// the yardstick of a variational fit whose exact posterior is known (`ConjugatePosterior`).
///
///     KL(N(m₁, s₁) ‖ N(m₂, s₂))   = log(s₂/s₁) + (s₁² + (m₁ − m₂)²)/(2 s₂²) − ½
///     KL(Γ(a₁, b₁) ‖ Γ(a₂, b₂))   = (a₁ − a₂) ψ(a₁) − log Γ(a₁) + log Γ(a₂) + a₂ log(b₁/b₂) + a₁ (b₂ − b₁)/b₁
///     KL(B(a₁, b₁) ‖ B(a₂, b₂))   = log B(a₂, b₂) − log B(a₁, b₁) + (a₁ − a₂) ψ(a₁) + (b₁ − b₂) ψ(b₁)
///                                   + (a₂ − a₁ + b₂ − b₁) ψ(a₁ + b₁)
///
/// (Gamma with shape and rate.) The terms are formed as written, so the absolute error is a few
/// units of 1e-16 times the largest term (log Γ(a) for large shapes): ample for a fit's trace.
///
///     try KLDivergence.normal(q: (loc: 0, scale: 1), p: (loc: 1, scale: 1))                  // ½
///     try KLDivergence.gamma(q: (concentration: 22, rate: 6), p: (concentration: 22, rate: 6))  // 0
public enum KLDivergence {
    public static func normal(q: (loc: Double, scale: Double), p: (loc: Double, scale: Double)) throws -> Double {
        try check(["q.loc": q.loc, "p.loc": p.loc], positive: ["q.scale": q.scale, "p.scale": p.scale])
        let ratio = q.scale / p.scale, shift = (q.loc - p.loc) / p.scale
        return -log(ratio) + (ratio * ratio + shift * shift) / 2 - 0.5
    }

    public static func gamma(q: (concentration: Double, rate: Double), p: (concentration: Double, rate: Double)) throws -> Double {
        try check([:], positive: ["q.concentration": q.concentration, "q.rate": q.rate,
                                  "p.concentration": p.concentration, "p.rate": p.rate])
        let (a1, b1, a2, b2) = (q.concentration, q.rate, p.concentration, p.rate)
        return (a1 - a2) * digamma(a1) - logGamma(a1) + logGamma(a2) + a2 * log(b1 / b2) + a1 * (b2 - b1) / b1
    }

    public static func beta(q: (a: Double, b: Double), p: (a: Double, b: Double)) throws -> Double {
        try check([:], positive: ["q.a": q.a, "q.b": q.b, "p.a": p.a, "p.b": p.b])
        let (a1, b1, a2, b2) = (q.a, q.b, p.a, p.b)
        let logB = { (a: Double, b: Double) in logGamma(a) + logGamma(b) - logGamma(a + b) }
        return logB(a2, b2) - logB(a1, b1) + (a1 - a2) * digamma(a1) + (b1 - b2) * digamma(b1)
            + (a2 - a1 + b2 - b1) * digamma(a1 + b1)
    }

    /// KL(q ‖ p) for two univariate distributions of one family among Normal, Gamma and Beta.
    public static func between(_ q: any Distribution, _ p: any Distribution) throws -> Double {
        func scalars(_ d: any Distribution) throws -> [Double] {
            guard d.batchShape.isEmpty, d.eventShape.isEmpty else {
                throw ReparamError.invalidArgument("the closed-form KL needs univariate distributions; \(d.name) has batch shape \(d.batchShape)")
            }
            return d.parameters.map { $0.value.scalars.first ?? .nan }
        }
        let (u, v) = (try scalars(q), try scalars(p))
        switch (q, p) {
        case (is Normal, is Normal): return try normal(q: (u[0], u[1]), p: (v[0], v[1]))
        case (is Gamma, is Gamma): return try gamma(q: (u[0], u[1]), p: (v[0], v[1]))
        case (is Beta, is Beta): return try beta(q: (u[0], u[1]), p: (v[0], v[1]))
        default:
            throw ReparamError.invalidArgument("the closed-form KL is known between two Normals, two Gammas or two Betas, not \(q.name) and \(p.name)")
        }
    }

    private static func check(_ finite: [String: Double], positive: [String: Double]) throws {
        for (name, value) in finite.sorted(by: { $0.key < $1.key }) where !value.isFinite {
            throw ReparamError.invalidArgument("KL needs a finite \(name), got \(value)")
        }
        for (name, value) in positive.sorted(by: { $0.key < $1.key }) where !(value > 0 && value.isFinite) {
            throw ReparamError.invalidArgument("KL needs a positive finite \(name), got \(value)")
        }
    }
}
