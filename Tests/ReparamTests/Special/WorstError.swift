import Foundation
@testable import Reparam

/// Tracks the largest relative error seen over a fixture, and where, for test reports.
struct WorstError {
    let name: String
    private(set) var error = 0.0
    private(set) var location = ""

    init(_ name: String) { self.name = name }

    /// Records |actual − expected|/|expected| (absolute when expected is 0) and returns it.
    @discardableResult
    mutating func record(_ actual: Double, _ expected: Double, at where_: @autoclosure () -> String) -> Double {
        let e = actual == expected ? 0 : (expected == 0 ? abs(actual) : abs(actual - expected) / abs(expected))
        if e > error || e.isNaN { error = e; location = where_() }
        return e
    }

    var summary: String { "\(name): worst relative error \(error) at \(location)" }
}
