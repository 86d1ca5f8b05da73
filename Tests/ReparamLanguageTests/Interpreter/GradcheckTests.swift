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
