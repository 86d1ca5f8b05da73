import XCTest
@testable import ReparamLanguage

extension Session {
    /// Runs one line and returns its single output, failing the test on an error.
    func expectOutput(_ line: String, file: StaticString = #filePath, line number: UInt = #line) -> Output {
        let outputs = run(line)
        XCTAssertEqual(outputs.count, 1, file: file, line: number)
        if let diagnostic = outputs.first?.diagnostic {
            XCTFail("\(line): \(diagnostic.rendered)", file: file, line: number)
        }
        return outputs[0]
    }

    /// Runs one line that must fail and returns its diagnostic.
    func expectError(_ line: String, file: StaticString = #filePath, line number: UInt = #line) -> Diagnostic? {
        let output = run(line)[0]
        XCTAssertEqual(output.kind, .error, "\(line) did not fail: \(output.text)", file: file, line: number)
        return output.diagnostic
    }

    /// The scalar value of a line.
    func number(_ line: String, file: StaticString = #filePath, line number: UInt = #line) -> Double? {
        let output = expectOutput(line, file: file, line: number)
        guard case let .number(value)? = output.fields.first(where: { $0.0 == "value" })?.1 else {
            XCTFail("\(line) is not a number: \(output.text)", file: file, line: number)
            return nil
        }
        return value
    }
}

/// The live pictures `lines` draw, run in a fresh session with pictures on at width × height.
func pictureFrames(of lines: [String], width: Int, height: Int, seed: UInt64 = 3) -> [[String]] {
    let session = Session(seed: seed)
    session.plotStyle.width = width
    session.plotStyle.height = height
    session.progressPictures = true
    var frames: [[String]] = []
    session.onProgress = { if let plot = $0.plot { frames.append(plot) } }
    for line in lines { _ = session.expectOutput(line) }
    return frames
}

/// |a − b| ≤ tolerance·max(|b|, tiny).
func XCTAssertRelative(_ a: Double?, _ b: Double, _ tolerance: Double, _ message: String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
    guard let a else { return XCTFail("no value \(message)", file: file, line: line) }
    let error = abs(a - b) / max(abs(b), 1e-300)
    XCTAssert(error <= tolerance, "\(a) vs \(b): relative error \(error) > \(tolerance) \(message)", file: file, line: line)
}

extension JSON {
    var number: Double? { if case let .number(value) = self { return value }; return nil }
    var numbers: [Double]? {
        if case let .array(items) = self { return items.compactMap(\.number) }
        return number.map { [$0] }
    }
}

extension Output {
    func field(_ name: String) -> JSON? { fields.first(where: { $0.0 == name })?.1 }
}
