import Reparam

/// Why a `fit` cannot start: supports that do not match, a target that moves with the fit.
///
/// Reverse KL, KL(q‖p) = E_q[log q(z) − log p(z)], is infinite as soon as q puts mass where
/// p has none; maximum likelihood, −mean log q(xᵢ), is infinite for one observation outside
/// q's support. Both would stop at the first step with "the loss became infinite"; these checks
/// say which sets disagree instead.
///
///     fit normal(0, 1) to gamma(3)   // normal draws real numbers; gamma(3) has density on positive numbers only
enum FitSupports {
    /// The closed interval a univariate support lies in (nil for the simplex and for matrices).
    static func interval(_ support: Support) -> ClosedRange<Double>? {
        switch support {
        case .real: return -Double.infinity...Double.infinity
        case .positive: return 0...Double.infinity
        case .unitInterval: return 0...1
        case let .interval(a, b), let .integers(a, b): return a <= b ? a...b : nil
        case .circle: return -Double.pi...Double.pi
        case .simplex, .positiveDefinite, .correlationCholesky, .unitSphere, .oneHot: return nil
        }
    }

    /// A reason the model's draws fall outside the target's support, or nil when they do not.
    static func reverseKLMismatch(model: any Distribution, target: any Distribution, modelName: String, targetName: String) -> String? {
        let q = model.support, p = target.support
        guard q != p else { return nil }
        // A density against a probability mass function (or the reverse): no common dominating measure.
        if q.isDiscrete != p.isDiscrete {
            return "\(modelName) draws \(q) but \(targetName) \(p.isDiscrete ? "has mass on" : "has density on") \(p) only, so KL(q‖p) is infinite; "
                + "fit a family of the same kind (discrete against discrete, continuous against continuous)"
        }
        if let inner = interval(q), let outer = interval(p), outer.lowerBound <= inner.lowerBound, inner.upperBound <= outer.upperBound {
            return nil
        }
        return "\(modelName) draws \(q) but \(targetName) has density on \(p) only, so KL(q‖p) is infinite; "
            + "fit a family whose support lies inside the target's" + suggestion(for: p)
    }

    /// A reason some observations lie outside the model's support, or nil when none does.
    static func dataMismatch(model: any Distribution, data: [Double], modelName: String) -> String? {
        guard let bounds = interval(model.support) else { return nil }
        let outside = data.indices.filter { !bounds.contains(data[$0]) || (model.support == .positive && data[$0] == 0) }
        guard let first = outside.first else { return nil }
        let count = outside.count == 1 ? "1 observation lies" : "\(outside.count) of \(data.count) observations lie"
        return "\(count) outside \(modelName)'s support (\(model.support)), e.g. \(NumberFormat.short(data[first])) at position \(first), "
            + "where its likelihood is 0; fit a family that covers the data" + suggestion(for: .real)
    }

    private static func suggestion(for support: Support) -> String {
        switch support {
        case .real: return ", e.g. normal or student_t"
        case .positive: return ", e.g. gamma or lognormal"
        case .unitInterval: return ", e.g. beta"
        default: return ""
        }
    }

    /// The fitted parameters the target also depends on (`fit d to d`): it would move with the fit.
    static func sharedParameters(model: Provenance, target: Provenance) -> [Parameter] {
        target.parameters.filter { parameter in model.parameters.contains { $0 === parameter } }
    }
}
