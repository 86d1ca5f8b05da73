import XCTest
@preconcurrency import SwiftGlibc   // stdout
@testable import ReparamTerminal

final class OutputCaptureTests: XCTestCase {
    func testCatchesStdoutAndStderrLineByLineAndRestoresThem() throws {
        let originalOutput = try XCTUnwrap(fdStat(STDOUT_FILENO))
        let capture = try XCTUnwrap(OutputCapture())
        print("from print")
        fflush(stdout)   // stdout and stderr share the pipe; the buffered print goes in first
        FileHandle.standardError.write(Data("from stderr\n".utf8))
        FileHandle.standardError.write(Data("partial".utf8))
        let lines = capture.takeLines()
        FileHandle.standardError.write(Data(" line\n".utf8))
        let later = capture.takeLines()
        capture.stop()
        XCTAssertEqual(lines, ["from print", "from stderr"])
        XCTAssertEqual(later, ["partial line"])
        XCTAssertEqual(fdStat(STDOUT_FILENO)?.st_ino, originalOutput.st_ino)
        XCTAssertEqual(fdStat(STDOUT_FILENO)?.st_dev, originalOutput.st_dev)
    }

    private func fdStat(_ descriptor: Int32) -> stat? {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? status : nil
    }
}
