import Foundation
import XCTest
@testable import ReparamLanguage

/// 2,000 random statements from every family (`FamilyFuzzLines`, seed 1: the CI run; `scripts/fuzz N`
/// runs the binary on more): each is answered by exactly one output, none crashes, none takes long,
/// and the session is still usable after them.
final class FamilyFuzzTests: XCTestCase {
    func testGeneratedLinesAreEachAnsweredOnce() {
        let session = Session(seed: 1)
        var lines = FamilyFuzzLines(seed: 1)
        let count = ProcessInfo.processInfo.environment["REPARAM_FAMILY_FUZZ_LINES"].flatMap { Int($0) } ?? 2_000
        var kinds: [Output.Kind: Int] = [:]
        for _ in 0..<count {
            let line = lines.next()
            let start = Date()
            let outputs = session.run(line)
            XCTAssertEqual(outputs.count, 1, line)
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, "slow: \(line)")
            if let output = outputs.first {
                kinds[output.kind, default: 0] += 1
                if output.kind == .error { XCTAssertFalse(output.diagnostic?.message.isEmpty ?? true, line) }
            }
        }
        // The lines exercise both sides: answers and errors.
        XCTAssertGreaterThan(kinds[.value, default: 0], count / 10, "\(kinds)")
        XCTAssertGreaterThan(kinds[.error, default: 0], count / 10, "\(kinds)")
        XCTAssertEqual(session.run("1 + 1").first?.kind, .value)
    }

    /// The generator is deterministic and reaches every family.
    func testLinesReachEveryFamily() {
        var a = FamilyFuzzLines(seed: 7), b = FamilyFuzzLines(seed: 7)
        let first = (0..<2000).map { _ in a.next() }
        XCTAssertEqual(first, (0..<2000).map { _ in b.next() })
        for family in FamilyFuzzLines.families {
            XCTAssert(first.contains { $0.contains(family.constructor + "(") }, family.constructor)
        }
    }
}
