import XCTest
@testable import ReparamLanguage

/// `fit`, `minimize`, `gradvar` and `gradcheck` land where theory says.
final class OptimizationTests: XCTestCase {
    /// Maximum likelihood for a Normal: the sample mean and the (1/n) standard deviation.
    func testNormalFittedToDataLandsOnTheSampleMoments() {
        let session = Session(seed: 21)
        _ = session.expectOutput("let data = normal(3, 2).sample(2000)")
        let mean = session.number("mean(data)")!
        let deviation = session.number("sqrt(mean((data - mean(data))^2))")!
        _ = session.expectOutput("let q = normal(0, 1)")
        let output = session.expectOutput("fit q to data steps 1500 lr 0.05")
        XCTAssertEqual(output.kind, .fit)
        XCTAssertEqual(output.field("method"), .string("maximum_likelihood"))
        XCTAssertRelative(session.number("q.loc"), mean, 2e-3)
        XCTAssertRelative(session.number("q.scale"), deviation, 2e-3)
    }

    /// Reverse KL of a Normal to a Normal is minimized at the target itself.
    func testReverseKLFindsTheTarget() {
        let session = Session(seed: 8)
        _ = session.expectOutput("let q = normal(0, 1)")
        let output = session.expectOutput("fit q to normal(3, 0.5) steps 1000")
        XCTAssertEqual(output.field("method"), .string("reverse_kl"))
        XCTAssertRelative(session.number("q.loc"), 3, 0.02)
        XCTAssertRelative(session.number("q.scale"), 0.5, 0.02)
        guard case let .object(trace)? = output.field("trace") else { return XCTFail("no trace") }
        XCTAssertEqual(trace.map(\.0), ["loss", "q.loc", "q.scale"])
        XCTAssertEqual(trace[0].1.numbers?.count, 1000)
    }

    /// ?minimize's example, with the distribution written inline: its parameters are the ones
    /// moved from step to step. E[(z − 3)²] = (μ − 3)² + σ², so loc → 3 and scale shrinks.
    func testMinimizeMovesAnInlineDistribution() throws {
        let session = Session(seed: 4)
        let output = session.expectOutput("minimize mean((normal(0, 1).rsample(256) - 3)^2) steps 300")
        XCTAssertEqual(output.kind, .minimize, output.text)
        guard case let .object(parameters)? = output.field("parameters") else { return XCTFail(output.text) }
        XCTAssertEqual(parameters.map(\.0), ["normal.loc", "normal.scale"])
        XCTAssertEqual(try XCTUnwrap(parameters[0].1.number), 3, accuracy: 0.1, output.text)
        XCTAssertLessThan(try XCTUnwrap(parameters[1].1.number), 0.3, output.text)
    }

    /// minimize E[(z − 3)²] over the Normal's loc and scale: loc → 3, scale → small but positive.
    func testMinimizeKeepsConstrainedParametersInTheirSupport() {
        let session = Session(seed: 4)
        _ = session.expectOutput("let d = normal(0, 1)")
        var progress: [Output] = []
        session.onProgress = { progress.append($0) }
        _ = session.expectOutput("minimize mean((d.rsample(256) - 3)^2) steps 400 lr 0.05")
        XCTAssertRelative(session.number("d.loc"), 3, 0.02)
        let scale = session.number("d.scale")!
        XCTAssert(scale > 0 && scale < 0.2, "scale \(scale)")
        XCTAssertEqual(progress.count, 10)
        XCTAssertEqual(progress.last?.field("step")?.number, 400)
    }

    func testInterruptionKeepsTheValuesReached() {
        let session = Session(seed: 4)
        _ = session.expectOutput("let d = normal(0, 1)")
        session.progressInterval = 5
        session.onProgress = { _ in session.interrupted = true }
        let output = session.expectOutput("minimize mean((d.rsample(64) - 3)^2) steps 1000")
        XCTAssertEqual(output.field("interrupted"), .bool(true))
        XCTAssertEqual(output.field("steps")?.number, 5)
        XCTAssertNotEqual(session.number("d.loc"), 0)
    }

    /// With common random numbers the finite difference of the sample average equals its pathwise derivative.
    func testGradcheckAgrees() {
        let session = Session(seed: 6)
        _ = session.expectOutput("let d = normal(1, 2)")
        let output = session.expectOutput("gradcheck mean(d.rsample(1000)^2)")
        XCTAssertLessThan(output.field("max_relative_error")?.number ?? 1, 1e-6)
    }

    /// Spread of ∂/∂loc E[z²] over repetitions of n = 100 draws from Normal(1, 2):
    /// pathwise, per draw 2z, std 2σ = 4, so 0.4 over 100 draws; score, per draw
    /// z²(z − μ)/σ² with z = 1 + 2ε: E[(ε + 4ε² + 4ε³)²]/4 − 2² = 313/4 − 4 = 74.25,
    /// so √74.25/10 = 0.862.
    func testGradvarRanksEstimators() {
        let session = Session(seed: 6)
        _ = session.expectOutput("let d = normal(1, 2)")
        let output = session.expectOutput("gradvar mean(d.rsample(100)^2) reps 200")
        guard case let .object(estimators)? = output.field("estimators") else { return XCTFail("no estimators") }
        func deviation(_ estimator: String) -> Double? {
            estimators.first { $0.0 == estimator }?.1["d.loc"]?["std"]?.number
        }
        XCTAssertRelative(deviation("pathwise"), 0.4, 0.15)
        XCTAssertRelative(deviation("score"), 74.25.squareRoot() / 10, 0.25)
        XCTAssertRelative(estimators.first { $0.0 == "pathwise" }?.1["d.loc"]?["mean"]?.number, 2, 0.1)
    }

    /// The target: a Gamma fitted to Gamma(5, 2) by reverse KL lands within 2% of (5, 2).
    func testGammaFittedToGammaByReverseKL() {
        let session = Session(seed: 31)
        _ = session.expectOutput("let q = gamma(1, 1)")
        _ = session.expectOutput("fit q to gamma(5, 2) steps 1000")
        XCTAssertRelative(session.number("q.concentration"), 5, 0.02)
        XCTAssertRelative(session.number("q.rate"), 2, 0.02)
    }

    /// A step that leaves the family's support stops the run and restores the last valid values.
    func testAStepOutOfTheSupportIsUndone() {
        let session = Session(seed: 2)
        _ = session.expectOutput("let w = [1, 2, 3]")
        _ = session.expectOutput("let d = dirichlet(w)")
        let output = session.expectOutput("minimize mean(d.rsample(64)[:, 0]) + sum(w) steps 200 lr 1 using sgd")
        let warning = output.field("warning")
        guard case let .string(message)? = warning else { return XCTFail("no warning: \(output.text)") }
        XCTAssert(message.hasPrefix("stopped at step ") && message.contains("dirichlet") == false
                  && message.hasSuffix("kept the values before the last step (try a smaller lr)"), message)
        XCTAssertEqual(session.expectOutput("d.concentration").kind, .value)
        XCTAssert(session.expectOutput("d.rsample(2)").kind == .value)
    }

    /// A number bound by let is a parameter that minimize moves: (a − 3)² is least at a = 3.
    func testMinimizeMovesALetBoundNumber() {
        let session = Session()
        _ = session.expectOutput("let a = 0")
        _ = session.expectOutput("minimize (a - 3)^2 steps 300 lr 0.1")
        XCTAssertRelative(session.number("a"), 3, 1e-3)
        let output = session.expectOutput("grad (a - 3)^2")
        XCTAssertEqual(output.field("gradients")?["a"]?.number.map { abs($0) < 0.01 }, true)
    }

    /// A distribution whose argument is computed from a parameter follows it while fitting:
    /// scale exp(s) fitted to data lands on the (1/n) standard deviation.
    func testFitThroughAComputedArgument() {
        let session = Session(seed: 5)
        _ = session.expectOutput("let data = normal(0, 2).sample(1000)")
        let deviation = session.number("sqrt(mean(data^2) - mean(data)^2)")!
        _ = session.expectOutput("let s = 0")
        _ = session.expectOutput("let q = normal(0, exp(s))")
        _ = session.expectOutput("fit q to data steps 800 lr 0.05")
        XCTAssertRelative(session.number("exp(s)"), deviation, 1e-3)
        XCTAssertRelative(session.number("q.scale"), deviation, 1e-3)
        XCTAssertRelative(session.number("q.loc"), session.number("mean(data)")!, 1e-2)
    }
}

/// A fit that cannot start says why: supports that do not match, a target that moves with the fit.
final class FitMismatchTests: XCTestCase {
    func testReverseKLToATargetWithASmallerSupport() {
        let session = Session(seed: 1)
        XCTAssertEqual(session.expectError("fit normal(0, 1) to gamma(3)")?.message,
                       "normal(…) draws real numbers but gamma(3) has density on positive numbers only, so KL(q‖p) is infinite; "
                       + "fit a family whose support lies inside the target's, e.g. gamma or lognormal")
        // A model inside the target's support is fine: beta on (0, 1) against a gamma on the positive numbers.
        _ = session.expectOutput("let b = beta(2, 2)")
        XCTAssertEqual(session.expectOutput("fit b to gamma(3) steps 5").kind, .fit)
    }

    func testDataOutsideTheModelsSupport() {
        let session = Session(seed: 1)
        _ = session.expectOutput("let d = gamma(2, 1)")
        XCTAssertEqual(session.expectError("fit d to [-1, 2, 3]")?.message,
                       "1 observation lies outside d's support (positive numbers), e.g. -1 at position 0, where its likelihood is 0; "
                       + "fit a family that covers the data, e.g. normal or student_t")
        XCTAssertEqual(session.expectError("fit d to [-1, 2, -3]")?.message.hasPrefix("2 of 3 observations lie outside"), true)
        XCTAssertEqual(session.number("d.concentration"), 2, "the failed fit moved nothing")
    }

    func testTargetThatMovesWithTheFit() {
        let session = Session(seed: 1)
        _ = session.expectOutput("let d = normal(0, 1)")
        XCTAssertEqual(session.expectError("fit d to d")?.message,
                       "the target depends on d.loc, d.scale, which the fit moves, so it would chase its own target; "
                       + "fit to a copy with fixed values, e.g. let p = normal(0, 1) then fit d to p")
    }
}
