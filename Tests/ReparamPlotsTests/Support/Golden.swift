import Foundation
import XCTest

/// Compares rendered lines with `Golden/<name>.txt` (lines joined by newlines, one at the end).
///
/// With `REPARAM_UPDATE_GOLDEN=1` in the environment the file in the source tree is rewritten
/// instead, and the test fails so that an update is never mistaken for a passing run; without it
/// nothing is ever written.
func assertGolden(_ lines: [String], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let text = lines.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["REPARAM_UPDATE_GOLDEN"] == "1" {
        let directory = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Golden")
        do {
            try text.write(to: directory.appendingPathComponent("\(name).txt"), atomically: true, encoding: .utf8)
            XCTFail("updated golden \(name).txt (unset REPARAM_UPDATE_GOLDEN to compare)", file: file, line: line)
        } catch {
            XCTFail("cannot write golden \(name).txt: \(error)", file: file, line: line)
        }
        return
    }
    guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Golden"),
          let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("missing golden \(name).txt; run with REPARAM_UPDATE_GOLDEN=1 to create it", file: file, line: line)
        return
    }
    if expected != text {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        XCTFail("""
            \(name).txt differs at line \(first + 1)
            expected: \(first < expectedLines.count ? String(expectedLines[first]) : "<end>")
            actual:   \(first < actualLines.count ? String(actualLines[first]) : "<end>")
            full render:
            \(text)
            """, file: file, line: line)
    }
}

/// Checks the size contract every plot keeps: at most `height` lines, each at most `width`
/// visible characters (ANSI escapes excluded).
func assertFits(_ lines: [String], width: Int, height: Int, _ context: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertLessThanOrEqual(lines.count, height, "too many lines \(context)", file: file, line: line)
    for text in lines {
        XCTAssertLessThanOrEqual(visibleWidth(text), width, "line too wide \(context): \(text)", file: file, line: line)
    }
}

/// Characters shown on a terminal: the line without `ESC[…m` sequences.
func visibleWidth(_ text: String) -> Int {
    var count = 0
    var inEscape = false
    for character in text {
        if inEscape { if character == "m" { inEscape = false } ; continue }
        if character == "\u{1B}" { inEscape = true; continue }
        count += 1
    }
    return count
}
