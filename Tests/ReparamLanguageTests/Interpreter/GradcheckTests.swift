import XCTest
@testable import ReparamLanguage

/// gradcheck draws by inversion (z = F⁻¹(u; θ), the same u at θ ± h), so for
/// families sampled by rejection the finite difference of the Monte-Carlo
/// average is smooth and agrees with the implicit pathwise gradient.
final class GradcheckTests: XCTestCase {
    private func worstError(_ lines: [String]) throws -> Double {
        let session = Session(seed: 11)
        var last: Output?
        for line in lines { last = session.run(line).last }
        let output = try XCTUnwrap(last)
        XCTAssertEqual(output.kind, .gradcheck, output.text)
        guard case let .number(worst)? = output.fields.first(where: { $0.0 == "max_relative_error" })?.1 else {
            XCTFail("no max_relative_error in \(output.fields.map(\.0))")
            return .nan
        }
        return worst
    }

    func testImplicitFamiliesAgreeWithFiniteDifferences() throws {
        let cases: [[String]] = [
            ["let g = gamma(2, rate: 3)", "gradcheck mean(g.rsample(3000)^2)"],
            ["let d = dirichlet([1, 2, 3])", "gradcheck mean(d.rsample(2000)[:, 0]^2)"],
            ["let v = von_mises(0.5, 2)", "gradcheck mean(cos(v.rsample(2000)))"],
            ["let b = beta(2, 0.5)", "gradcheck mean(b.rsample(2000)^3)"],
            ["let t = student_t(3)", "gradcheck mean(abs(t.rsample(2000)))"],
        ]
        for lines in cases {
            XCTAssertLessThan(try worstError(lines), 1e-6, lines.joined(separator: "; "))
        }
    }
}

/// Inline distributions, products, truncations and diagonal mixtures: the
/// finite difference moves the same parameters the pathwise gradient reports.
final class GradcheckCompositeTests: XCTestCase {
    private func check(_ lines: [String], seed: UInt64 = 11) throws -> Output {
        let session = Session(seed: seed)
        var last: Output?
        for line in lines { last = session.run(line).last }
        let output = try XCTUnwrap(last)
        XCTAssertEqual(output.kind, .gradcheck, output.text)
        return output
    }

    private func rows(_ output: Output) -> [String: (pathwise: Double, difference: Double)] {
        guard case let .object(rows)? = output.field("parameters") else { return [:] }
        var result: [String: (Double, Double)] = [:]
        for (name, row) in rows {
            guard case let .object(fields) = row else { continue }
            let value = { (key: String) in fields.first { $0.0 == key }?.1.number ?? .nan }
            result[name] = (value("pathwise"), value("finite_difference"))
        }
        return result
    }

    /// ?gradcheck's example: E[z²] = μ² + σ², so d/dμ = 2μ = 2 and d/dσ = 2σ = 4 (up to Monte-Carlo noise).
    func testInlineDistributionKeepsItsParameters() throws {
        let output = try check(["gradcheck mean(normal(1, 2).rsample(10000)^2)"])
        XCTAssertLessThan(output.field("max_relative_error")?.number ?? 1, 1e-6, output.text)
        let found = rows(output)
        XCTAssertRelative(found["normal.loc"]?.difference, 2, 0.1, output.text)
        XCTAssertRelative(found["normal.scale"]?.difference, 4, 0.05, output.text)
    }

    /// factorized(normal(0, 1), gamma(2, 1)): E[mean(z²)] = (1 + α(α+1)/β²)/2, so d/dα = (2α+1)/(2β²) = 2.5
    /// and d/dβ = −α(α+1)/β³ = −6. The pathwise side matches these; the finite difference must too.
    func testFactorizedAgreesWithClosedForm() throws {
        let output = try check(["let f = factorized(normal(0, 1), gamma(2, 1))", "gradcheck mean(f.rsample(5000)^2)"])
        XCTAssertLessThan(output.field("max_relative_error")?.number ?? 1, 1e-6, output.text)
        let found = rows(output)
        XCTAssertRelative(found["f.components[1].concentration"]?.pathwise, 2.5, 0.1, output.text)
        XCTAssertRelative(found["f.components[1].rate"]?.pathwise, -6, 0.1, output.text)
    }

    /// A one-sided truncation has high = inf: that element is listed as not checked, the others agree.
    func testInfiniteBoundIsNotChecked() throws {
        let output = try check(["let t = truncated_normal(0, 1, low: 1)", "gradcheck mean(t.rsample(4000)^2)"])
        XCTAssertLessThan(output.field("max_relative_error")?.number ?? 1, 1e-6, output.text)
        XCTAssertEqual(output.field("unchecked"), .array([.string("t.high")]), output.text)
        XCTAssertNotNil(rows(output)["t.low"], output.text)
    }

    /// The weights of a diagonal mixture have a nonzero finite difference (the draw is the inverse
    /// sequential transform, not a component pick, which is piecewise constant in the weights)
    /// that agrees with Graves' implicit gradient (components of scale 1: with 0.5 a draw deep in the
    /// gap between the modes moves ~1/p(z) ≈ 10⁴ times as fast as θ and even the extrapolated
    /// difference is off by 1e-5 there). With π = w/Σw, E[z₀] = Σ πₖ locₖ₀ = 0.8 and
    /// dE[z₀]/dwₖ = locₖ₀ − 0.8: negative for the component at −2, positive for the one at 2.
    func testDiagonalMixtureWeightsAgree() throws {
        let output = try check(["let m = diagonal_mixture(normal([[-2, 0], [2, 1]], 1), weights: [0.3, 0.7])",
                                "gradcheck mean(m.rsample(1000)[:, 0])"])
        XCTAssertLessThan(output.field("max_relative_error")?.number ?? 1, 1e-6, output.text)
        let found = rows(output)
        XCTAssertLessThan(found["m.weights[0]"]?.difference ?? 0, -0.5, output.text)
        XCTAssertGreaterThan(found["m.weights[1]"]?.difference ?? 0, 0.2, output.text)
    }

    /// Ctrl-C between evaluations stops the check and says how far it got.
    func testInterruptStopsAndSaysSo() throws {
        let session = Session(seed: 3)
        _ = session.run("let g = gamma(2, 1)")
        let interruption = session.interruption
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { interruption.raise() }
        let output = session.run("gradcheck mean(g.rsample(20000)^2)")[0]
        XCTAssertEqual(output.field("interrupted"), .bool(true), output.text)
        XCTAssertTrue(output.text.contains("interrupted:"), output.text)
    }
}
