import XCTest
@testable import ReparamLanguage

/// `fit q to posterior(logjoint) using E1, E2`: variational inference as a newcomer types it, on the
/// three conjugate models, against their exact posteriors (written from the textbook update, not
/// taken from the engine): the fit lands on the posterior's parameters and the KL falls to near 0.
final class PosteriorFitTests: XCTestCase {
    private func object(_ json: JSON?) -> [(String, JSON)] { if case let .object(items)? = json { return items } else { return [] } }
    private func estimator(_ output: Output, _ name: String) -> [(String, JSON)] {
        object(object(output.field("estimators")).first { $0.0 == name }?.1)
    }
    private func trace(_ output: Output, _ name: String, _ what: String) -> [Double] {
        object(estimator(output, name).first { $0.0 == "trace" }?.1).first { $0.0 == what }?.1.numbers ?? []
    }

    /// Poisson counts with a Gamma(2, 1) prior → Gamma(2 + Σx, 1 + n) = Gamma(22, 6);
    /// flips with a Beta(1, 1) prior → Beta(1 + 6, 1 + 2); a Normal mean with a N(0, 1) prior and
    /// unit noise → N(Σx/(n + 1), 1/√(n + 1)) = N(0.95, 0.408248).
    func testEachConjugateModelReachesItsExactPosterior() {
        let models: [(setup: [String], fit: String, names: [String], exact: [Double], tolerance: Double)] = [
            (["let data = [3, 5, 2, 4, 6]", "let lj = z => sum(poisson(z).log_prob(data)) + gamma(2, 1).log_prob(z)", "let q = gamma(1, 1)"],
             "fit q to posterior(lj) using stl steps 800 lr 0.15", ["q.concentration", "q.rate"], [22, 6], 0.05),
            (["let flips = [1, 0, 1, 1, 0, 1, 1, 1]", "let lj = p => sum(bernoulli(p).log_prob(flips)) + beta(1, 1).log_prob(p)", "let q = beta(1, 1)"],
             "fit q to posterior(lj) using stl steps 600 lr 0.15", ["q.a", "q.b"], [7, 3], 0.05),
            (["let x = [0.8, 1.5, 0.3, 1.1, 2.0]", "let lj = m => sum(normal(m, 1).log_prob(x)) + normal(0, 1).log_prob(m)", "let q = normal(0, 1)"],
             "fit q to posterior(lj) using stl steps 300", ["q.loc", "q.scale"], [0.95, 1 / 6.0.squareRoot()], 0.01),
        ]
        for model in models {
            let session = Session(seed: 7)
            for line in model.setup { _ = session.expectOutput(line) }
            let output = session.expectOutput(model.fit)
            for (name, exact) in zip(model.names, model.exact) {
                XCTAssertRelative(session.number(name), exact, model.tolerance, model.fit)
            }
            // The exact posterior is recognised with the textbook parameters, and the KL falls to near 0.
            let exact = object(object(output.field("exact")).first { $0.0 == "parameters" }?.1).compactMap(\.1.number)
            XCTAssertEqual(exact.count, 2)
            for (found, expected) in zip(exact, model.exact) { XCTAssertEqual(found, expected, accuracy: 1e-9 * max(1, expected)) }
            let kl = trace(output, "stl", "kl")
            XCTAssertGreaterThan(kl.first ?? 0, 100 * (kl.last ?? .infinity), model.fit)
            XCTAssertLessThan(estimator(output, "stl").first { $0.0 == "kl" }?.1.number ?? .infinity, 2e-3, model.fit)
        }
    }

    /// Two estimators start from the same values with the same random numbers: stl and pathwise
    /// differentiate different surrogates of the same draws, so their first ELBO estimates agree
    /// exactly; q keeps the first one's result, and the report lists both beside the exact row.
    func testTwoEstimatorsSideBySide() throws {
        let session = Session(seed: 3)
        _ = session.expectOutput("let x = [0.8, 1.5, 0.3, 1.1, 2.0]")
        _ = session.expectOutput("let lj = m => sum(normal(m, 1).log_prob(x)) + normal(0, 1).log_prob(m)")
        _ = session.expectOutput("let q = normal(0, 1)")
        let output = session.expectOutput("fit q to posterior(lj) using stl, pathwise steps 100")
        let (stl, pathwise) = (trace(output, "stl", "elbo"), trace(output, "pathwise", "elbo"))
        XCTAssertEqual(stl.count, 100)
        XCTAssertEqual(stl.first, pathwise.first)
        XCTAssertNotEqual(stl.last, pathwise.last)
        let kept = object(estimator(output, "stl").first { $0.0 == "parameters" }?.1).first?.1.number
        XCTAssertEqual(session.number("q.loc"), kept)
        let lines = output.text.split(separator: "\n").map(String.init)
        XCTAssert(lines.contains { $0.hasPrefix("  stl ") } && lines.contains { $0.hasPrefix("  pathwise ") } && lines.contains { $0.hasPrefix("  exact ") },
                  output.text)
        XCTAssert(output.text.contains("exact posterior normal(0.95, 0.408248)"), output.text)
        XCTAssert(output.text.contains("q keeps the stl fit"), output.text)
    }

    /// The live picture: both estimators' ELBO and KL curves with a legend, within 80×24 and 200×60.
    func testLivePictureShowsBothEstimatorsWithinTheFrame() throws {
        for (width, height) in [(80, 24), (200, 60)] {
            let frames = pictureFrames(of: ["let q = normal(0, 1)", "fit q to posterior(z => -3*z^2 + 5.7*z) using stl, score steps 100"],
                                       width: width, height: height)
            XCTAssertEqual(frames.count, 100)
            for frame in frames {
                XCTAssertLessThanOrEqual(frame.count, height)
                for line in frame { XCTAssertLessThanOrEqual(line.count, width, line) }
            }
            let last = try XCTUnwrap(frames.last)
            XCTAssert(last.contains { $0.contains("KL(q ‖ exact posterior), step 100 of 100") }, last.joined(separator: "\n"))
            // One legend per panel (stacked at 80 columns, side by side at 200).
            let legends = last.map { $0.components(separatedBy: "* stl   + score").count - 1 }.reduce(0, +)
            XCTAssertEqual(legends, 2, last.joined(separator: "\n"))
        }
    }

    /// Sticking the landing: at the exact posterior every draw's gradient is zero, so SGD does not
    /// move q at all; the pathwise gradient's score term is noise of mean zero, which does.
    func testStickingTheLandingStaysAtTheOptimum() {
        let session = Session(seed: 11)
        _ = session.expectOutput("let x = [0.8, 1.5, 0.3, 1.1, 2.0]")
        _ = session.expectOutput("let lj = m => sum(normal(m, 1).log_prob(x)) + normal(0, 1).log_prob(m)")
        _ = session.expectOutput("let q = normal(0.95, 1/sqrt(6))")
        _ = session.expectOutput("fit q to posterior(lj) using stl, pathwise, sgd steps 20")
        XCTAssertEqual(session.number("q.loc") ?? .nan, 0.95, accuracy: 1e-12)
        XCTAssertEqual(session.number("q.scale") ?? .nan, 1 / 6.0.squareRoot(), accuracy: 1e-12)
        _ = session.expectOutput("fit q to posterior(lj) using pathwise, sgd steps 20")
        XCTAssertGreaterThan(abs((session.number("q.loc") ?? .nan) - 0.95), 1e-4)
    }

    /// Wrong input is named, and the session keeps its values.
    func testBadInputGivesClearErrorsAndKeepsState() {
        let session = Session(seed: 2)
        _ = session.expectOutput("let data = [3, 5, 2, 4, 6]")
        _ = session.expectOutput("let lj = z => sum(poisson(z).log_prob(data)) + gamma(2, 1).log_prob(z)")
        _ = session.expectOutput("let q = gamma(3, 2)")
        XCTAssertEqual(session.expectError("fit q to posterior((a, b) => a + b)")?.message,
                       "the log-joint takes one variable z, but (a, b) => a + b takes 2 (a, b); write the log-joint as a function of one z, "
                       + "e.g. z => sum(poisson(z).log_prob(data)) + gamma(2, 1).log_prob(z)")
        XCTAssertEqual(session.expectError("fit q to posterior(lj) using scor")?.message,
                       "unknown estimator or optimizer 'scor': an estimator (stl, pathwise, implicit, explicit, score, mvd, rebar or straight_through, with "
                       + "baseline/control/coupling as in grad) or an optimizer (adam or sgd); did you mean 'score'?")
        XCTAssertEqual(session.expectError("fit q to posterior(lj) using adam, sgd")?.message, "two optimizers: 'adam' and 'sgd'; choose one")
        _ = session.expectOutput("let bad = [3, nan, 2]")
        _ = session.expectOutput("let lj2 = z => sum(poisson(z).log_prob(bad)) + gamma(2, 1).log_prob(z)")
        XCTAssertEqual(session.expectError("fit q to posterior(lj2)")?.message,
                       "the log-joint uses bad, which holds nan at position 1; data must be finite numbers")
        _ = session.expectOutput("let d = dirichlet([1, 2, 3])")
        XCTAssertEqual(session.expectError("fit d to posterior(lj)")?.message,
                       "variational inference here fits one univariate continuous distribution with a reparameterized sampler; d is Dirichlet, "
                       + "e.g. let q = gamma(1, 1)")
        _ = session.expectOutput("let n = normal(0, 1)")
        let outside = session.expectError("fit n to posterior(lj)")?.message ?? ""
        XCTAssert(outside.hasPrefix("the log-joint fails at z = -"), outside)
        XCTAssert(outside.contains(", a draw of q: poisson needs rate to be positive, got -"), outside)
        XCTAssert(outside.hasSuffix("; q must put its mass where the log-joint is defined (e.g. a gamma q for a rate)"), outside)
        _ = session.expectOutput("let k = poisson(3)")
        XCTAssertEqual(session.expectError("fit k to posterior(lj)")?.message.hasPrefix("variational inference here fits one univariate continuous"), true)
        XCTAssertEqual(session.expectError("fit q to gamma(5, 2) using score")?.message,
                       "estimators and samples go with variational inference, fit q to posterior(logjoint); fitting to a distribution (gamma) "
                       + "uses the pathwise gradient (using then takes adam or sgd)")
        XCTAssertEqual(session.expectError("fit q to posterior(3)")?.message,
                       "posterior needs a log-joint z => log p(x, z), but 3 is a number; write the log-joint as a function of one z, "
                       + "e.g. z => sum(poisson(z).log_prob(data)) + gamma(2, 1).log_prob(z)")
        XCTAssertEqual(session.number("q.concentration"), 3)
        XCTAssertEqual(session.number("q.rate"), 2)
        XCTAssertEqual(session.number("sum(data)"), 20)
    }

    /// The canonical form keeps every estimator with its options, in order.
    func testUsingParsesEstimatorsWithOptionsAndTheOptimizer() throws {
        let statement = try Parser.statement("fit q to posterior(lj) using score baseline loo, mvd coupling off, stl, sgd samples 8 steps 3")
        XCTAssertEqual(statement.canonical, "(fit q (call posterior lj) steps 3 using score baseline loo, mvd coupling off, stl, sgd samples 8)")
        XCTAssertEqual(try Parser.statement("fit q to p using sgd").canonical, "(fit q p using sgd)")
    }
}
