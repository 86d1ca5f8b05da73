import XCTest
@testable import Reparam

final class ScratchProbeTests: XCTestCase {
    func testProbe() throws {
        let (a, b, p) = (466997.53125, 0.3563615679740906, 0.9688708782196045)
        let yc = 4.0949079738397785e-06
        let tails = regularizedBetaTails(x: 1 - yc, complement: yc, a: a, b: b)
        print("F", tails.lower, tails.upper, "want lower", 1 - p, "upper", p)
        let root = try inverseRegularizedBeta(p: 1 - p, complement: p, a: a, b: b)
        print("R", root.x, root.complement, "want", yc)
        let back = regularizedBetaTails(x: root.x, complement: root.complement, a: a, b: b)
        print("B", back.lower, back.upper)
    }
}
