import XCTest
import Reparam
@testable import ReparamLanguage

/// Every family of the engine's list, as the language offers it: its example runs as typed,
/// `?name` and the JSON description come from the declaration, Tab completes the constructor and,
/// after `d.`, exactly the methods the family declares.
final class FamilyLanguageConformanceTests: XCTestCase {
    func testEveryFamilyIsOfferedFromItsDeclaration() {
        for family in Family.all {
            let session = Session(seed: 3)
            let name = family.constructor
            // The example runs as typed and binds a distribution of the family.
            let binding = session.expectOutput("let d = \(family.example)")
            XCTAssertEqual(binding.kind, .binding, name)
            guard case let .object(value)? = binding.field("value") else { XCTFail("\(name): no value"); continue }
            XCTAssertEqual(value.first { $0.0 == "family" }?.1, .string(family.name), name)

            // ?name: the declaration's signature, summary, formula and every parameter with its constraint.
            let help = session.expectOutput("?\(name)")
            XCTAssert(help.text.hasPrefix(family.signature + "\n" + family.summary + "\n"), "\(name): \(help.text)")
            XCTAssert(help.text.contains(family.formula), name)
            for p in family.parameters { XCTAssert(help.text.contains("\(p.name)  ") && help.text.contains(p.meaning), "\(name): \(p.name)") }
            XCTAssertEqual(session.expectOutput("?d").text, help.text, name)
            guard case let .object(description)? = help.field("family") else { XCTFail("\(name): no JSON description"); continue }
            XCTAssertEqual(description.first { $0.0 == "constructor" }?.1, .string(name))
            XCTAssertEqual(description.first { $0.0 == "parameters" }?.1, .array(family.parameters.map { p in
                var fields: [(String, JSON)] = [("name", .string(p.name)), ("constraint", .string(p.constraint.description))]
                switch p.defaultValue {
                case let .value(x)?: fields.append(("default", .number(x)))
                case .equalWeights?: fields.append(("default", .string("equal")))
                case nil: fields.append(("default", .null))
                }
                fields.append(("meaning", .string(p.meaning)))
                if let other = p.alternativeTo { fields.append(("instead_of", .string(other))) }
                return .object(fields)
            }), name)

            // Tab: the constructor from a prefix; after `d.` the declared methods, the properties and the parameters in use.
            XCTAssert(session.completions(for: String(name.prefix(3))).contains(name + "("), name)
            let members = session.completions(for: "d.")
            let declared = ["sample", "rsample", "log_prob"] + [("cdf", Family.Methods.cdf), ("icdf", .icdf), ("entropy", .entropy)]
                .filter { family.methods.contains($0.1) }.map(\.0)
            for method in ["sample", "rsample", "log_prob", "cdf", "icdf", "entropy"] {
                XCTAssertEqual(members.contains("d.\(method)("), declared.contains(method), "\(name): d.\(method)(")
            }
            XCTAssert(members.contains("d.mean") && members.contains("d.support"), name)

            // A method it does not declare says so, and the session keeps d.
            for method in ["cdf", "icdf"] where !family.methods.contains(method == "cdf" ? .cdf : .icdf) {
                XCTAssert(session.expectError("d.\(method)(0.5)")?.message.contains("has no") ?? false, "\(name).\(method)")
            }
            if !family.methods.contains(.entropy) {
                XCTAssertNotNil(session.expectError("d.entropy()"), name)
            }
            // A discrete family has no path: its rsample explains why and names what works instead.
            if family.route == .fixed(.none) {
                XCTAssert(session.expectError("d.rsample(2)")?.message.contains("has no rsample: its draws are integers") ?? false, name)
                XCTAssertEqual(session.expectOutput("d.sample(2)").kind, .value, name)
            } else {
                XCTAssertEqual(session.expectOutput("d.rsample(2)").kind, .value, name)
            }
        }
    }
}
