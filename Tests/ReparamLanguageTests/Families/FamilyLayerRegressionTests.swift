import Foundation
import XCTest
import Reparam
@testable import ReparamLanguage

/// Each defect issue #10 reproduced on main ("What is wrong today"), kept as a test: a mistake
/// gives a clear error and the session keeps its variables; one policy answers it in every family.
final class FamilyLayerRegressionTests: XCTestCase {
    /// A value that does not broadcast against the batch shape is an error naming both shapes, in
    /// every family (it used to end the program in five of them).
    func testMismatchedShapesAreErrorsThatKeepTheSession() {
        let session = Session()
        _ = session.expectOutput("let a = 2")
        let cases = [("gamma([1,2],1)", "Gamma"), ("beta([1,2],1)", "Beta"), ("student_t([1,2])", "StudentT"),
                     ("chi2([1,2])", "Chi2"), ("exponential([1,2])", "Exponential"), ("normal([1,2], 1)", "Normal"),
                     ("von_mises([0, 1], 2)", "VonMises"), ("truncated_normal([0, 1], 1)", "TruncatedNormal")]
        for (constructor, name) in cases {
            XCTAssertEqual(session.expectError("\(constructor).log_prob([1,2,3])")?.message,
                           "\(name).log_prob: value of shape [3] does not broadcast against the batch shape [2]", constructor)
            XCTAssertEqual(session.expectError("\(constructor).cdf([1,2,3])")?.message,
                           "\(name).cdf: value of shape [3] does not broadcast against the batch shape [2]", constructor)
        }
        XCTAssertEqual(session.expectError("dirichlet([1,2,3]).log_prob([0.5, 0.5])")?.message,
                       "Dirichlet.log_prob: value of shape [2] does not broadcast against the batch shape [] + event shape [3]; its last axes must be [3]")
        XCTAssertEqual(session.number("a"), 2)
    }

    /// `[] + [[],[]]` is an empty [2, 0] tensor (it used to divide by zero in the broadcasting kernel).
    func testEmptyBroadcastIsEmpty() {
        let session = Session()
        XCTAssertEqual(session.expectOutput("[] + [[],[]]").field("shape")?.numbers, [2, 0])
        XCTAssertEqual(session.expectOutput("sum([[],[]], axis: 0)").field("shape")?.numbers, [0])
    }

    /// One `icdf` policy: a probability outside [0, 1] (or NaN) is an error naming the argument and the
    /// rule in every family; 0 and 1 give the ends of the support.
    func testIcdfOutsideTheUnitIntervalIsOneError() {
        let session = Session()
        let cases = [("normal(0, 1)", "Normal"), ("gamma(2)", "Gamma"), ("exponential(1)", "Exponential"), ("beta(2, 3)", "Beta"),
                     ("student_t(3)", "StudentT"), ("von_mises(0, 1)", "VonMises"), ("truncated_normal(0, 1, low: 0)", "TruncatedNormal"),
                     ("mixture(normal(0, 1), normal(2, 1))", "Mixture"), ("lognormal(0, 1)", "LogNormal"), ("uniform(0, 1)", "Uniform")]
        for (constructor, name) in cases {
            XCTAssertEqual(session.expectError("\(constructor).icdf(1.5)")?.message, "\(name).icdf: probability must be in [0, 1], got 1.5", constructor)
            XCTAssertEqual(session.expectError("\(constructor).icdf([0.5, -0.25])")?.message,
                           "\(name).icdf: probability must be in [0, 1], got -0.25 at index 1", constructor)
            XCTAssertEqual(session.expectError("\(constructor).icdf(nan)")?.message, "\(name).icdf: probability must be in [0, 1], got nan", constructor)
        }
        XCTAssertEqual(session.expectOutput("normal(0, 1).icdf([0, 1])").field("value"), .array([.string("-Infinity"), .string("Infinity")]))
        XCTAssertEqual(session.expectOutput("gamma(2).icdf([0, 1])").field("value"), .array([.number(0), .string("Infinity")]))
        XCTAssertEqual(session.expectOutput("beta(2, 3).icdf([0, 1])").field("value")?.numbers, [0, 1])
    }

    /// `log_prob` outside the support is −∞ (off the simplex too), `cdf` is 0 below and 1 above.
    func testOutsideTheSupportIsOnePolicy() {
        let session = Session()
        XCTAssertEqual(session.expectOutput("dirichlet([1,2,3]).log_prob([0.2, 0.3, 0.6])").field("value"), .string("-Infinity"))
        XCTAssertEqual(session.expectOutput("dirichlet([1,2,3]).log_prob([-0.2, 0.6, 0.6])").field("value"), .string("-Infinity"))
        // log Γ(6) − log Γ(2) − log Γ(3) + log 0.3 + 2 log 0.5, on the simplex.
        XCTAssertRelative(session.number("dirichlet([1,2,3]).log_prob([0.2, 0.3, 0.5])"), log(120.0 / 2) + log(0.3) + 2 * log(0.5), 1e-13)
        for constructor in ["gamma(2)", "exponential(1)", "chi2(3)", "lognormal(0, 1)", "beta(2, 3)", "uniform(0, 1)", "truncated_normal(0, 1, low: 0, high: 1)"] {
            XCTAssertEqual(session.expectOutput("\(constructor).log_prob(-1)").field("value"), .string("-Infinity"), constructor)
            XCTAssertEqual(session.expectOutput("\(constructor).cdf(-1)").field("value"), .number(0), constructor)
        }
        for constructor in ["beta(2, 3)", "uniform(0, 1)", "truncated_normal(0, 1, low: 0, high: 1)"] {
            XCTAssertEqual(session.expectOutput("\(constructor).log_prob(2)").field("value"), .string("-Infinity"), constructor)
            XCTAssertEqual(session.expectOutput("\(constructor).cdf(2)").field("value"), .number(1), constructor)
        }
        // The bound that moves with a batched parameter: uniform([0, 1], [1, 3]) at 2 is outside the first, inside the second.
        XCTAssertEqual(session.expectOutput("uniform([0, 1], [1, 3]).log_prob(2)").field("value"), .array([.string("-Infinity"), .number(-log(2))]))
        XCTAssertEqual(session.expectOutput("uniform([0, 1], [1, 3]).cdf(2)").field("value")?.numbers, [1, 0.5])
    }

    /// The gradient of a `log_prob` that mixes inside and outside values is finite and exact inside.
    func testGradientThroughTheSupportPolicy() {
        let session = Session()
        _ = session.expectOutput("let g = gamma(3, 2)")
        let output = session.expectOutput("grad sum(g.log_prob([-1, 0.5]))")
        // d/dα [α log β + (α−1) log z − βz − log Γ(α)] at z = 0.5 is log 2 + log 0.5 − ψ(3); −1 adds nothing but −∞.
        XCTAssertEqual(output.field("value"), .string("-Infinity"))
        XCTAssertRelative(output.field("gradients")?["g.concentration"]?.number, log(2) + log(0.5) - (1.5 - 0.5772156649015329), 1e-12)
        XCTAssertRelative(output.field("gradients")?["g.rate"]?.number, 3 / 2 - 0.5, 1e-12)
    }

    /// The registrations no test ran: lognormal, laplace, cauchy, chi2, against closed forms at
    /// asymmetric parameters, positional and named, so swapping two parameters fails.
    func testRegistrationsAgainstClosedForms() {
        let session = Session()
        let (m, s, z) = (0.3, 0.7, 1.9)
        let lognormal = -log(z * s * sqrt(2 * Double.pi)) - pow(log(z) - m, 2) / (2 * s * s)
        let laplace = -log(2 * s) - abs(z - m) / s
        let cauchy = -log(Double.pi * s * (1 + pow((z - m) / s, 2)))
        for (constructor, expected) in [("lognormal", lognormal), ("laplace", laplace), ("cauchy", cauchy)] {
            XCTAssertRelative(session.number("\(constructor)(0.3, 0.7).log_prob(1.9)"), expected, 1e-13, constructor)
            XCTAssertRelative(session.number("\(constructor)(scale: 0.7, loc: 0.3).log_prob(1.9)"), expected, 1e-13, constructor)
        }
        XCTAssertRelative(session.number("lognormal(0.3, 0.7).mean"), exp(m + s * s / 2), 1e-13)
        XCTAssertRelative(session.number("laplace(0.3, 0.7).variance"), 2 * s * s, 1e-13)
        XCTAssertRelative(session.number("cauchy(0.3, 0.7).cdf(1.9)"), 0.5 + atan((z - m) / s) / Double.pi, 1e-13)
        // χ²(3) at 1.9: z^(k/2−1) e^(−z/2) / (2^(k/2) Γ(k/2)), Γ(3/2) = √π/2.
        XCTAssertRelative(session.number("chi2(3).log_prob(1.9)"), 0.5 * log(z) - z / 2 - 1.5 * log(2) - log(sqrt(Double.pi) / 2), 1e-13)
        XCTAssertRelative(session.number("chi2(df: 5).variance"), 10, 1e-15)
    }

    /// A parameter's constraint is the engine declaration's, so `fit` steps in its unconstrained space.
    func testParameterConstraintsComeFromTheEngine() {
        let session = Session()
        _ = session.expectOutput("let d = student_t(4, 0, 1)")
        let constraints = Dictionary(uniqueKeysWithValues: session.interpreter.parameters.map { ($0.name, $0.constraint) })
        XCTAssertEqual(constraints, ["d.df": StudentT.family.parameters[0].constraint, "d.loc": .real, "d.scale": .positive])
        _ = session.expectOutput("let m = mixture(normal(0, 1), normal(2, 1))")
        XCTAssertEqual(session.interpreter.parameters.first { $0.name == "m.weights" }?.constraint, .simplex)
        XCTAssertEqual(session.number("m.weights[1]"), 0.5)
    }

    /// `:help` lists every family of the engine's list, composites included, and nothing else.
    func testHelpListsTheEngineFamilies() {
        let text = Session().expectOutput(":help").text
        let line = text.components(separatedBy: "families:")[1].components(separatedBy: "methods:")[0]
        XCTAssertEqual(line.split(whereSeparator: \.isWhitespace).map(String.init), Family.all.map(\.constructor))
    }
}
