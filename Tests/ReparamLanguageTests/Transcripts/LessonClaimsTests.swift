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
}
