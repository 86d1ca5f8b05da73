import XCTest
@testable import Reparam

final class ExtremeDebugTests: XCTestCase {
    func testDebug() throws {
        for x in [1.075032832295571e-305, 1.1005780982933145e-305] {
            let p = incompleteBetaPieces(x: x, y: 1 - x, logX: log(x), logY: log1p(-x), a: 1000.0, b: 1e308)
            print("DBG \(x) \(regularizedBeta(x, 1000.0, 1e308)) lf=\(p.logFront) f=\(p.factor) c=\(p.isComplement) temme=\(usesLargeShapeExpansion(x: x, y: 1 - x, a: 1000, b: 1e308))")
            let q = incompleteBetaPieces(x: x * 1e3, y: 1 - x * 1e3, logX: log(x * 1e3), logY: log1p(-x * 1e3), a: 1000.0, b: 1e305)
            print("DBG305 \(x) \(regularizedBeta(x * 1e3, 1000.0, 1e305)) lf=\(q.logFront) f=\(q.factor) c=\(q.isComplement)")
        }
    }
}
