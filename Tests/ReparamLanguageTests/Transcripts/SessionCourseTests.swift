import XCTest
@testable import ReparamLanguage

/// Every session shipped in `Sessions/` replays to its recorded output: the course is a test.
final class SessionCourseTests: XCTestCase {
    /// The repository's `Sessions/` folder, found from this file's path.
    static var sessionsFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sessions")
    }

    static func sessionFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: sessionsFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "reparam" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    func testEveryShippedSessionReplaysToItsRecordedOutput() throws {
        let files = try Self.sessionFiles()
        let numbers = Set(files.map { String($0.lastPathComponent.prefix(2)) })
        XCTAssertEqual(numbers.intersection((1...9).map { String(format: "%02d", $0) }).count, 9,
                       "the course's nine lessons are not all in \(Self.sessionsFolder.path): \(numbers.sorted())")
        for url in files {
            let file = try SessionFile.load(path: url.path)
            let differences = SessionCheck().check(file, name: url.lastPathComponent)
            XCTAssertEqual(differences, [], differences.map(\.description).joined(separator: "\n"))
        }
    }

    func testEveryLessonHasATitleAStoryAndRecordedOutput() throws {
        for url in try Self.sessionFiles() {
            let file = try SessionFile.load(path: url.path)
            XCTAssertNotNil(file.title, url.lastPathComponent)
            let comments = file.items.filter { if case .comment = $0 { return true } else { return false } }
            XCTAssertGreaterThanOrEqual(comments.count, 5, "\(url.lastPathComponent) tells no story")
            XCTAssert(file.steps.allSatisfy { !$0.output.isEmpty || $0.command.isEmpty },
                      "\(url.lastPathComponent) has a command without recorded output")
            XCTAssertEqual(file.steps.first?.command, "seed \(file.seed)", "\(url.lastPathComponent) should start by fixing its seed")
        }
    }

    /// The check can fail: a changed digit in a recorded output of a real lesson is caught at its line.
    func testAChangedNumberInALessonIsCaughtAtItsLine() throws {
        let url = Self.sessionsFolder.appendingPathComponent("01-explicit-normal.reparam")
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.hasPrefix("|") && $0.contains("d.scale") }) else {
            return XCTFail("lesson 1 has no d.scale gradient line")
        }
        let original = lines[index]
        lines[index] = original.replacingOccurrences(of: "d.scale  ", with: "d.scale  1")
        let file = try SessionFile.parse(lines.joined(separator: "\n"), name: "lesson1")
        let differences = SessionCheck().check(file, name: "lesson1")
        XCTAssertEqual(differences.count, 1)
        XCTAssertEqual(differences.first?.line, index + 1)
        XCTAssertEqual(differences.first?.recorded, lines[index])
        XCTAssertEqual(differences.first?.produced, original)
    }
}
