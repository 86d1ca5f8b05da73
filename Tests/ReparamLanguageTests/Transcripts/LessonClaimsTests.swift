import XCTest
@testable import ReparamLanguage

/// What a lesson's text claims holds for the values it computes: the lessons are
/// replayed into a session and the claims checked against independent numbers.
final class LessonClaimsTests: XCTestCase {
    /// A session that has run every command of the lesson whose file name starts with `prefix`.
    private func replayed(_ prefix: String) throws -> Session {
        let url = try XCTUnwrap(try SessionCourseTests.sessionFiles().first { $0.lastPathComponent.hasPrefix(prefix) })
        let file = try SessionFile.load(path: url.path)
        let session = Session(seed: file.seed)
        for step in file.steps { _ = session.run(step.command) }
        return session
    }

    /// Lesson 8: maximum likelihood for a Normal lands on the mean and on the standard
    /// deviation that divides by n (not std's n − 1), and the fit has converged to it.
    func testLesson8FitsTheMaximumLikelihoodSigma() throws {
        let session = try replayed("08")
        let n = try XCTUnwrap(session.number("data.size"))
        let mlSigma = try XCTUnwrap(session.number("sqrt(sum((data - mean(data))^2) / data.size)"))
        let sampleSigma = try XCTUnwrap(session.number("std(data)"))
        XCTAssertEqual(sampleSigma / mlSigma, (n / (n - 1)).squareRoot(), accuracy: 1e-12, "std divides by n − 1")
        XCTAssertRelative(session.number("m.scale"), mlSigma, 1e-5, "the fit converged to the ML σ")
        XCTAssertRelative(session.number("m.loc"), try XCTUnwrap(session.number("mean(data)")), 1e-5)
    }

    /// Lesson 7: the Monte-Carlo gradient is within two of its standard errors of the closed
    /// form, and that standard error is about 2% of the value, as the text says.
    func testLesson7MonteCarloAgreesWithinItsStandardError() throws {
        let session = try replayed("07")
        let estimate = try XCTUnwrap(session.run("grad mean(zs)")[0].fields.first { $0.0 == "gradients" }.flatMap { field -> Double? in
            if case let .object(items) = field.1 { return items.first?.1.number }
            return nil
        })
        let exact = try XCTUnwrap(session.number("-2 * exp(lgamma(5/3)) * digamma(5/3) / 1.5^2"))
        let standardError = try XCTUnwrap(session.number("std(-zs * log(zs/2) / 1.5) / sqrt(100000)"))
        XCTAssertLessThan(abs(estimate - exact), 2 * standardError)
        XCTAssertEqual(standardError / abs(exact), 0.02, accuracy: 0.005)
    }

    /// Lesson 13: the exact gradient is (−3, 2); the delta method hits it; every estimator's bias is
    /// within 4 standard errors while their spreads differ by orders of magnitude; for cos(kx) the
    /// exact pathwise variance grows like k² past the bounded score variance (Mohamed et al., Fig. 3);
    /// and the variance falls as 1/n.
    func testLesson13EstimatorZoo() throws {
        let url = try XCTUnwrap(try SessionCourseTests.sessionFiles().first { $0.lastPathComponent.hasPrefix("13-estimator-zoo") })
        let file = try SessionFile.load(path: url.path)
        let session = Session(seed: file.seed)
        var outputs: [String: Output] = [:]
        for step in file.steps { outputs[step.command] = session.run(step.command).last }
        func output(_ prefix: String) throws -> Output { try XCTUnwrap(outputs.first { $0.key.hasPrefix(prefix) }?.value, prefix) }
        func object(_ json: JSON?) -> [(String, JSON)] { if case let .object(items)? = json { return items } else { return [] } }

        let delta = object(try output("grad mean((d.rsample(100) - 2)^2) using pathwise control delta").field("gradients"))
        XCTAssertEqual(delta.first?.1.numbers?.first ?? .nan, -3, accuracy: 1e-8)
        XCTAssertEqual(delta.last?.1.numbers?.first ?? .nan, 2, accuracy: 1e-8)

        let gradvar = try output("gradvar mean((d.rsample(100) - 2)^2)")
        let exact = object(gradvar.field("exact"))
        XCTAssertEqual(exact.first { $0.0 == "d.loc" }?.1.number ?? .nan, -3, accuracy: 1e-10)
        XCTAssertEqual(exact.first { $0.0 == "d.scale" }?.1.number ?? .nan, 2, accuracy: 1e-10)
        var deviations: [Double] = []
        for (name, perParameter) in object(gradvar.field("estimators")) {
            for (parameter, statistics) in object(perParameter) {
                XCTAssertEqual(object(statistics).first { $0.0 == "unbiased" }?.1, .bool(true), "\(name) \(parameter)")
                deviations.append(object(statistics).first { $0.0 == "std" }?.1.number ?? .nan)
            }
        }
        XCTAssertGreaterThan((deviations.max() ?? 0) / (deviations.min() ?? 1), 1e3)

        func curve(_ output: Output, _ name: String) -> [Double] {
            guard case let .array(items)? = output.field("series") else { return [] }
            for item in items where object(item).first(where: { $0.0 == "name" })?.1 == .string(name) {
                return object(item).first { $0.0 == "y" }?.1.numbers ?? []
            }
            return []
        }
        let cosine = try output("gradvar mean(cos(k * d.rsample(100)))")
        let (path, score) = (curve(cosine, "pathwise exact"), curve(cosine, "score exact"))
        XCTAssertGreaterThan((path.last ?? 0) / (path.first ?? 1), 100, "pathwise grows like k²")
        XCTAssertLessThan((score.max() ?? 0) / (score.min() ?? 1), 2, "score stays bounded")
        XCTAssertLessThan(path.first ?? .nan, score.first ?? .nan)
        XCTAssertGreaterThan(path.last ?? .nan, score.last ?? .nan)

        let sizes = try output("gradvar mean(cos(2 * d.rsample(n)))")
        let exactPath = curve(sizes, "pathwise exact")
        XCTAssertEqual((exactPath.first ?? 0) / (exactPath.last ?? 1), 1000, accuracy: 1e-6)

        // Variational inference: the exact posterior is Gamma(2 + Σx, 1 + n) from the data; stl lands
        // within 5% of it (its last steps wander by about 2%: a last-bit change in a draw moves the
        // whole path) with KL < 0.001 and an ELBO within 0.01 of log p(x) = log Γ(22) − log Γ(2)
        // − Σ log xᵢ! − 22 log 6; the score function's KL after the same steps is above 0.05 and over
        // 100 times the stl's.
        let (shape, rate) = (2 + (session.number("sum(data)") ?? .nan), 1 + (session.number("data.size") ?? .nan))
        XCTAssertRelative(session.number("q.concentration"), shape, 0.05)
        XCTAssertRelative(session.number("q.rate"), rate, 0.05)
        let fit = try output("fit q to posterior(lj) using stl, score")
        let estimators = object(fit.field("estimators"))
        func final(_ name: String, _ what: String) -> Double { object(estimators.first { $0.0 == name }?.1).first { $0.0 == what }?.1.number ?? .nan }
        let evidence = try XCTUnwrap(session.number("lgamma(22) - lgamma(2) - sum(lgamma(data + 1)) - 22 * log(6)"))
        XCTAssertEqual(object(fit.field("exact")).first { $0.0 == "log_evidence" }?.1.number ?? .nan, evidence, accuracy: 1e-9)
        XCTAssertLessThan(final("stl", "kl"), 1e-3)
        XCTAssertEqual(final("stl", "elbo"), evidence, accuracy: 0.01)
        XCTAssertGreaterThan(final("score", "kl"), 0.05)
        XCTAssertGreaterThan(final("score", "kl") / final("stl", "kl"), 100)
    }

    /// Lesson 12's estimator table: every estimator ok against the gradient by enumeration,
    /// σ′(0.4)·0.1; the baselines' spread 12–36 times below REINFORCE's; the Bernoulli's
    /// measure-valued derivative exact to rounding; REBAR (fixed control variate) noisier than
    /// REINFORCE for this f; REBAR on the Categorical within 4 standard errors (one-draw std below
    /// 0.6, so 4·0.6/√10⁴ = 0.024) of each coordinate's exact gradient.
    func testLesson12EstimatorTable() throws {
        let url = try XCTUnwrap(try SessionCourseTests.sessionFiles().first { $0.lastPathComponent.hasPrefix("12-discrete-variables") })
        let file = try SessionFile.load(path: url.path)
        let session = Session(seed: file.seed)
        var outputs: [String: Output] = [:]
        for step in file.steps { outputs[step.command] = session.run(step.command).last }
        func object(_ json: JSON?) -> [(String, JSON)] { if case let .object(items)? = json { return items } else { return [] } }
        let gradvar = try XCTUnwrap(outputs["gradvar mean((b.sample(100) - 0.45)^2) reps 200"])
        let p = 1 / (1 + exp(-0.4))
        XCTAssertEqual(object(gradvar.field("exact")).first?.1.number ?? .nan, p * (1 - p) * 0.1, accuracy: 1e-15)
        var std: [String: Double] = [:]
        for (name, perParameter) in object(gradvar.field("estimators")) {
            let statistics = object(object(perParameter).first?.1)
            XCTAssertEqual(statistics.first { $0.0 == "unbiased" }?.1, .bool(true), name)
            std[name] = statistics.first { $0.0 == "std" }?.1.number
        }
        let score = try XCTUnwrap(std["score"])
        for baseline in ["score+mean", "score+loo", "score+optimal"] {
            let ratio = score / (std[baseline] ?? .nan)
            XCTAssertTrue(ratio >= 12 && ratio <= 37, "\(baseline): \(ratio)")
        }
        XCTAssertLessThan(std["mvd"] ?? .nan, 1e-15)
        XCTAssertGreaterThan(std["rebar"] ?? .nan, score)

        let exact = try XCTUnwrap(object(outputs["grad expectation(c, k => (k - 0.7)^2)"]?.field("gradients")).first?.1.numbers)
        let rebar = try XCTUnwrap(object(outputs["grad mean((c.sample(10000) - 0.7)^2) using rebar"]?.field("gradients")).first?.1.numbers)
        for (e, r) in zip(exact, rebar) { XCTAssertEqual(r, e, accuracy: 0.024) }
    }

    /// Lesson 10's transforms: a Normal through exp is the lognormal to the last bit with mean
    /// e^{0.62}; 2√E for E ~ Exponential(1) has the Weibull(2, 2) median 2√(log 2) and the exact
    /// mean gradients ∓Γ(1.5), 1 and 2Γ(1.5)ψ(1.5) (mpmath: 0.886226925452758, 0.0646767948977700);
    /// 10 − 4·Beta(2, 5) has F(8) = 7/64; power of a Normal is refused naming x > 0.
    func testLesson10TransformsFromParts() throws {
        let session = try replayed("10")
        XCTAssertEqual(session.expectOutput("ln.log_prob([0.5, 2]) - lognormal(0.3, 0.8).log_prob([0.5, 2])").field("value")?.numbers, [0, 0])
        XCTAssertEqual(session.number("ln.icdf(0.9) - lognormal(0.3, 0.8).icdf(0.9)"), 0)
        XCTAssertRelative(session.number("ln.mean"), exp(0.62), 1e-15)
        XCTAssertRelative(session.number("wb.icdf(0.5)"), 2 * log(2.0).squareRoot(), 1e-15)
        XCTAssertLessThan(abs(try XCTUnwrap(session.number("wb.icdf(0.5) - weibull(2, 2).icdf(0.5)"))), 4 * 1.66511.ulp)
        let gradient = session.expectOutput("grad wb.mean")
        guard case let .object(rows)? = gradient.field("gradients") else { return XCTFail(gradient.text) }
        let g = Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0.1.number ?? .nan) })
        let gammaThreeHalves = 0.886226925452758013649
        XCTAssertRelative(g["wb.components[0].rate"], -gammaThreeHalves, 1e-9)
        XCTAssertRelative(g["wb.affine_loc"], 1, 1e-9)
        XCTAssertRelative(g["wb.affine_scale"], gammaThreeHalves, 1e-9)
        XCTAssertRelative(g["wb.power_exponent"], 0.0646767948977700276577, 1e-8)
        XCTAssertRelative(session.number("r.cdf(8)"), 7.0 / 64, 1e-15)
        XCTAssertEqual(session.expectOutput("r.support").field("value"), .string("the interval [6.0, 10.0]"))
        XCTAssert(session.expectError("transform(normal(0, 1), power(0.5))")?.message.contains("defined on x > 0") == true)
        // log(x₁/x₃) = μ₁ + σ₁ε₁: the mean within 4 standard errors of μ₁ = 0.5, the gradient 1 and 0 in loc,
        // and in scale[0] the draws' mean ε₁ = value − 0.5.
        let ratio = session.expectOutput("grad mean(log(xs[:, 0] / xs[:, 2]))")
        guard case let .number(value)? = ratio.field("value"), case let .object(parts)? = ratio.field("gradients") else { return XCTFail(ratio.text) }
        let parameters = Dictionary(uniqueKeysWithValues: parts.map { ($0.0, $0.1.numbers ?? []) })
        XCTAssertLessThan(abs(value - 0.5), 4 / 4000.0.squareRoot(), ratio.text)
        XCTAssertEqual(parameters["sx.loc"]?.count, 2, ratio.text)
        XCTAssertEqual(parameters["sx.loc"]?[0] ?? .nan, 1, accuracy: 1e-12)
        XCTAssertEqual(parameters["sx.loc"]?[1] ?? .nan, 0, accuracy: 1e-12)
        XCTAssertEqual(parameters["sx.scale"]?[0] ?? .nan, value - 0.5, accuracy: 1e-12)
    }
}
