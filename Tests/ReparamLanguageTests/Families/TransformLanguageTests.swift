import Foundation
import XCTest
import Reparam
@testable import ReparamLanguage

/// `transform(d, by)` in the language: bijection values, the lognormal and Weibull identities held
/// exactly, decreasing maps against closed forms, errors that name the rule and keep the session,
/// gradients, help, completion and the histogram's density, and compositions with `truncated`.
final class TransformLanguageTests: XCTestCase {
    private func numbers(_ session: Session, _ line: String, file: StaticString = #filePath, line number: UInt = #line) -> [Double] {
        session.expectOutput(line, file: file, line: number).field("value")?.numbers ?? []
    }

    private func gradients(_ output: Output) -> [String: [Double]] {
        guard case let .object(fields)? = output.field("gradients") else { return [:] }
        return Dictionary(uniqueKeysWithValues: fields.map { ($0.0, $0.1.numbers ?? []) })
    }

    /// transform(normal(μ, σ), exp) and lognormal(μ, σ) agree bit for bit: log_prob, cdf, icdf, mean,
    /// variance, entropy, draws from the same seed and the gradient of their mean.
    func testLogNormalIdentityHoldsExactly() {
        let session = Session(seed: 7)
        _ = session.expectOutput("let t = transform(normal(0.3, 0.8), exp)")
        _ = session.expectOutput("let l = lognormal(0.3, 0.8)")
        for method in ["log_prob([0.01, 0.5, 1, 3, 40])", "cdf([0.01, 0.5, 1, 3, 40])", "icdf([1e-9, 0.2, 0.5, 0.97])"] {
            XCTAssertEqual(numbers(session, "t.\(method)"), numbers(session, "l.\(method)"), method)
        }
        for property in ["mean", "variance", "entropy()"] {
            XCTAssertEqual(numbers(session, "t.\(property)"), numbers(session, "l.\(property)"), property)
        }
        _ = session.expectOutput("seed 4")
        let transformed = session.expectOutput("grad mean(t.rsample(1000)^2)")
        _ = session.expectOutput("seed 4")
        let direct = session.expectOutput("grad mean(l.rsample(1000)^2)")
        XCTAssertEqual(transformed.field("value")?.number, direct.field("value")?.number)
        let (a, b) = (gradients(transformed), gradients(direct))
        XCTAssertEqual(a["t.components[0].loc"], b["l.loc"])
        XCTAssertEqual(a["t.components[0].scale"], b["l.scale"])
        XCTAssertNotNil(a["t.components[0].loc"])
    }

    /// exponential(1) through power(1/k) then affine(0, λ) is weibull(λ, k): log_prob, cdf, icdf to
    /// a few ulps; the mean and entropy (quadrature) to 1e-12. normal through sigmoid is logit_normal.
    func testWeibullAndLogitNormalIdentities() {
        let session = Session(seed: 8)
        _ = session.expectOutput("let w = transform(exponential(1), compose(affine(0, 1.7), power(0.4)))")
        _ = session.expectOutput("let v = weibull(1.7, 2.5)")
        for method in ["log_prob([0.05, 0.9, 1.7, 4])", "cdf([0.05, 0.9, 1.7, 4])", "icdf([1e-8, 0.3, 0.99])", "mean", "entropy()"] {
            for (x, y) in zip(numbers(session, "w.\(method)"), numbers(session, "v.\(method)")) {
                XCTAssertRelative(x, y, method.hasPrefix("mean") || method.hasPrefix("entropy") ? 1e-12 : 1e-14, method)
            }
        }
        _ = session.expectOutput("let s = transform(normal(0.4, 1.3), sigmoid)")
        _ = session.expectOutput("let n = logit_normal(0.4, 1.3)")
        for method in ["log_prob([1e-6, 0.2, 0.7, 0.999])", "cdf([1e-6, 0.2, 0.7, 0.999])", "icdf([0.01, 0.5, 0.9])"] {
            for (x, y) in zip(numbers(session, "s.\(method)"), numbers(session, "n.\(method)")) { XCTAssertRelative(x, y, 1e-13, method) }
        }
    }

    /// A decreasing affine map reflects the CDF: Y = 10 − 4X with X ~ Beta(2, 5), whose CDF is
    /// I_x(2, 5) = 1 − (1 − x)⁶ − 6x(1 − x)⁵, so F_Y(y) = 1 − I_{(10−y)/4}(2, 5); at y = 8,
    /// x = 1/2 and F_Y = 1 − 57/64 = 7/64. Support [6, 10], mean 10 − 8/7, variance 16·10/(49·8).
    func testDecreasingAffineReflectsTheCDF() {
        let session = Session(seed: 9)
        _ = session.expectOutput("let d = transform(beta(2, 5), affine(10, -4))")
        func beta(_ x: Double) -> Double { 1 - pow(1 - x, 6) - 6 * x * pow(1 - x, 5) }
        let ys = [6.2, 7, 8, 9.5]
        for (got, y) in zip(numbers(session, "d.cdf([6.2, 7, 8, 9.5])"), ys) { XCTAssertRelative(got, 1 - beta((10 - y) / 4), 1e-13, "cdf at \(y)") }
        XCTAssertEqual(numbers(session, "d.cdf([5, 11])"), [0, 1])
        XCTAssertEqual(numbers(session, "d.log_prob([5.9, 10.1])"), [-.infinity, -.infinity])
        XCTAssertRelative(session.number("d.icdf(7/64)"), 8, 1e-14)
        XCTAssertRelative(session.number("d.mean"), 10 - 8.0 / 7, 1e-15)
        XCTAssertRelative(session.number("d.variance"), 160.0 / 392, 1e-15)
        XCTAssertEqual(session.expectOutput("d.support").field("value"), .string("the interval [6.0, 10.0]"))
        // A batch whose maps point both ways: Φ(0.5) from each side.
        let both = numbers(session, "transform(normal(0, 1), affine(0, [1, -1])).cdf(0.5)")
        XCTAssertEqual(both.count, 2)
        for value in both { XCTAssertRelative(value, 0.5 * erfc(-0.5 / 2.0.squareRoot()), 1e-15) }
    }

    /// Closed-form moments through exp of a Normal then an affine map: Y = 2 + 3e^X, X ~ N(1, 0.5²):
    /// E Y = 2 + 3e^{1.125}, Var Y = 9(e^{0.25} − 1)e^{2.25}; H(Y) = H(X) + E X + log 3.
    func testClosedFormMoments() {
        let session = Session(seed: 10)
        _ = session.expectOutput("let d = transform(normal(1, 0.5), compose(affine(2, 3), exp))")
        XCTAssertRelative(session.number("d.mean"), 2 + 3 * exp(1.125), 1e-15)
        XCTAssertRelative(session.number("d.variance"), 9 * expm1(0.25) * exp(2.25), 1e-15)
        XCTAssertRelative(session.number("d.entropy()"), 0.5 * log(2 * Double.pi * M_E * 0.25) + 1 + log(3), 1e-15)
    }

    /// Bijections are values: callable, named by let, shown as typed.
    func testBijectionsAreValues() {
        let session = Session(seed: 11)
        XCTAssertEqual(session.number("affine(1, 2)(3)"), 7)
        XCTAssertEqual(session.number("power(0.5)(16)"), 4)
        XCTAssertEqual(session.number("compose(exp, affine(0, 2))(1)"), exp(2.0))
        XCTAssertEqual(session.expectOutput("let b = compose(exp, affine(1, 2))").text, "b = compose(exp, affine(1, 2))")
        let bound = session.expectOutput("let t = transform(normal(0, 1), b)")
        XCTAssertEqual(bound.text, "t = Transformed(Normal(loc: 0, scale: 1) by compose(exp, affine(1, 2)))")
        // JSON: the maps in the order they apply, their parameters beside the base's.
        guard case let .object(value)? = bound.field("value") else { return XCTFail("no value") }
        XCTAssertEqual(value.first { $0.0 == "maps" }?.1, .array([.string("affine"), .string("exp")]))
        XCTAssertEqual(value.first { $0.0 == "parameters" }?.1, .object([("affine_loc", .number(1)), ("affine_scale", .number(2))]))
        // d/d(loc) E[e^{loc + scale·z}] = E[y] and d/d(scale) = E[z y] = scale·E[y], for z ~ N(0, 1).
        let g = gradients(session.expectOutput("grad mean(t.rsample(200000))"))
        XCTAssertEqual(Set(g.keys), ["b.affine_loc", "b.affine_scale", "t.components[0].loc", "t.components[0].scale"])
        XCTAssertRelative(g["b.affine_loc"]?.first, exp(3.0), 0.05)
        XCTAssertRelative(g["b.affine_scale"]?.first, 2 * exp(3.0), 0.1)
    }

    /// A map's computed parameter follows what it is computed from: after minimize moves s, a
    /// bijection bound as compose(exp, affine(0, 2 * s)) is rebuilt from the new s, so
    /// log b(1) − log b(0) = 2s still.
    func testComputedMapParametersFollowTheirInputs() {
        let session = Session(seed: 16)
        _ = session.expectOutput("let s = 1")
        _ = session.expectOutput("let b = compose(exp, affine(0, 2 * s))")
        let g = gradients(session.expectOutput("grad transform(normal(0, 1), b).mean"))
        XCTAssertRelative(g["s"]?.first, 4 * exp(2.0), 1e-12, "d/ds e^{(2s)²/2} = 4s e^{2s²}")
        let fit = session.expectOutput("minimize (transform(normal(0, 1), b).mean - 3)^2 steps 300 lr 0.05")
        XCTAssertLessThan(fit.field("loss")?.number ?? 1, 1e-8, fit.text)
        let moved = session.number("s") ?? .nan
        XCTAssertLessThan(moved, 0.95)
        XCTAssertRelative(session.number("log(b(1)) - log(b(0))"), 2 * moved, 1e-12)
    }

    /// Bad maps are errors that name the rule and point at the argument; the session keeps its variables.
    func testBadMapsAreClearErrorsAndKeepTheSession() {
        let session = Session(seed: 12)
        _ = session.expectOutput("let d = normal(0, 1)")
        let cases: [(String, String)] = [
            ("affine(0, 0)", "affine needs scale to be a nonzero finite number, got 0"),
            ("power(0)", "power needs exponent to be a nonzero finite number, got 0"),
            ("transform(d, power(0.5))", "transform: power is defined on x > 0 (xᵏ of a negative number is not a bijection), but the values it would "
                + "receive reach down to -inf; map them onto x > 0 first, e.g. compose(power(0.5), exp) applies exp, then power"),
            ("transform(uniform(-1, 1), power(2))", "transform: power is defined on x > 0 (xᵏ of a negative number is not a bijection), but the values it would "
                + "receive reach down to -1; map them onto x > 0 first, e.g. compose(power(0.5), exp) applies exp, then power"),
            ("transform(d, abs)", "transform needs a bijection (exp, sigmoid, softplus, tanh, affine(loc, scale), power(k) or compose(f, g)); abs is not one (it is not one-to-one)"),
            ("transform(d, x => 2 * x)", "transform needs a bijection (exp, sigmoid, softplus, tanh, affine(loc, scale), power(k) or compose(f, g)); a lambda's inverse and Jacobian are unknown to it"),
            ("transform(3, exp)", "transform needs a distribution first, then a bijection, e.g. transform(normal(0, 0.5), exp); this is a number"),
            ("transform(d)", "transform needs a bijection after the distribution (exp, sigmoid, softplus, tanh, affine(loc, scale), power(k), compose(f, g)), e.g. transform(normal(0, 0.5), exp)"),
            ("transform(poisson(3), exp)", "transform takes one continuous univariate distribution with a CDF; Poisson is discrete (the change of variables needs a density), e.g. transform(normal(0, 0.5), exp)"),
            ("compose(exp)", "compose needs two or more bijections, e.g. compose(exp, affine(0, 2)) (affine first, then exp)"),
            ("transform(student_t(2), exp).mean", "transform(…) has no finite mean that quadrature of its quantile function could find; if it exists, estimate it from draws, e.g. mean(transform(…).sample(100000))"),
        ]
        for (line, message) in cases {
            XCTAssertEqual(session.expectError(line)?.message, message, line)
        }
        XCTAssertEqual(session.expectError("affine(0, 0)")?.range.column, 11)
        XCTAssertEqual(session.number("d.mean"), 0)
    }

    /// The pathwise gradient of a transform agrees with gradcheck's finite differences, inline
    /// literals of the map included; `using implicit` gives the same gradient as the explicit route.
    func testGradcheckAndTheImplicitRoute() {
        let session = Session(seed: 13)
        let output = session.expectOutput("gradcheck mean(transform(gamma(2, 1), compose(affine(1, 2), power(0.5))).rsample(5000)^2)")
        XCTAssertLessThan(output.field("max_relative_error")?.number ?? 1, 1e-6, output.text)
        XCTAssert(output.text.contains("affine.scale") && output.text.contains("power.exponent"), output.text)
        _ = session.expectOutput("let t = transform(normal(0.2, 0.7), compose(affine(1, 2), sigmoid))")
        _ = session.expectOutput("seed 5")
        let explicit = gradients(session.expectOutput("grad mean(t.rsample(400)^2)"))
        _ = session.expectOutput("seed 5")
        let implicit = gradients(session.expectOutput("grad mean(t.rsample(400)^2) using implicit"))
        for (name, value) in explicit { XCTAssertRelative(implicit[name]?.first, value[0], 1e-10, name) }
    }

    /// truncated(transform(…)) and transform(truncated(…)): a Normal cut to z ≥ 0 through exp is
    /// a LogNormal cut to y ≥ 1, built three ways that must agree.
    func testTruncatedAndTransformCompose() {
        let session = Session(seed: 14)
        _ = session.expectOutput("let a = transform(truncated(normal(0, 1), low: 0), exp)")
        _ = session.expectOutput("let b = truncated(transform(normal(0, 1), exp), low: 1)")
        _ = session.expectOutput("let c = truncated(lognormal(0, 1), low: 1)")
        for method in ["log_prob([1.01, 1.5, 3, 20])", "cdf([1.01, 1.5, 3, 20])", "icdf([0.01, 0.5, 0.9])"] {
            let reference = numbers(session, "c.\(method)")
            for name in ["a", "b"] {
                for (x, y) in zip(numbers(session, "\(name).\(method)"), reference) { XCTAssertRelative(x, y, 1e-12, "\(name).\(method)") }
            }
        }
        // E[Y] for Y = e^Z, Z ~ N(0, 1) cut at 0: e^{1/2} Φ(1)/Φ(0)·… = 2 e^{1/2} Φ(1).
        let mean = 2 * exp(0.5) * 0.5 * erfc(-1 / 2.0.squareRoot())
        XCTAssertRelative(session.number("a.mean"), mean, 1e-9)
        XCTAssertRelative(session.number("b.mean"), mean, 1e-9)
        let gradcheck = session.expectOutput("gradcheck mean(b.rsample(4000))")
        XCTAssertLessThan(gradcheck.field("max_relative_error")?.number ?? 1, 1e-6, gradcheck.text)
    }

    /// ?transform and ?affine show the formula; Tab offers the maps where a bijection goes; hist
    /// draws the density over the draws with the exact mean.
    func testHelpCompletionAndHistogram() {
        let session = Session(seed: 15)
        let help = session.expectOutput("?transform").text
        XCTAssert(help.contains("log p_Y(y) = log p_X(f⁻¹(y)) − log|f′(f⁻¹(y))|") && help.contains("maps:"), help)
        XCTAssert(session.expectOutput("?affine").text.contains("y = loc + scale·x"))
        XCTAssertEqual(session.completions(for: "ex", line: "transform(normal(0, 1), ex"), ["exp"])
        XCTAssertEqual(session.completions(for: "a", line: "transform(normal(0, 1), compose(exp, a"), ["affine("])
        XCTAssertEqual(session.completions(for: "s", line: "let d = transform(normal(0, 1), s"), ["sigmoid", "softplus"])
        XCTAssert(session.completions(for: "ex", line: "ex").contains("exp("))
        let picture = session.expectOutput("hist transform(normal(0, 0.5), exp)").text
        XCTAssert(picture.contains("density") && picture.contains("(exact 1.13"), picture)
    }
}
