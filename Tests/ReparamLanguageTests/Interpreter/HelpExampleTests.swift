import XCTest
import Reparam
@testable import ReparamLanguage

/// Every example the help shows runs as typed.
///
/// A newcomer's first line is usually one copied from `?name`; an example that errors is the worst
/// first impression the tool can make. This walks every topic the help knows (each family, each
/// built-in function, each statement), takes its `example:` line, splits it at ` · ` into the
/// statements it shows, and runs them in order in a fresh session: none may answer an error.
final class HelpExampleTests: XCTestCase {
    /// The topics `?NAME` answers: the families, the built-in functions and the statements.
    private var topics: [String] {
        let session = Session(seed: 1)
        let names = Family.all.map(\.constructor) + session.interpreter.builtins.keys + Session.topics.keys
        return Array(Set(names)).sorted()
    }

    /// The statements of a help text's `example:` lines, in order.
    private func examples(in help: String) -> [String] {
        help.split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("example:") }
            .flatMap { $0.dropFirst("example:".count).components(separatedBy: " · ") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    func testEveryHelpExampleRuns() {
        var checked = 0
        var withoutExample: [String] = []
        for topic in topics {
            let session = Session(seed: 1)
            let help = session.expectOutput("?\(topic)").text
            let statements = examples(in: help)
            if statements.isEmpty { withoutExample.append(topic); continue }
            for statement in statements {
                for output in session.run(statement) where output.kind == .error {
                    XCTFail("?\(topic)'s example '\(statement)' fails: \(output.diagnostic?.rendered ?? output.text)")
                }
                checked += 1
            }
        }
        // The walk must reach the help, not pass vacuously: every family has an example, and so do
        // the statements that teach (grad, gradvar, gradcheck, fit, minimize).
        XCTAssertGreaterThan(checked, Family.all.count + 5)
        for topic in ["grad", "gradvar", "gradcheck", "fit", "minimize"] + Family.all.map(\.constructor) {
            XCTAssertFalse(withoutExample.contains(topic), "?\(topic) shows no example")
        }
    }
}
