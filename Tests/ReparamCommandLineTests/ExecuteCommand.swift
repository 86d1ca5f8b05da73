import Foundation
import Synchronization
import XCTest

/// Runs a built executable of this package and compares what it printed and its exit status,
/// as swift-argument-parser's `AssertExecuteCommand` does: the command line tested at the
/// process boundary, not through the parser's API.
///
///     try assertExecute("reparam", ["--jsn"], stderr: "reparam: Unknown option …", status: 2)
///
/// `stdout`/`stderr` nil means "not compared"; the comparison is exact otherwise (trailing
/// newline trimmed).
func assertExecute(_ executable: String, _ arguments: [String], stdin: String = "",
                   stdout expectedOutput: String? = nil, stderr expectedError: String? = nil, status expectedStatus: Int32,
                   file: StaticString = #filePath, line: UInt = #line) throws {
    let result = try execute(executable, arguments, stdin: stdin)
    let command = ([executable] + arguments).joined(separator: " ")
    XCTAssertEqual(result.status, expectedStatus, "exit status of \(command)\nstderr: \(result.stderr)", file: file, line: line)
    if let expectedOutput {
        XCTAssertEqual(result.stdout, expectedOutput, "stdout of \(command)", file: file, line: line)
    }
    if let expectedError {
        XCTAssertEqual(result.stderr, expectedError, "stderr of \(command)", file: file, line: line)
    }
}

/// What a run of one of the package's executables printed, and its exit status.
func execute(_ executable: String, _ arguments: [String], stdin: String = "") throws -> (stdout: String, stderr: String, status: Int32) {
    let process = Process()
    process.executableURL = productsDirectory.appendingPathComponent(executable)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let input = Pipe(), output = Pipe(), error = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a long output cannot fill a pipe and stall.
    let errorData = ReadToEnd(error.fileHandleForReading)
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    func text(_ data: Data) -> String {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
    return (text(outputData), text(errorData.wait()), process.terminationStatus)
}

/// Reads a pipe to its end on a thread of its own.
private final class ReadToEnd: Sendable {
    private let data = Mutex<Data>(Data())
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            let read = handle.readDataToEndOfFile()
            data.withLock { $0 = read }
            done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data.withLock { $0 }
    }
}

/// The directory of the built products: the test bundle sits beside the executables.
private let productsDirectory: URL = {
    let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }
    if let bundle { return bundle.bundleURL.deletingLastPathComponent() }
    return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}()
