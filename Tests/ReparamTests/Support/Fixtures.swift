import Foundation
import XCTest

/// Reads a committed reference table from `Tests/ReparamTests/Fixtures`.
///
/// Format: one record per line, fields separated by tabs or spaces, `#` starts
/// a comment line. Numbers are parsed with full round-trip precision
/// (`inf`, `-inf` and `nan` allowed).
///
///     let rows = try fixture("gamma_cdf.tsv")   // [[a, x, P, dP/da], ...]
func fixture(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[Double]] {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
        XCTFail("missing fixture \(name)", file: file, line: line)
        return []
    }
    let text = try String(contentsOf: url, encoding: .utf8)
    var rows: [[Double]] = []
    for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let record = raw.trimmingCharacters(in: .whitespaces)
        if record.isEmpty || record.hasPrefix("#") { continue }
        let fields = record.split(whereSeparator: { $0 == "\t" || $0 == " " })
        let values = fields.compactMap { Double($0) }
        guard values.count == fields.count else {
            XCTFail("\(name):\(number + 1): not all fields are numbers: \(record)", file: file, line: line)
            continue
        }
        rows.append(values)
    }
    return rows
}

/// |actual − expected| / |expected| (absolute error when expected is 0).
func relativeError(_ actual: Double, _ expected: Double) -> Double {
    if actual == expected { return 0 }
    if expected == 0 { return abs(actual) }
    return abs(actual - expected) / abs(expected)
}

/// Asserts `actual` is within `tolerance` relative error of `expected`.
func assertRelative(_ actual: Double, _ expected: Double, _ tolerance: Double, _ message: @autoclosure () -> String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
    let error = relativeError(actual, expected)
    XCTAssert(error <= tolerance, "\(message()) got \(actual), expected \(expected), relative error \(error) > \(tolerance)",
              file: file, line: line)
}
