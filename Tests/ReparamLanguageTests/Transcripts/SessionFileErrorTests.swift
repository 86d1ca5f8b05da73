import XCTest
@testable import ReparamLanguage

/// A corrupt or truncated session file gets an error naming the file, the line and what is wrong.
final class SessionFileErrorTests: XCTestCase {
    private func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> SessionFileError? {
        do {
            _ = try SessionFile.parse(text, name: "bad.reparam")
            XCTFail("parsed without an error:\n\(text)", file: file, line: line)
            return nil
        } catch let error as SessionFileError {
            return error
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
            return nil
        }
    }

    private let head = "@reparam session 1\n"

    func testAnEmptyFile() {
        XCTAssertEqual(error("")?.description, "bad.reparam:1: the file is empty; a session starts with '@reparam session 1'")
    }

    func testAFileThatIsNotASession() {
        XCTAssertEqual(error("let a = 1\n@end\n")?.description,
                       "bad.reparam:1: not a reparam session: the first line should be '@reparam session 1', got 'let a = 1'")
    }

    func testAnotherVersion() {
        XCTAssertEqual(error("@reparam session 2\n@end\n")?.description,
                       "bad.reparam:1: this is '@reparam session 2'; this reparam reads '@reparam session 1'")
    }

    func testATruncatedFileNamesItsLastLine() {
        let text = head + "reparam> 1+1\n| 2\nreparam> hist x\n| 0.4 +\n|     |##"
        let failure = error(text)
        XCTAssertEqual(failure?.line, 6)
        XCTAssertEqual(failure?.message, "the session ends without '@end': the file was cut short (truncated?)")
    }

    func testOutputBeforeAnyCommand() {
        let failure = error(head + "# story\n| 2\n@end\n")
        XCTAssertEqual(failure?.line, 3)
        XCTAssertEqual(failure?.message, "output with no command before it; commands start with 'reparam> '")
    }

    func testALineThatIsNothingKnown() {
        let failure = error(head + "reparam> 1+1\n| 2\n2 + 2\n@end\n")
        XCTAssertEqual(failure?.line, 4)
        XCTAssertEqual(failure?.message, "'2 + 2' is not a command, an output or a comment (commands start with 'reparam> ', output lines with '| ' or '! ', comments with '#')")
    }

    func testTextAfterTheEnd() {
        let failure = error(head + "reparam> 1+1\n| 2\n@end\n\nreparam> 3\n")
        XCTAssertEqual(failure?.line, 6)
        XCTAssertEqual(failure?.message, "text after '@end' (the end of the session): 'reparam> 3'")
    }

    func testAnUnknownHeaderSuggestsTheClosest() {
        let failure = error(head + "@seeed 3\n@end\n")
        XCTAssertEqual(failure?.line, 2)
        XCTAssertEqual(failure?.message, "unknown header line '@seeed' (did you mean @seed?); known: @title, @seed, @plot, @precision, @end")
    }

    func testAHeaderAfterTheFirstCommand() {
        let failure = error(head + "reparam> 1\n| 1\n@seed 3\n@end\n")
        XCTAssertEqual(failure?.line, 4)
        XCTAssertEqual(failure?.message, "'@seed 3' is a header line; header lines come before the first command")
    }

    func testBadHeaderValues() {
        XCTAssertEqual(error(head + "@seed -1\n@end\n")?.message, "@seed needs a whole number from 0 up, e.g. '@seed 1'; got '-1'")
        XCTAssertEqual(error(head + "@precision 40\n@end\n")?.message,
                       "@precision needs a number of significant digits from 1 to 17, e.g. '@precision 6'; got '40'")
        XCTAssertEqual(error(head + "@plot 80 ascii\n@end\n")?.message,
                       "@plot needs WIDTHxHEIGHT and a character set (ascii, unicode or braille), e.g. '@plot 80x24 ascii'; got '80 ascii'")
        let midFile = error(head + "reparam> 1\n| 1\n@plot 80x24 sparkles\n@end\n")
        XCTAssertEqual(midFile?.line, 4)
        XCTAssertEqual(midFile?.message, "@plot needs WIDTHxHEIGHT and a character set (ascii, unicode or braille), e.g. '@plot 80x24 ascii'; got '80x24 sparkles'")
    }

    func testAFileOnDiskThatIsNotUTF8NamesTheLine() throws {
        let path = NSTemporaryDirectory() + "reparam-binary-\(getpid()).reparam"
        defer { unlink(path) }
        var bytes = Array((head + "reparam> 1\n").utf8)
        bytes += [0xFF, 0xFE, 0x0A]
        XCTAssert(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        XCTAssertThrowsError(try SessionFile.load(path: path)) { error in
            XCTAssertEqual(error as? SessionFileError, SessionFileError(file: path, line: 3, message: "not UTF-8 text (a binary or damaged file?)"))
        }
        XCTAssertThrowsError(try SessionFile.load(path: path + ".missing")) { error in
            XCTAssertEqual((error as? SessionFileError)?.message, "no such file")
        }
    }
}
