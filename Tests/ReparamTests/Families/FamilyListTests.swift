import Foundation
import XCTest
@testable import Reparam

/// `Family.all` is the one list: every distribution type in `Sources/Reparam/Distributions` is in
/// it (a family added and not listed fails here), and no family bypasses the validating front by
/// defining the public methods itself.
final class FamilyListTests: XCTestCase {
    static let distributionsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Reparam/Distributions")

    /// Every Swift file under `Sources/Reparam/Distributions`, by path.
    static func sources() throws -> [(path: String, text: String)] {
        let files = FileManager.default.enumerator(at: distributionsFolder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }
    }

    /// The concrete types (structs, classes) conforming to `Distribution`, directly or through a protocol
    /// that refines it, in the given source texts.
    static func distributionTypes(in texts: [String]) -> Set<String> {
        let all = texts.joined(separator: "\n")
        func matches(_ pattern: String) -> [(name: String, conformances: [String])] {
            let regex = try? NSRegularExpression(pattern: pattern)
            let range = NSRange(all.startIndex..., in: all)
            return (regex?.matches(in: all, range: range) ?? []).compactMap { match in
                guard let name = Range(match.range(at: 1), in: all), let list = Range(match.range(at: 2), in: all) else { return nil }
                return (String(all[name]), all[list].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
            }
        }
        var refining: Set<String> = ["Distribution"]
        let protocols = matches(#"protocol\s+(\w+)\s*:\s*([^{]+)\{"#)
        var grew = true
        while grew {
            grew = false
            for p in protocols where !refining.contains(p.name) && p.conformances.contains(where: refining.contains) {
                refining.insert(p.name)
                grew = true
            }
        }
        return Set(matches(#"(?:struct|class)\s+(\w+)\s*:\s*([^{]+)\{"#).filter { $0.conformances.contains(where: refining.contains) }.map(\.name))
    }

    /// Distribution types the language cannot name yet, each with the reason; every other type
    /// must be in `Family.all`.
    static let engineOnly: [String: String] = [:]

    /// The types `Family.all` builds (from each declaration's example).
    static func listedTypes() throws -> Set<String> {
        Set(try Family.all.compactMap { family in
            try FamilyExample.of(family, batched: false).map { String(describing: type(of: try $0.distribution)) }
        })
    }

    func testEveryDistributionTypeIsListed() throws {
        let found = Self.distributionTypes(in: try Self.sources().map(\.text))
        XCTAssertGreaterThanOrEqual(found.count, 19, "the scan found too few types: \(found.sorted())")
        let listed = try Self.listedTypes()
        for name in found.subtracting(listed).subtracting(Self.engineOnly.keys).sorted() {
            XCTFail("\(name) conforms to Distribution but is not in Family.all: add `\(name).family` to Sources/Reparam/Families/FamilyList.swift")
        }
        XCTAssertEqual(Family.all.count, Set(Family.all.map(\.constructor)).count, "two families share a constructor")
    }

    /// The scan itself: a family written and not listed is found.
    func testAnUnlistedFamilyIsFound() throws {
        let source = """
            public protocol Shaped: UnivariateCDFFamily { }
            public struct UnlistedOne: UnivariateCDFFamily {
            }
            struct UnlistedTwo: Equatable, Shaped {
            }
            struct Helper: Equatable {
            }
            """
        let found = Self.distributionTypes(in: try Self.sources().map(\.text) + [source])
        XCTAssertEqual(found.subtracting(try Self.listedTypes()).subtracting(Self.engineOnly.keys), ["UnlistedOne", "UnlistedTwo"])
    }

    /// A family that defined `logProb`, `cdf`, `icdf`, `rsample`, `sample` or `entropy` itself would
    /// shadow the validating front; bodies are `computeLogProb` and so on.
    func testNoFamilyBypassesTheFront() throws {
        let pattern = #"func\s+(logProb|cdf|icdf|entropy)\s*\(\s*(_ \w+: Tensor)?\s*\)|func\s+r?sample\(_ sampleShape: \[Int\], using stream: inout RandomStream\)"#
        let regex = try NSRegularExpression(pattern: pattern)
        for (path, text) in try Self.sources() where path != "Distribution.swift" {
            let hits = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
            for hit in hits {
                XCTFail("\(path) defines '\(Range(hit.range, in: text).map { text[$0] } ?? "")'; name the body compute… so the front validates first")
            }
        }
    }
}
